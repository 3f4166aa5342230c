package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.freeze.FreezeGuard;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Drives one rollout on the cluster: reconciles with what is live, creates the canary, runs the plan's steps, and
 * promotes or rolls back. Every transition is first written to the canary Deployment's annotations, so that a run
 * that dies at any point can be continued by the next one.
 */
final class RolloutController {

    private final CanaryRequest request;
    private final RolloutCluster cluster;
    private final TraefikRouter router;
    private final RolloutTarget target;
    private final Clock clock;
    private final Sleeper sleeper;
    private final EventSink events;
    private final CanaryReport report;
    private final AbortSignal abort;
    private final AnalysisRunner analysis;
    private final Function<MetricType, MetricSource> sources;
    private int canaryPercent;
    private int currentStep;
    private Instant resumedStepStarted;
    private String promotingFrom;
    /**
     * Whether this run manages the live rollout: it passed the checks that leave a foreign or busy canary alone. From
     * then on any exception rolls back, because the canary may be taking traffic.
     */
    private boolean owned;
    /** The run and image of the canary that was live when this run started, or {@code null}. */
    private String liveRun;
    private String liveImage;
    private boolean detached;
    /** The metrics already reported for a stable side without requests. */
    private final Set<String> stableUnmeasured = new HashSet<>();

    RolloutController(CanaryRequest request, RolloutCluster cluster, TraefikRouter router, RolloutTarget target,
            Function<MetricType, MetricSource> sources, Clock clock, Sleeper sleeper, EventSink events, CanaryReport report,
            AbortSignal abort) {
        this.request = request;
        this.cluster = cluster;
        this.router = router;
        this.target = target;
        this.clock = clock;
        this.sleeper = sleeper;
        this.events = events;
        this.report = report;
        this.abort = abort;
        this.sources = sources;
        this.analysis = new AnalysisRunner(clock, sleeper, events, sources);
    }

    /** Returns the state annotations for the canary Deployment. */
    static Map<String, String> stateAnnotations(CanaryRequest request, int step, Instant stepStarted, int weight,
            CanaryMetadata.Phase phase) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CanaryMetadata.RUN, request.runId());
        annotations.put(CanaryMetadata.IMAGE, request.image());
        annotations.put(CanaryMetadata.STEP, String.valueOf(step));
        if (stepStarted != null) {
            annotations.put(CanaryMetadata.STEP_STARTED, stepStarted.toString());
        }
        annotations.put(CanaryMetadata.WEIGHT, String.valueOf(weight));
        annotations.put(CanaryMetadata.PHASE, phase.value());
        annotations.put(CanaryMetadata.PLAN, request.plan().fingerprint());
        return annotations;
    }

    /** Returns whether the run stopped for a detach and left the rollout on the cluster for a later run. */
    boolean detached() {
        return detached;
    }

    /** Checks every metric's source before anything changes on the cluster. */
    void preflight() throws InvalidInputException, InfrastructureException {
        for (MetricSpec metric : request.plan().metrics()) {
            sources.apply(metric.type()).check(metric);
        }
        if (!router.referencedByIngressRoute()) {
            report.finding(CanaryFindings.CANARY_ROUTE_UNREFERENCED, Severity.WARNING, request.traefikService(),
                    "No IngressRoute in namespace " + request.namespace() + " routes to TraefikService " + request.traefikService()
                            + ", so its weights decide no traffic; point the IngressRoute's service at it (kind: TraefikService).");
            events.warning("No IngressRoute routes to TraefikService " + request.traefikService() + ".");
        }
    }

    /**
     * Runs the rollout to its end and records the outcome in the report. An exception escapes only while nothing on the
     * cluster has changed; after that the run rolls back and records the exception as a finding.
     */
    void run() throws InvalidInputException, InfrastructureException {
        try {
            abort.check();
            int start = reconcile();
            if (start < 0) {
                return;
            }
            abort.check();
            if (!startCanary()) {
                return;
            }
            List<PlanStep> steps = request.plan().steps();
            for (int i = start; i < steps.size(); i++) {
                abort.check();
                if (!runStep(i, steps.get(i))) {
                    return;
                }
            }
            abort.check();
            // Promotion sends all traffic to the new code, so a freeze blocks it as it blocks a weight increase.
            if (frozen("the promotion", steps.size(), request.promoteTimeout()) || !weightsAsWritten("the promotion")) {
                return;
            }
            promote();
        } catch (InterruptedException e) {
            if (abort.detached()) {
                Thread.interrupted();
                detached = true;
                events.info("Detached at step " + currentStep + " with " + canaryPercent + "% canary traffic; the rollout's state "
                        + "stays on the cluster for the next run.");
                report.outcome(Outcome.HELD, "detached at step " + currentStep);
                return;
            }
            aborted();
        } catch (InvalidInputException | InfrastructureException | RuntimeException e) {
            if (!owned) {
                throw e;
            }
            failed(e);
        }
    }

    /** Rolls back after an exception that stopped the rollout part-way, and records why. */
    private void failed(Exception e) {
        String cause = e instanceof RuntimeException ? e.toString() : e.getMessage();
        int step = currentStep;
        int percent = canaryPercent;
        events.error("The rollout failed at step " + step + " with " + percent + "% canary traffic: " + cause + ".");
        if (e instanceof RuntimeException) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            events.debug(trace.toString());
        }
        revertStable();
        rollback("the rollout failed: " + cause, true);
        String after = report.outcome() == Outcome.ROLLED_BACK ? "The run rolled it back; fix the cause and rerun."
                : "The rollback did not finish either; CANARY_WEIGHTS_MISMATCH says what is left on the cluster.";
        report.finding(CanaryFindings.CANARY_RUN_FAILED, Severity.ERROR, request.canaryName(), "The rollout failed at step " + step
                + " with " + percent + "% canary traffic: " + cause + ". " + after);
    }

    /**
     * Reads what is live and decides where to start.
     *
     * @return the index of the step to run next, or -1 when the run already ended (a finished rollback or promotion)
     */
    private int reconcile() throws InvalidInputException, InfrastructureException, InterruptedException {
        Deployment live = cluster.deployment(request.canaryName());
        WeightSplit split = router.weights();
        report.traefik(router.apiVersion(), split);
        Map<String, String> annotations = live == null || live.getMetadata().getAnnotations() == null ? Map.of()
                : live.getMetadata().getAnnotations();
        String run = annotations.get(CanaryMetadata.RUN);
        if (!request.runId().equals(run)) {
            EndedRuns.Entry ended = EndedRuns.parse(router.annotation(CanaryMetadata.ENDED)).get(request.runId());
            if (ended != null) {
                endedEarlier(ended);
                return -1;
            }
        }
        if (live == null) {
            owned = true;
            if (split.contains(request.canaryServiceName())) {
                events.warning("TraefikService " + request.traefikService() + " routes to " + request.canaryServiceName()
                        + " but no canary Deployment exists; sending all traffic to " + request.service() + " first.");
                routeStableOnly();
            }
            return 0;
        }
        if (run == null) {
            throw new InvalidInputException(new Problem(null, "deployment", request.canaryName(), "a Deployment of this name exists "
                    + "in namespace " + request.namespace() + " but odoo-release did not create it; rename or delete it"));
        }
        String image = annotations.get(CanaryMetadata.IMAGE);
        liveRun = run;
        liveImage = image;
        CanaryMetadata.Phase phase = CanaryMetadata.Phase.of(annotations.get(CanaryMetadata.PHASE));
        int step = parseStep(annotations.get(CanaryMetadata.STEP));
        boolean sameImage = request.image().equals(image);
        if (!sameImage && phase == CanaryMetadata.Phase.PROMOTING) {
            throw new InvalidInputException(new Problem(null, "image", request.image(), "run " + run + " is promoting " + image
                    + " to Deployment " + request.deployment() + "; let it finish (rerun that build) before starting another rollout"));
        }
        owned = true;
        canaryPercent = Math.max(0, split.weightOf(request.canaryServiceName()));
        report.weight(clock.instant(), split.percentOf(request.canaryServiceName()));
        if (phase == CanaryMetadata.Phase.ROLLING_BACK) {
            events.info("Run " + run + " was rolling back " + image + "; finishing that rollback.");
            if (sameImage && run.equals(request.runId())) {
                rollback("finished the rollback that this run had started", true);
                return -1;
            }
            rollback("finished the rollback of run " + run, false);
            return 0;
        }
        if (!sameImage) {
            report.finding(CanaryFindings.CANARY_SUPERSEDED, Severity.WARNING, request.canaryName(), "Run " + run + " had " + image
                    + " live at " + canaryPercent + "%; it was rolled back before this rollout of " + request.image() + " started.");
            rollback("rolled back run " + run + " of " + image + ", which this rollout replaces", false);
            return 0;
        }
        cluster.annotate(request.canaryName(), Map.of(CanaryMetadata.RUN, request.runId()));
        if (phase == CanaryMetadata.Phase.PROMOTING) {
            report.finding(CanaryFindings.CANARY_RESUMED, Severity.INFO, request.canaryName(), "Run " + run + " was promoting "
                    + image + "; this run finished the promotion.");
            report.resumedFrom(request.plan().steps().size());
            promote();
            return -1;
        }
        if (!request.plan().fingerprint().equals(annotations.get(CanaryMetadata.PLAN))) {
            report.finding(CanaryFindings.CANARY_RESUMED, Severity.WARNING, request.canaryName(), "Run " + run + " had " + image
                    + " live at " + canaryPercent + "% with another plan; the new plan starts from its first step.");
            events.warning("The plan changed since run " + run + "; starting the new plan at its first step.");
            report.resumedFrom(0);
            return 0;
        }
        report.finding(CanaryFindings.CANARY_RESUMED, Severity.INFO, request.canaryName(), "Run " + run + " had " + image
                + " live at " + canaryPercent + "%; this run continued at step " + step + ".");
        events.info("Resuming the rollout of " + image + " at step " + step + " (" + canaryPercent + "% canary traffic, run " + run + ").");
        report.resumedFrom(step);
        currentStep = step;
        resumedStepStarted = parseInstant(annotations.get(CanaryMetadata.STEP_STARTED));
        return step;
    }

    /**
     * Reports the outcome of this run's rollout, which ended before this run resumed it: a Jenkins build that resumes
     * after a restart may not have learnt of the end before the shutdown. Nothing on the cluster changes.
     */
    private void endedEarlier(EndedRuns.Entry ended) throws InvalidInputException {
        Outcome outcome = Arrays.stream(Outcome.values()).filter(candidate -> candidate.keyword().equals(ended.outcome())).findFirst()
                .orElseThrow(() -> InvalidInputException.forValue(CanaryMetadata.ENDED, ended.outcome(), "TraefikService "
                        + request.traefikService() + " records an unknown outcome for run " + request.runId()
                        + "; remove the run from that annotation"));
        report.finding(CanaryFindings.CANARY_RESUMED, Severity.INFO, request.canaryName(), "Run " + request.runId() + " already ended "
                + "at " + ended.at() + " with outcome " + outcome.keyword() + " for " + ended.image() + "; this run changed nothing.");
        if (outcome == Outcome.ROLLED_BACK) {
            report.finding(CanaryFindings.CANARY_ROLLED_BACK, Severity.ERROR, request.canaryName(), "Rolled back before this run "
                    + "resumed: " + ended.reason() + ". Traffic is on " + request.service() + " only and the canary is removed.");
        }
        events.info("Run " + request.runId() + " already ended at " + ended.at() + " (" + outcome.keyword() + "); nothing to do.");
        report.outcome(outcome, ended.reason());
    }

    private static int parseStep(String value) {
        try {
            return value == null ? 0 : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Creates the canary Deployment and Service unless they exist, and waits until the canary is ready.
     *
     * @return whether the canary is ready; when not, the rollout was rolled back
     */
    private boolean startCanary() throws InvalidInputException, InfrastructureException, InterruptedException {
        if (cluster.deployment(request.canaryName()) == null) {
            Map<String, String> annotations = stateAnnotations(request, currentStep, clock.instant(), canaryPercent,
                    CanaryMetadata.Phase.PROGRESSING);
            Deployment canary = CanaryObjects.canaryDeployment(target.stable(), target.stableService(), request, annotations);
            Service service = CanaryObjects.canaryService(target.stable(), target.stableService(), request, annotations);
            events.info("Creating Deployment " + request.canaryName() + " (" + request.canaryReplicas() + " replica(s) of "
                    + request.image() + ", cron threads off) and Service " + request.canaryServiceName() + ".");
            cluster.create(canary, service);
        } else if (cluster.service(request.canaryServiceName()) == null) {
            cluster.create(cluster.deployment(request.canaryName()), CanaryObjects.canaryService(target.stable(), target.stableService(),
                    request, stateAnnotations(request, currentStep, null, canaryPercent, CanaryMetadata.Phase.PROGRESSING)));
        }
        Instant waitStarted = clock.instant();
        if (!cluster.awaitRollout(request.canaryName(), request.readyTimeout())) {
            notReady("Deployment " + request.canaryName() + " did not become available within "
                    + Durations.format(request.readyTimeout()));
            return false;
        }
        Duration left = request.readyTimeout().minus(Duration.between(waitStarted, clock.instant()));
        int ready = cluster.awaitEndpoints(request.canaryServiceName(), left.isNegative() ? Duration.ZERO : left);
        if (ready == 0) {
            notReady("Service " + request.canaryServiceName() + " has no ready endpoint");
            return false;
        }
        events.info("The canary is ready: " + ready + " ready endpoint(s) behind " + request.canaryServiceName() + ".");
        return true;
    }

    private void notReady(String why) {
        report.finding(CanaryFindings.CANARY_NOT_READY, Severity.ERROR, request.canaryName(), why + "; check the pods' events "
                + "and logs (kubectl describe deployment " + request.canaryName() + ").");
        rollback(why, true);
    }

    /**
     * Runs one step.
     *
     * @return whether the rollout goes on
     */
    private boolean runStep(int index, PlanStep step) throws InvalidInputException, InfrastructureException, InterruptedException {
        Instant started = index == currentStep && resumedStepStarted != null ? resumedStepStarted : clock.instant();
        resumedStepStarted = null;
        currentStep = index;
        cluster.annotate(request.canaryName(), stateAnnotations(request, index, started, canaryPercent, CanaryMetadata.Phase.PROGRESSING));
        events.info("Step " + index + ": " + step.describe() + ".");
        String result;
        boolean proceed;
        if (step instanceof PlanStep.Weight weight) {
            proceed = weightStep(index, weight);
            result = proceed ? "weights verified" : report.outcome().keyword();
        } else if (step instanceof PlanStep.Pause pause) {
            proceed = pauseStep(index, pause, started);
            result = proceed ? "done" : "held";
        } else if (!weightsAsWritten("the analysis at step " + index)) {
            proceed = false;
            result = report.outcome().keyword();
        } else {
            List<MetricSpec> metrics = request.plan().metricsOf((PlanStep.Analysis) step);
            List<MetricReading> stableReadings = new ArrayList<>();
            AnalysisResult outcome = analysis.run(metrics, reading -> {
                report.reading(index, reading, request.plan().metric(reading.metric()).type());
                if (MetricReading.STABLE.equals(reading.side())) {
                    stableReadings.add(reading);
                }
            });
            warnUnmeasuredStable(index, metrics, stableReadings);
            result = outcome.outcome().keyword();
            proceed = analysisOutcome(index, outcome);
        }
        report.step(new CanaryReport.StepRecord(index, step.describe(), started, clock.instant(), currentPercent(), result));
        return proceed;
    }

    /**
     * Warns once per metric when a metric with {@code stableMargin} found no requests of the stable side in any
     * measurement of an analysis, because then the comparison that the margin configures never ran.
     */
    private void warnUnmeasuredStable(int index, List<MetricSpec> metrics, List<MetricReading> stableReadings) {
        for (MetricSpec metric : metrics) {
            if (metric.stableMargin() == null || stableUnmeasured.contains(metric.name())) {
                continue;
            }
            List<MetricReading> readings = stableReadings.stream().filter(reading -> reading.metric().equals(metric.name())).toList();
            if (!readings.isEmpty() && readings.stream().noneMatch(reading -> reading.requests() > 0)) {
                stableUnmeasured.add(metric.name());
                report.finding(CanaryFindings.CANARY_STABLE_UNMEASURED, Severity.WARNING, metric.name(), "Prometheus had no requests of "
                        + "the stable Service " + request.service() + " in any measurement of step " + index + ", so stableMargin of "
                        + metric.name() + " compared nothing. Traefik labels it namespace-service-port@kubernetescrd with the port as "
                        + "the TraefikService entry writes it; check that Traefik's metrics have that series.");
                events.warning("No stable-side requests for " + metric.name() + " at step " + index + "; stableMargin was not applied.");
            }
        }
    }

    private double currentPercent() {
        return canaryPercent;
    }

    /**
     * Reads the weights again before an analysis or the promotion, because a GitOps controller may put the
     * TraefikService back seconds after the read-back that followed the write. An analysis would then judge traffic
     * the canary did not get, so the rollout rolls back.
     *
     * @param before what is about to happen, for messages
     * @return whether the weights are still as the rollout wrote them
     */
    private boolean weightsAsWritten(String before) throws InfrastructureException {
        WeightSplit live = router.weights();
        if (live.matches(request.service(), 100 - canaryPercent, request.canaryServiceName(), canaryPercent == 0 ? -1 : canaryPercent)) {
            return true;
        }
        report.traefik(router.apiVersion(), live);
        report.finding(CanaryFindings.CANARY_WEIGHTS_MISMATCH, Severity.ERROR, request.traefikService(), "Before " + before
                + ", TraefikService " + request.traefikService() + " reads " + live.describe() + " instead of " + request.canaryServiceName()
                + " " + canaryPercent + "%; something else rewrites the object (a GitOps controller or a webhook). Exclude its "
                + "spec.weighted from that tool during rollouts.");
        rollback("the weights changed behind the rollout before " + before, true);
        return false;
    }

    private boolean weightStep(int index, PlanStep.Weight step) throws InvalidInputException, InfrastructureException,
            InterruptedException {
        if (step.percent() > canaryPercent && frozen("the increase", index, request.plan().durationUntilNextWeight(index))) {
            return false;
        }
        int ready = cluster.readyEndpoints(request.canaryServiceName());
        if (ready == 0) {
            notReady("Service " + request.canaryServiceName() + " has no ready endpoint before step " + index);
            return false;
        }
        if (step.percent() < 100 && cluster.readyEndpoints(request.service()) == 0) {
            events.warning("Service " + request.service() + " has no ready endpoint; its share of traffic will fail.");
        }
        WeightSplit split;
        try {
            split = router.route(request.service(), request.canaryServiceName(), target.servicePort(), step.percent(),
                    request.stickyCookie(), traefikAnnotations(index, step.percent()), sleeper, events);
        } catch (InfrastructureException e) {
            report.finding(CanaryFindings.CANARY_WEIGHTS_MISMATCH, Severity.ERROR, request.traefikService(), e.getMessage());
            rollback("the weights could not be set: " + e.getMessage(), true);
            return false;
        }
        canaryPercent = step.percent();
        report.traefik(router.apiVersion(), split);
        report.weight(clock.instant(), split.percentOf(request.canaryServiceName()));
        cluster.annotate(request.canaryName(), Map.of(CanaryMetadata.WEIGHT, String.valueOf(canaryPercent)));
        events.info("Traffic now: " + split.describe() + ".");
        return true;
    }

    private Map<String, String> traefikAnnotations(int step, int weight) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CanaryMetadata.RUN, request.runId());
        annotations.put(CanaryMetadata.IMAGE, request.image());
        annotations.put(CanaryMetadata.STEP, String.valueOf(step));
        annotations.put(CanaryMetadata.WEIGHT, String.valueOf(weight));
        return annotations;
    }

    /**
     * Checks the freeze calendars before a weight increase or the promotion; returns whether the rollout must stop here.
     *
     * @param action what the freeze would stop, for messages, such as {@code the increase}
     * @param expected how long the change takes, so that a freeze that starts meanwhile stops it too
     */
    private boolean frozen(String action, int index, Duration expected) throws InvalidInputException, InterruptedException {
        if (request.calendars().isEmpty()) {
            return false;
        }
        if (expected.compareTo(Duration.ofMinutes(1)) < 0) {
            expected = Duration.ofMinutes(1);
        }
        FreezeRequest freeze = FreezeRequest.builder()
                .environment(request.environment())
                .tenant(request.tenant())
                .changeType("application")
                .expectedDuration(Durations.formatCompact(expected))
                .onFreeze(request.onFreeze() == OnFreeze.WAIT ? "wait" : "fail")
                .maxWait(Durations.formatCompact(request.freezeMaxWait()))
                .calendars(request.calendars())
                .build();
        StepReport decision = new FreezeGuard(clock, sleeper, OverrideAuthorizer.NONE).run(freeze, events);
        if (!Boolean.TRUE.equals(decision.result().get("frozen"))) {
            return false;
        }
        String window = String.valueOf(decision.result().get("window"));
        Object endsAt = decision.result().get("endsAt");
        String message = "Freeze window " + window + " stops " + action + " at step " + index + " (canary at " + canaryPercent + "%)"
                + (endsAt == null ? "" : "; it ends at " + endsAt);
        if (request.onFreeze() == OnFreeze.ROLLBACK) {
            report.finding(CanaryFindings.CANARY_FROZEN, Severity.ERROR, window, message + ". onFreeze is rollback.");
            rollback("freeze window " + window, true);
        } else {
            report.finding(CanaryFindings.CANARY_FROZEN, Severity.WARNING, window, message + ". Rerun after the freeze to continue.");
            hold("freeze window " + window + " at step " + index, Severity.WARNING);
        }
        return true;
    }

    private boolean pauseStep(int index, PlanStep.Pause pause, Instant started) throws InfrastructureException, InterruptedException {
        if (pause.indefinite()) {
            cluster.annotate(request.canaryName(), Map.of(CanaryMetadata.STEP, String.valueOf(index + 1),
                    CanaryMetadata.STEP_STARTED, clock.instant().toString()));
            hold("paused at step " + index + " until a rerun continues", Severity.WARNING);
            return false;
        }
        Duration remaining = pause.duration().minus(Duration.between(started, clock.instant()));
        if (remaining.isNegative() || remaining.isZero()) {
            return true;
        }
        events.info("Pausing " + Durations.format(remaining) + " at " + canaryPercent + "% canary traffic.");
        sleeper.sleep(remaining);
        return true;
    }

    private boolean analysisOutcome(int index, AnalysisResult result) throws InfrastructureException {
        switch (result.outcome()) {
            case SUCCESSFUL -> {
                events.info("Analysis at step " + index + " successful.");
                return true;
            }
            case FAILED -> {
                result.metrics().forEach((metric, outcome) -> {
                    if (outcome == MetricOutcome.FAILED) {
                        report.finding(CanaryFindings.CANARY_METRIC_FAILED, Severity.ERROR, metric, reason(result, metric));
                    }
                });
                rollback("analysis failed at step " + index + ": " + String.join("; ", result.reasons()), true);
                return false;
            }
            default -> {
                OnInconclusive policy = request.plan().onInconclusive();
                Severity severity = policy == OnInconclusive.PAUSE ? Severity.WARNING : Severity.ERROR;
                result.metrics().forEach((metric, outcome) -> {
                    if (outcome == MetricOutcome.INCONCLUSIVE) {
                        report.finding(CanaryFindings.CANARY_METRIC_INCONCLUSIVE, severity, metric, reason(result, metric)
                                + " onInconclusive is " + policy.keyword() + ".");
                    }
                });
                String why = "analysis inconclusive at step " + index + ": " + String.join("; ", result.reasons());
                if (policy == OnInconclusive.ROLLBACK) {
                    rollback(why, true);
                } else {
                    cluster.annotate(request.canaryName(), Map.of(CanaryMetadata.STEP, String.valueOf(index)));
                    hold(why, severity);
                }
                return false;
            }
        }
    }

    private static String reason(AnalysisResult result, String metric) {
        return result.reasons().stream().filter(reason -> reason.startsWith(metric + " ")).findFirst().orElse(metric) + ".";
    }

    private void hold(String why, Severity severity) {
        events.warning("Holding at " + canaryPercent + "% canary traffic: " + why + ". A rerun of the same image continues from here.");
        report.finding(CanaryFindings.CANARY_HELD, severity, request.canaryName(), "The rollout holds at " + canaryPercent
                + "% canary traffic: " + why + ". Rerun with the same image to continue, or with another image to replace it.");
        report.outcome(Outcome.HELD, why);
    }

    /**
     * Sends all traffic to the stable Service, checks the weights by reading them back, then removes the canary.
     *
     * @param outcome whether this rollback ends the run (a superseded rollout's cleanup does not)
     */
    void rollback(String why, boolean outcome) {
        abort.enterRollback();
        events.warning("Rolling back: " + why + ".");
        boolean interrupted = false;
        try {
            markRollingBack();
            warnWithoutStableEndpoints();
            String endedRun = outcome ? request.runId() : liveRun;
            String endedImage = outcome ? request.image() : liveImage;
            WeightSplit split = routeStableOnly(endedRun, new EndedRuns.Entry(Outcome.ROLLED_BACK.keyword(), endedImage, why,
                    clock.instant().toString()));
            canaryPercent = 0;
            events.info("All traffic is back on " + request.service() + ", read back as " + split.describe() + ".");
            cluster.deleteCanary(request.canaryName(), request.canaryServiceName());
            router.clearAnnotations();
            events.info("Removed Deployment " + request.canaryName() + " and Service " + request.canaryServiceName() + ".");
            if (outcome) {
                report.finding(CanaryFindings.CANARY_ROLLED_BACK, Severity.ERROR, request.canaryName(), "Rolled back: " + why
                        + ". Traffic is on " + request.service() + " only, as read back from TraefikService " + request.traefikService()
                        + ", and the canary is removed.");
                report.outcome(Outcome.ROLLED_BACK, why);
            }
        } catch (InfrastructureException | RuntimeException e) {
            String cause = e instanceof RuntimeException ? e.toString() : e.getMessage();
            events.error("The rollback failed: " + cause + ". The canary was kept because traffic may still reach it.");
            report.finding(CanaryFindings.CANARY_WEIGHTS_MISMATCH, Severity.ERROR, request.traefikService(), "The rollback could not "
                    + "send all traffic to " + request.service() + ": " + cause + ". The canary was kept; fix the TraefikService "
                    + "by hand or rerun.");
            report.outcome(Outcome.HELD, "rollback failed: " + cause);
        } catch (InterruptedException e) {
            interrupted = true;
            report.outcome(Outcome.HELD, "rollback interrupted");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records the rollback on the canary Deployment, so that a run that dies now is finished by the next one. A failure
     * only warns, because moving the traffic off the canary matters more than the record.
     */
    private void markRollingBack() {
        try {
            if (cluster.deployment(request.canaryName()) != null) {
                cluster.annotate(request.canaryName(), Map.of(CanaryMetadata.PHASE, CanaryMetadata.Phase.ROLLING_BACK.value()));
            }
        } catch (InfrastructureException e) {
            events.warning("Could not mark Deployment " + request.canaryName() + " as rolling back: " + e.getMessage()
                    + "; moving the traffic off the canary all the same.");
        }
    }

    private void warnWithoutStableEndpoints() {
        try {
            if (cluster.readyEndpoints(request.service()) == 0) {
                events.error("Service " + request.service() + " has no ready endpoint; traffic goes back to it all the same, "
                        + "because the canary failed.");
            }
        } catch (InfrastructureException e) {
            events.warning("Could not count the ready endpoints of Service " + request.service() + ": " + e.getMessage() + ".");
        }
    }

    private WeightSplit routeStableOnly() throws InfrastructureException, InterruptedException {
        return routeStableOnly(null, null);
    }

    /**
     * Sends all traffic to the stable Service. With {@code endedRun}, the same write records that run's end on the
     * TraefikService, so the record never shows a rollout as ended while traffic still reaches its canary.
     */
    private WeightSplit routeStableOnly(String endedRun, EndedRuns.Entry ended) throws InfrastructureException, InterruptedException {
        Map<String, String> annotations = Map.of();
        if (endedRun != null) {
            annotations = Map.of(CanaryMetadata.ENDED, EndedRuns.with(router.annotation(CanaryMetadata.ENDED), endedRun, ended));
        }
        WeightSplit split = router.route(request.service(), request.canaryServiceName(), target.servicePort(), 0, null, annotations,
                sleeper, events);
        report.traefik(router.apiVersion(), split);
        report.weight(clock.instant(), 0);
        return split;
    }

    /** Gives the stable Deployment the new image, waits for its rollout, then sends all traffic to it and removes the canary. */
    private void promote() throws InfrastructureException, InterruptedException {
        int steps = request.plan().steps().size();
        cluster.annotate(request.canaryName(), Map.of(CanaryMetadata.PHASE, CanaryMetadata.Phase.PROMOTING.value(),
                CanaryMetadata.STEP, String.valueOf(steps)));
        Deployment stable = cluster.deployment(request.deployment());
        String current = RolloutCluster.image(stable, target.container());
        String recorded = stable.getMetadata().getAnnotations() == null ? null
                : stable.getMetadata().getAnnotations().get(CanaryMetadata.PREVIOUS_IMAGE);
        promotingFrom = request.image().equals(current) ? recorded : current;
        Instant started = clock.instant();
        if (!request.image().equals(current)) {
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(CanaryMetadata.PREVIOUS_IMAGE, current);
            cluster.setImage(request.deployment(), target.container(), request.image(), annotations);
        }
        events.info("Promoting: Deployment " + request.deployment() + " now runs " + request.image() + " (was " + promotingFrom
                + "); waiting up to " + Durations.format(request.promoteTimeout()) + " for its rollout.");
        if (!cluster.awaitRollout(request.deployment(), request.promoteTimeout())) {
            report.finding(CanaryFindings.CANARY_PROMOTION_FAILED, Severity.ERROR, request.deployment(), "Deployment "
                    + request.deployment() + " did not roll out " + request.image() + " within " + Durations.format(request.promoteTimeout())
                    + "; it was set back to " + promotingFrom + ".");
            revertStable();
            rollback("the stable Deployment did not roll out the new image", true);
            return;
        }
        routeStableOnly(request.runId(), new EndedRuns.Entry(Outcome.PROMOTED.keyword(), request.image(), null,
                clock.instant().toString()));
        canaryPercent = 0;
        // From here the stable Deployment runs the new image and takes all traffic, so a failure in the cleanup below
        // must not set it back.
        promotingFrom = null;
        String rolledOutIn = Durations.format(Duration.between(started, clock.instant()));
        try {
            cluster.deleteCanary(request.canaryName(), request.canaryServiceName());
            router.clearAnnotations();
            Map<String, String> cleared = new LinkedHashMap<>();
            cleared.put(CanaryMetadata.PREVIOUS_IMAGE, null);
            cluster.annotate(request.deployment(), cleared);
        } catch (InfrastructureException e) {
            events.warning("The promotion finished, but the cleanup failed: " + e.getMessage() + ".");
            report.finding(CanaryFindings.CANARY_RUN_FAILED, Severity.WARNING, request.canaryName(), "Deployment " + request.deployment()
                    + " runs " + request.image() + " and takes all traffic, but removing the canary failed: " + e.getMessage()
                    + ". Rerun with the same image to finish the cleanup, or delete Deployment " + request.canaryName() + " and Service "
                    + request.canaryServiceName() + " by hand.");
            report.outcome(Outcome.PROMOTED, null);
            return;
        }
        report.finding(CanaryFindings.CANARY_PROMOTED, Severity.INFO, request.deployment(), "Deployment " + request.deployment()
                + " runs " + request.image() + " (rolled out in " + rolledOutIn + "), all traffic goes to " + request.service()
                + " and the canary is removed.");
        report.outcome(Outcome.PROMOTED, null);
        events.info("Promoted " + request.image() + "; removed the canary.");
    }

    /** Sets the stable Deployment back to the image it ran before the promotion, and waits for that rollout. */
    private void revertStable() {
        if (promotingFrom == null || promotingFrom.equals(request.image())) {
            return;
        }
        abort.enterRollback();
        try {
            Map<String, String> cleared = new LinkedHashMap<>();
            cleared.put(CanaryMetadata.PREVIOUS_IMAGE, null);
            cluster.setImage(request.deployment(), target.container(), promotingFrom, cleared);
            events.warning("Set Deployment " + request.deployment() + " back to " + promotingFrom + ".");
            cluster.awaitRollout(request.deployment(), request.promoteTimeout());
        } catch (InfrastructureException e) {
            events.error("Could not set Deployment " + request.deployment() + " back to " + promotingFrom + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        promotingFrom = null;
    }

    private void aborted() {
        abort.enterRollback();
        report.finding(CanaryFindings.CANARY_ABORTED, Severity.ERROR, request.canaryName(), "The run was aborted at step "
                + currentStep + " with " + canaryPercent + "% canary traffic; the rollout was rolled back.");
        revertStable();
        rollback("the run was aborted", true);
    }
}
