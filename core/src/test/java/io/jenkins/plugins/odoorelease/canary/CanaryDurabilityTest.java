package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.FakePrometheus;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resuming after a crash, aborting, replacing a live rollout and rollbacks that must be verified on the cluster. */
class CanaryDurabilityTest {

    private RolloutHarness harness;

    @BeforeEach
    void start() {
        harness = new RolloutHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /**
     * Stands for a JVM that dies: nothing after it runs, no finally block cleans the cluster. It is an Error, because
     * the engine rolls back after any exception once the rollout has started.
     */
    static final class Crash extends Error {

        private static final long serialVersionUID = 1L;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(StepReport report) {
        return (List<Map<String, Object>>) report.result().get("steps");
    }

    private String annotation(String key) {
        return harness.cluster.deployment("odoo-canary").getMetadata().getAnnotations().get(key);
    }

    @Test
    void resumeFromStepTwoAfterCrash() throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        harness.beforeSleep.add(() -> {
            if (!crashed.get() && harness.cluster.deployment("odoo-canary") != null
                    && "2".equals(annotation(CanaryMetadata.STEP))) {
                crashed.set(true);
                throw new Crash();
            }
        });
        assertThatThrownBy(() -> harness.run(harness.request(CanaryRolloutTest.PLAN))).isInstanceOf(Crash.class);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 90), Map.entry("odoo-canary", 10));
        String stepStarted = annotation(CanaryMetadata.STEP_STARTED);
        harness.clock.advance(java.time.Duration.ofMinutes(2));

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        assertThat(report.result().get("resumedFromStep")).isEqualTo(2);
        assertThat(steps(report)).extracting(step -> step.get("index")).containsExactly(2, 3, 4);
        assertThat(steps(report).get(0).get("startedAt")).isEqualTo(stepStarted);
        assertThat(report.findings(CanaryFindings.CANARY_RESUMED.code())).hasSize(1);
        assertThat(harness.log).anyMatch(line -> line.contains("Pausing 3 min at 10% canary traffic"));
        assertThat(harness.cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(MockCluster.NEW_IMAGE);
    }

    @Test
    void rerunOfAnotherBuildAdoptsLiveRollout() throws Exception {
        harness.beforeSleep.add(() -> {
            if (harness.cluster.deployment("odoo-canary") != null && "4".equals(annotation(CanaryMetadata.STEP))) {
                throw new Crash();
            }
        });
        assertThatThrownBy(() -> harness.run(harness.request(CanaryRolloutTest.PLAN))).isInstanceOf(Crash.class);
        harness.beforeSleep.clear();

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).runId("run-2"));

        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        assertThat(report.result().get("resumedFromStep")).isEqualTo(4);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
    }

    @Test
    void abortRollsBack() throws Exception {
        harness.onSleep.add(() -> {
            if (harness.cluster.weights().containsKey("odoo-canary")) {
                harness.engine.abort();
            }
        });

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.findings(CanaryFindings.CANARY_ABORTED.code())).hasSize(1);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void abortFromAnotherThreadDuringPause() throws Exception {
        String plan = """
                steps:
                  - weight: 20
                  - pause: 1h
                metrics:
                  - name: podRestarts
                """;
        CanaryRollout engine = new CanaryRollout(java.time.Clock.systemUTC(), io.jenkins.plugins.odoorelease.common.Sleeper.SYSTEM,
                access -> harness.cluster.openClient());
        Thread aborter = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!harness.cluster.weights().containsKey("odoo-canary") && System.nanoTime() < deadline) {
                harness.cluster.reconcile();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            engine.abort();
        });
        aborter.start();

        StepReport report = engine.run(harness.request(plan).build(), harness.events());
        aborter.join(10_000);

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
    }

    @Test
    void detachLeavesRolloutForNextRun() throws Exception {
        harness.onSleep.add(() -> {
            if (harness.cluster.deployment("odoo-canary") != null && "2".equals(annotation(CanaryMetadata.STEP))) {
                harness.engine.detach();
            }
        });

        StepReport detached = harness.run(harness.request(CanaryRolloutTest.PLAN));
        harness.onSleep.clear();
        CanaryRollout resumed = harness.newEngine();
        StepReport finished = resumed.run(harness.request(CanaryRolloutTest.PLAN).build(), harness.events());

        assertThat(detached.result().get("outcome")).isEqualTo("held");
        assertThat(detached.result().get("reason")).isEqualTo("detached at step 2");
        assertThat(detached.findings(CanaryFindings.CANARY_ROLLED_BACK.code())).isEmpty();
        assertThat(finished.result().get("outcome")).isEqualTo("promoted");
        assertThat(finished.result().get("resumedFromStep")).isEqualTo(2);
    }

    @Test
    void detachDuringRollbackLetsItFinish() throws Exception {
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, new FakePrometheus.Side(400, 40, 0.3),
                RolloutHarness.healthy()));
        EventSink logged = harness.events();
        EventSink detachOnRollback = new EventSink() {
            @Override
            public void log(LogLevel level, String message) {
                logged.log(level, message);
                if (message.startsWith("Rolling back:")) {
                    harness.engine.detach();
                }
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        };

        StepReport report = harness.engine.run(harness.request(CanaryRolloutTest.PLAN).build(), detachOnRollback);

        assertThat(harness.engine.detachRequested()).isTrue();
        assertThat(harness.engine.detached()).isFalse();
        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
    }

    @Test
    void resumedRunAfterRollbackChangesNothing() throws Exception {
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, new FakePrometheus.Side(400, 40, 0.3),
                RolloutHarness.healthy()));
        StepReport first = harness.run(harness.request(CanaryRolloutTest.PLAN));
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, RolloutHarness.healthy(),
                RolloutHarness.healthy()));
        harness.log.clear();

        CanaryRollout resumed = harness.newEngine();
        StepReport report = resumed.run(harness.request(CanaryRolloutTest.PLAN).build(), harness.events());

        assertThat(first.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat((String) report.result().get("reason")).startsWith("analysis failed at step 1");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(CanaryFindings.CANARY_RESUMED.code())).hasSize(1);
        assertThat(harness.log).noneMatch(line -> line.contains("Creating Deployment"));
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
    }

    @Test
    void resumedRunAfterPromotionChangesNothing() throws Exception {
        StepReport first = harness.run(harness.request(CanaryRolloutTest.PLAN));
        harness.log.clear();

        CanaryRollout resumed = harness.newEngine();
        StepReport report = resumed.run(harness.request(CanaryRolloutTest.PLAN).build(), harness.events());

        assertThat(first.result().get("outcome")).isEqualTo("promoted");
        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(harness.log).noneMatch(line -> line.contains("Creating Deployment"));
        assertThat(harness.cluster.traefikService().getMetadata().getAnnotations()).containsKey(CanaryMetadata.ENDED)
                .doesNotContainKey(CanaryMetadata.RUN);
    }

    @Test
    void supersededRunResumedLeavesNewerRolloutAlone() throws Exception {
        AtomicBoolean armed = new AtomicBoolean(true);
        harness.onSleep.add(() -> {
            if (armed.get() && harness.cluster.weights().containsKey("odoo-canary")) {
                throw new Crash();
            }
        });
        assertThatThrownBy(() -> harness.run(harness.request(CanaryRolloutTest.PLAN))).isInstanceOf(Crash.class);
        String newer = "registry.example/odoo:17.0-20260301";
        assertThatThrownBy(() -> harness.run(harness.request(CanaryRolloutTest.PLAN).image(newer).runId("run-2")))
                .isInstanceOf(Crash.class);
        armed.set(false);

        CanaryRollout resumed = harness.newEngine();
        StepReport report = resumed.run(harness.request(CanaryRolloutTest.PLAN).build(), harness.events());

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(annotation(CanaryMetadata.RUN)).isEqualTo("run-2");
        assertThat(annotation(CanaryMetadata.IMAGE)).isEqualTo(newer);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 90), Map.entry("odoo-canary", 10));
    }

    @Test
    void rollbackVerifiedByReadingWeightsBack() throws Exception {
        harness.prometheus.answers(io.jenkins.plugins.odoorelease.testing.FakePrometheus.traefik(RolloutHarness.CANARY_LABEL,
                new io.jenkins.plugins.odoorelease.testing.FakePrometheus.Side(400, 200, 0.3), RolloutHarness.healthy()));
        harness.onSleep.add(() -> {
            if (harness.cluster.weights().containsKey("odoo-canary")) {
                // From now on every read and write answers the object as it stands, with 10 % on the canary, as if
                // a GitOps controller put it back after each write.
                GenericKubernetesResource stuck = harness.cluster.traefikService();
                String path = "/apis/traefik.io/v1alpha1/namespaces/shop/traefikservices/odoo-weighted";
                harness.cluster.server().expect().get().withPath(path).andReturn(200, stuck).always();
                harness.cluster.server().expect().patch().withPath(path).andReturn(200, stuck).always();
                harness.onSleep.clear();
            }
        });

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("held");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(CanaryFindings.CANARY_WEIGHTS_MISMATCH.code())).hasSize(1);
        assertThat(harness.cluster.deployment("odoo-canary")).isNotNull();
        assertThat(harness.log).anyMatch(line -> line.contains("The canary was kept because traffic may still reach it"));
    }

    @Test
    void apiErrorMidRolloutRollsBack() throws Exception {
        String canaryPath = "/apis/apps/v1/namespaces/shop/deployments/odoo-canary";
        harness.onSleep.add(() -> {
            if (harness.cluster.weights().containsKey("odoo-canary")) {
                // From now on the API server rejects every change to the canary Deployment, as after an RBAC change;
                // reads and deletes still work. A 403 takes the same path as a 5xx, which the client first retries
                // with a backoff of several seconds.
                harness.cluster.server().expect().patch().withPath(canaryPath).andReturn(403, "deployments.apps is forbidden")
                        .always();
                harness.onSleep.clear();
            }
        });

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(CanaryFindings.CANARY_RUN_FAILED.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("annotating Deployment odoo-canary failed"));
        assertThat(report.findings(CanaryFindings.CANARY_ROLLED_BACK.code())).hasSize(1);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
        assertThat(harness.cluster.service("odoo-canary")).isNull();
    }

    @Test
    void unexpectedErrorMidRolloutRollsBack() throws Exception {
        harness.onSleep.add(() -> {
            if (harness.cluster.weights().containsKey("odoo-canary")) {
                throw new IllegalStateException("a bug in a metric source");
            }
        });

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.findings(CanaryFindings.CANARY_RUN_FAILED.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("IllegalStateException: a bug in a metric source"));
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
    }

    /** Puts the TraefikService back to the stable Service alone, as a GitOps controller that owns it would. */
    private void revertTraefikService() {
        harness.cluster.client().genericKubernetesResources(MockCluster.traefikServices("traefik.io")).inNamespace(MockCluster.NAMESPACE)
                .withName(MockCluster.TRAEFIK_SERVICE).edit(service -> {
                    service.setAdditionalProperty("spec", Map.of("weighted", Map.of("services", List.of(Map.of("name", "odoo",
                            "port", 8069, "weight", 1)))));
                    return service;
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"analysis", "promotion"})
    void weightsRevertedBehindRolloutRollBack(String before) throws Exception {
        String plan = """
                steps:
                  - weight: 10
                  - pause: 1m
                """ + (before.equals("analysis") ? "  - analysis: {}\n" : "") + """
                analysis: {interval: 1m, count: 2}
                metrics:
                  - name: podRestarts
                """;
        AtomicBoolean reverted = new AtomicBoolean();
        harness.onSleep.add(() -> {
            if (!reverted.get() && harness.cluster.weights().containsKey("odoo-canary")) {
                reverted.set(true);
                revertTraefikService();
            }
        });

        StepReport report = harness.run(harness.request(plan));

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.findings(CanaryFindings.CANARY_WEIGHTS_MISMATCH.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).startsWith("Before the " + before));
        assertThat(harness.cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(MockCluster.OLD_IMAGE);
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
    }

    @Test
    void anotherImageSupersedesLiveRollout() throws Exception {
        harness.onSleep.add(() -> {
            if (harness.cluster.weights().containsKey("odoo-canary")) {
                throw new Crash();
            }
        });
        assertThatThrownBy(() -> harness.run(harness.request(CanaryRolloutTest.PLAN))).isInstanceOf(Crash.class);
        harness.onSleep.clear();
        String newer = "registry.example/odoo:17.0-20260301";

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).image(newer).runId("run-2"));

        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        assertThat(report.findings(CanaryFindings.CANARY_SUPERSEDED.code())).hasSize(1);
        assertThat(harness.cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(newer);
    }

    @Test
    void brokenCanaryNeverGetsTraffic() throws Exception {
        harness.cluster.breakImage(MockCluster.NEW_IMAGE);

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).readyTimeout("1m"));

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.findings(CanaryFindings.CANARY_NOT_READY.code())).hasSize(1);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.log).noneMatch(line -> line.contains("Traffic now: odoo 90.0%"));
    }

    @Test
    void failedPromotionRevertsStableImage() throws Exception {
        harness.beforeSleep.add(() -> {
            if (harness.cluster.deployment("odoo-canary") != null
                    && "promoting".equals(annotation(CanaryMetadata.PHASE))) {
                harness.cluster.breakImage(MockCluster.NEW_IMAGE);
            }
        });

        StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).promoteTimeout("2m"));

        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.findings(CanaryFindings.CANARY_PROMOTION_FAILED.code())).hasSize(1);
        assertThat(harness.cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(MockCluster.OLD_IMAGE);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
    }

    @Test
    void foreignCanaryDeploymentRejected() throws Exception {
        var foreign = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(harness.cluster.deployment("odoo"))
                .editMetadata().withName("odoo-canary").withResourceVersion(null).withUid(null).endMetadata().build();
        harness.cluster.client().apps().deployments().inNamespace(MockCluster.NAMESPACE).resource(foreign).create();

        assertThatThrownBy(() -> harness.run(harness.request(CanaryRolloutTest.PLAN)))
                .isInstanceOf(io.jenkins.plugins.odoorelease.common.InvalidInputException.class)
                .hasMessageContaining("odoo-release did not create it");
        assertThat(harness.cluster.weights()).isEqualTo(new LinkedHashMap<>(Map.of("odoo", 1)));
    }
}
