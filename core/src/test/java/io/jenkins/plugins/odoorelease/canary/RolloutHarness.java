package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.FakePrometheus;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import io.jenkins.plugins.odoorelease.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A rollout against the mock cluster with a clock that only moves when the engine sleeps. Each sleep runs the
 * {@code beforeSleep} hooks, advances the clock, lets the mock cluster's controllers act, then runs the
 * {@code onSleep} hooks, so a test can change the world at the moment the engine waits for it.
 */
final class RolloutHarness implements AutoCloseable {

    static final String CANARY_LABEL = "shop-odoo-canary-8069@kubernetescrd";
    static final String STABLE_LABEL = "shop-odoo-8069@kubernetescrd";
    static final String HEALTH_PATH = "/api/v1/namespaces/shop/services/odoo-canary:8069/proxy/web/health";

    final MockCluster cluster;
    final MutableClock clock = new MutableClock(Instant.parse("2027-03-01T09:00:00Z"));
    final List<Runnable> beforeSleep = new CopyOnWriteArrayList<>();
    final List<Runnable> onSleep = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final FakePrometheus prometheus;
    final CanaryRollout engine;
    int sleeps;
    private final long created = System.nanoTime();

    RolloutHarness(String... traefikGroups) {
        cluster = new MockCluster(traefikGroups.length == 0 ? new String[] {"traefik.io"} : traefikGroups);
        prometheus = new FakePrometheus(FakePrometheus.traefik(CANARY_LABEL, healthy(), healthy()));
        cluster.server().expect().get().withPath(HEALTH_PATH).andReturn(200, java.util.Map.of("status", "pass")).always();
        engine = newEngine();
    }

    /** Returns another engine on the same cluster, clock and sleeper, as a rerun or a resumed build would have. */
    CanaryRollout newEngine() {
        return new CanaryRollout(clock, sleeper(), access -> cluster.openClient());
    }

    static FakePrometheus.Side healthy() {
        return new FakePrometheus.Side(600, 1, 0.35);
    }

    Sleeper sleeper() {
        return duration -> {
            if (Thread.interrupted()) {
                throw new InterruptedException("aborted");
            }
            sleeps++;
            for (Runnable hook : beforeSleep) {
                hook.run();
            }
            clock.advance(duration);
            cluster.reconcile();
            for (Runnable hook : onSleep) {
                hook.run();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("aborted");
            }
        };
    }

    EventSink events() {
        return new EventSink() {
            @Override
            public void log(LogLevel level, String message) {
                log.add(level + " " + message + " [" + (System.nanoTime() - created) / 1_000_000 + " ms]");
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        };
    }

    /** A request for the shop's Deployment with the plan as YAML, Prometheus configured and run id run-1. */
    CanaryRequest.Builder request(String planYaml) throws InvalidInputException {
        return CanaryRequest.builder()
                .namespace(MockCluster.NAMESPACE)
                .deployment("odoo")
                .service("odoo")
                .image(MockCluster.NEW_IMAGE)
                .traefikService(MockCluster.TRAEFIK_SERVICE)
                .kube(cluster.access())
                .prometheusUrl(prometheus.url())
                .runId("run-1")
                .plan(planYaml == null ? null : PlanParser.readTree(planYaml, "plan.yaml"), "plan.yaml");
    }

    StepReport run(CanaryRequest.Builder request) throws InvalidInputException, InfrastructureException {
        return engine.run(request.build(), events());
    }

    @Override
    public void close() {
        prometheus.close();
        cluster.close();
    }
}
