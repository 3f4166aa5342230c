package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.kube.KubeAccess;
import io.jenkins.plugins.odoorelease.kube.KubeClients;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Releases a new image to a share of the traffic, watches what matters to a shop, and promotes it or rolls it back by
 * itself. The result map holds {@code outcome} ({@code promoted}, {@code rolledBack} or {@code held}), {@code steps}
 * (every step taken) and {@code analysis} (every measurement), with the keys docs/steps/odooCanary.md lists.
 *
 * <p>A run can be aborted from another thread with {@link #abort()}: the rollout stops between two actions or in a
 * wait, rolls back, and returns its report.
 */
public final class CanaryRollout {

    /** The Pipeline step name, also the report's step name. */
    public static final String STEP = "odooCanary";

    /** Opens Kubernetes clients; tests hand in one that talks to a mock API server. */
    @FunctionalInterface
    public interface KubeConnector {

        KubernetesClient open(KubeAccess access) throws InvalidInputException;
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final KubeConnector connector;
    private volatile Thread worker;
    private volatile boolean abortRequested;
    private volatile boolean detachRequested;
    private volatile boolean rollingBack;
    private volatile boolean waiting;
    private volatile boolean detached;

    public CanaryRollout(Clock clock, Sleeper sleeper) {
        this(clock, sleeper, KubeClients::open);
    }

    public CanaryRollout(Clock clock, Sleeper sleeper, KubeConnector connector) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.connector = connector;
    }

    /**
     * Aborts the running rollout: it stops at the next wait or between two actions and rolls back. Safe to call from
     * any thread, more than once, and before the run starts.
     */
    public void abort() {
        abortRequested = true;
        Thread running = worker;
        if (running != null && waiting && !rollingBack) {
            running.interrupt();
        }
    }

    /**
     * Wraps the sleeper so that an abort interrupts waits only. An interrupt during an API call would fail the call
     * half-way; between calls the rollout checks the abort flag instead.
     */
    private Sleeper abortableSleeper() {
        return duration -> {
            waiting = true;
            try {
                if ((abortRequested || detachRequested) && !rollingBack) {
                    throw new InterruptedException(detachRequested ? "detached" : "aborted");
                }
                sleeper.sleep(duration);
            } finally {
                waiting = false;
            }
        };
    }

    /**
     * Stops the running rollout at the next wait or between two actions without rolling back, and leaves its state on
     * the cluster for a later run to continue. A Jenkins controller that shuts down detaches, because the build resumes
     * after the restart. Once a rollback has started, the call no longer interrupts the thread, so the rollback finishes.
     */
    public void detach() {
        detachRequested = true;
        Thread running = worker;
        if (running != null && waiting && !rollingBack) {
            running.interrupt();
        }
    }

    /** Returns whether {@link #detach()} was called. */
    public boolean detachRequested() {
        return detachRequested;
    }

    /**
     * Returns whether the last {@link #run} stopped for a detach and left the rollout on the cluster for a later run. A
     * detach that comes during a rollback or a promotion lets it finish, and then this is false: the run ended.
     */
    public boolean detached() {
        return detached;
    }

    /** Returns whether {@link #abort()} was called. */
    public boolean abortRequested() {
        return abortRequested;
    }

    /**
     * Runs the rollout, or with {@code dryRun} prints what it would do.
     *
     * @throws InvalidInputException when the request does not fit the cluster: a missing Deployment, Service or
     *     TraefikService, a metric whose source rejects it
     * @throws InfrastructureException when the cluster cannot be reached before the rollout starts
     */
    public StepReport run(CanaryRequest request, EventSink events) throws InvalidInputException, InfrastructureException {
        CanaryReport report = new CanaryReport(request, clock.instant());
        worker = Thread.currentThread();
        rollingBack = false;
        detached = false;
        try {
            warnIfTag(request, report, events);
            if (gateRejects(request, report, events)) {
                return report.build(clock.instant());
            }
            if (request.kube() == null) {
                offlineDryRun(request, report, events);
                return report.build(clock.instant());
            }
            try (KubernetesClient client = connector.open(request.kube())) {
                runOnCluster(client, request, report, events);
            }
            return report.build(clock.instant());
        } finally {
            worker = null;
            if (!abortRequested) {
                Thread.interrupted();
            }
        }
    }

    /**
     * Warns when the image has no digest: the canary's pods and, after promotion, the stable ones pull the tag again,
     * so a tag moved during the rollout would put other code into production than the code that was measured.
     */
    private static void warnIfTag(CanaryRequest request, CanaryReport report, EventSink events) {
        if (request.image().contains("@sha256:")) {
            return;
        }
        report.finding(CanaryFindings.CANARY_IMAGE_BY_TAG, Severity.WARNING, request.image(), "The image " + request.image()
                + " is given by tag. A tag can be moved while the rollout runs, and then the promoted pods run other code than "
                + "the measured ones. Give the digest that odooBuildImage returns (REPOSITORY@sha256:...).");
        events.warning("The image " + request.image() + " is given by tag, not by digest.");
    }

    private static boolean gateRejects(CanaryRequest request, CanaryReport report, EventSink events) {
        MigrationPlanGate gate = request.migrationPlan();
        if (gate == null || gate.canarySafe()) {
            return false;
        }
        String changes = gate.describeChanges();
        if (request.allowSchemaChanges()) {
            report.finding(CanaryFindings.CANARY_SCHEMA_CHANGE, Severity.WARNING, request.deployment(), "The migration plan is not "
                    + "canary-safe (" + changes + "), but allowSchemaChanges lets the rollout start; old and new code share one schema.");
            events.warning("The migration plan is not canary-safe (" + changes + "); continuing because allowSchemaChanges is set.");
            return false;
        }
        report.finding(CanaryFindings.CANARY_SCHEMA_CHANGE, Severity.ERROR, request.deployment(), "The migration plan is not "
                + "canary-safe (" + changes + "): the old pods would run on a schema changed for the new code. Deploy without a canary "
                + "in a maintenance window, or set allowSchemaChanges if you know both versions work on the new schema.");
        report.outcome(Outcome.HELD, "the migration plan is not canary-safe");
        events.error("Refusing to start: the migration plan is not canary-safe (" + changes + ").");
        return true;
    }

    private static void offlineDryRun(CanaryRequest request, CanaryReport report, EventSink events) throws InvalidInputException {
        DryRunPlan.Snapshot snapshot = DryRunPlan.fromManifests(request.manifests(), request);
        String port = TraefikRouter.stablePort(snapshot.traefikService(), request.traefikService(), request.service());
        WeightSplit split = TraefikRouter.split(snapshot.traefikService());
        RolloutTarget target = RolloutTarget.of(request, snapshot.deployment(), snapshot.service(), port,
                snapshot.traefikService().getApiVersion(), split);
        report.traefik(target.traefikApiVersion(), split);
        dryRun(request, target, report, events, "the manifests");
    }

    private static void dryRun(CanaryRequest request, RolloutTarget target, CanaryReport report, EventSink events, String source)
            throws InvalidInputException {
        events.info("Dry run from " + source + ": nothing on the cluster changes.");
        for (DryRunPlan.Change change : DryRunPlan.changes(request, target)) {
            report.change(change);
            events.info("Would " + change.action() + " " + change.kind() + " " + change.name() + ": " + change.summary()
                    + (change.manifest().isEmpty() ? "" : "\n" + change.manifest().stripTrailing()));
        }
        for (Map<String, Object> entry : DryRunPlan.schedule(request.plan())) {
            report.schedule(entry);
            events.info("Schedule: step " + entry.get("index") + ", " + entry.get("step") + ", at the earliest "
                    + entry.get("startsAfter") + " after the start, canary at " + entry.get("weight") + "%.");
        }
        report.finding(CanaryFindings.CANARY_DRY_RUN, Severity.INFO, request.canaryName(), "Dry run: " + report.changeCount()
                + " changes and the schedule were printed; nothing on the cluster was changed.");
        report.outcome(Outcome.HELD, "dry run");
    }

    private void runOnCluster(KubernetesClient client, CanaryRequest request, CanaryReport report, EventSink events)
            throws InvalidInputException, InfrastructureException {
        Sleeper sleeper = abortableSleeper();
        RolloutCluster cluster = new RolloutCluster(client, request.namespace(), clock, sleeper, events);
        TraefikRouter router = TraefikRouter.discover(client, request.namespace(), request.traefikService());
        String traefikPort = router.stablePort(request.service());
        WeightSplit split = router.weights();
        report.traefik(router.apiVersion(), split);
        events.info("TraefikService " + request.traefikService() + " (" + router.apiVersion() + "): " + split.describe() + ".");
        RolloutTarget target = RolloutTarget.of(request, cluster.deployment(request.deployment()), cluster.service(request.service()),
                traefikPort, router.apiVersion(), split);
        if (request.dryRun()) {
            describeLiveRollout(request, cluster, events);
            dryRun(request, target, report, events, "the cluster");
            return;
        }
        Function<MetricType, MetricSource> sources = sources(request, cluster, target, traefikPort);
        AbortSignal signal = new AbortSignal() {
            @Override
            public void check() throws InterruptedException {
                if (abortRequested || detachRequested || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("aborted");
                }
            }

            @Override
            public boolean detached() {
                return detachRequested && !abortRequested;
            }

            @Override
            public void enterRollback() {
                rollingBack = true;
                Thread.interrupted();
            }
        };
        RolloutController controller = new RolloutController(request, cluster, router, target, sources, clock, sleeper, events, report,
                signal);
        if (!abortRequested) {
            controller.preflight();
        }
        controller.run();
        detached = controller.detached();
    }

    /** Returns the port of the live canary entry of the TraefikService, or the one the rollout writes when there is none. */
    private static String canaryPort(CanaryRequest request, RolloutTarget target) {
        for (WeightSplit.Entry entry : target.split().entries()) {
            if (entry.name().equals(request.canaryServiceName()) && "Service".equals(entry.kind())) {
                return entry.port();
            }
        }
        return target.servicePort();
    }

    /** Says what a real run would do with a rollout that is live now, since the dry run plans from the start. */
    private static void describeLiveRollout(CanaryRequest request, RolloutCluster cluster, EventSink events) throws InfrastructureException {
        io.fabric8.kubernetes.api.model.apps.Deployment live = cluster.deployment(request.canaryName());
        if (live == null || live.getMetadata().getAnnotations() == null) {
            return;
        }
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        String image = annotations.get(CanaryMetadata.IMAGE);
        events.info("Live now: Deployment " + request.canaryName() + " runs " + image + " at step " + annotations.get(CanaryMetadata.STEP)
                + " with " + annotations.get(CanaryMetadata.WEIGHT) + "% of the traffic (run " + annotations.get(CanaryMetadata.RUN)
                + "); a real run would " + (request.image().equals(image) ? "continue it at that step" : "roll it back first") + ".");
    }

    /**
     * Returns the metric sources. Traefik names a weighted child from the port exactly as its TraefikService entry
     * writes it, or without a port when the entry has none. So the stable label uses the live stable entry's port, and
     * the canary label the port of its entry (live, or as the rollout writes it).
     *
     * @param stablePort the port the TraefikService's stable entry names, or {@code null}
     */
    private static Function<MetricType, MetricSource> sources(CanaryRequest request, RolloutCluster cluster, RolloutTarget target,
            String stablePort) {
        Map<MetricType, MetricSource> sources = new EnumMap<>(MetricType.class);
        if (request.prometheusUrl() != null) {
            PrometheusApi api = new PrometheusApi(request.prometheusUrl(), request.prometheusToken(), request.prometheusUser(),
                    request.prometheusPassword(), Duration.ofSeconds(30));
            PrometheusMetrics prometheus = new PrometheusMetrics(api,
                    PrometheusMetrics.serviceLabel(request.namespace(), request.canaryServiceName(), canaryPort(request, target)),
                    PrometheusMetrics.serviceLabel(request.namespace(), request.service(), stablePort));
            sources.put(MetricType.ERROR_RATE, prometheus);
            sources.put(MetricType.LATENCY, prometheus);
            sources.put(MetricType.PROMETHEUS, prometheus);
        }
        if (request.database() != null) {
            DatabaseMetrics database = new DatabaseMetrics(request.database());
            sources.put(MetricType.QUEUE_BACKLOG, database);
            sources.put(MetricType.FAILED_JOBS, database);
            sources.put(MetricType.SQL, database);
        }
        sources.put(MetricType.POD_RESTARTS, new PodRestartMetrics(cluster, target.canarySelector()));
        sources.put(MetricType.HTTP, new HealthCheckMetrics(cluster.client(), request.namespace(), request.canaryServiceName(),
                target.servicePort()));
        return type -> {
            MetricSource source = sources.get(type);
            if (source == null) {
                throw new IllegalStateException("no source for " + type.keyword() + "; the plan parser checks this");
            }
            return source;
        };
    }
}
