package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.backup.BackupRequest;
import io.jenkins.plugins.odoorelease.backup.BackupVerifier;
import io.jenkins.plugins.odoorelease.backup.OdooBackup;
import io.jenkins.plugins.odoorelease.backup.VerifyRequest;
import io.jenkins.plugins.odoorelease.canary.CanaryRequest;
import io.jenkins.plugins.odoorelease.canary.CanaryRollout;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.freeze.FreezeGuard;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import io.jenkins.plugins.odoorelease.image.ImageBuildRequest;
import io.jenkins.plugins.odoorelease.image.ImageBuilder;
import io.jenkins.plugins.odoorelease.migrate.MigrateCheck;
import io.jenkins.plugins.odoorelease.migrate.MigrateRequest;
import io.jenkins.plugins.odoorelease.pg.PasswordMissingException;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a whole release from a {@link ReleaseConfig}: freeze guard, backup, image build, migration check, freeze guard
 * again, canary, and verification of the new backup. Every request is built and checked before the first step runs,
 * so a broken configuration changes nothing. A step whose verdict fails under its {@code failOn} stops the steps after
 * it, except the backup verification, which still runs when a backup was taken: a proven backup matters most when a
 * release goes wrong. A step that throws, because a server failed or a value was rejected only when it ran, stops the
 * release the same way and gets a failed report under its own step name. The reports are added to the evidence bundle
 * in the evidence folder, closed by an {@code odooRelease} report whose verdict is the worst of its steps' verdicts.
 */
public final class ReleaseRunner {

    /** The step name of the closing report. */
    public static final String STEP = "odooRelease";

    private final Clock clock;
    private final Sleeper sleeper;
    private final PlatformConfig platform;
    private final OverrideAuthorizer authorizer;
    private EvidenceBundle.RunInfo ciRun = EvidenceBundle.RunInfo.UNKNOWN;
    private String ciRequester;
    private volatile CanaryRollout runningCanary;
    private volatile boolean aborted;
    /** The thread that runs a step other than the canary, which an abort interrupts; {@code null} between steps. */
    private volatile Thread stepThread;

    public ReleaseRunner(Clock clock, Sleeper sleeper, PlatformConfig platform, OverrideAuthorizer authorizer) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.platform = platform;
        this.authorizer = authorizer;
    }

    /**
     * The reason a release did not pass, from the least to the most severe. When several steps fail, the most severe
     * wins, because a fault means that the pipeline itself is broken. The CLI exits 1 for an abort or a verdict, 2 for
     * invalid input and 3 for a fault.
     */
    public enum Failure {
        /** No step stopped the release. */
        NONE,
        /** The run was stopped by request (Ctrl-C or a CI server's cancel), and no step failed before that. */
        ABORTED,
        /** A step's verdict failed under its failOn policy. */
        VERDICT,
        /** A step rejected a value that it could check only when it ran, such as a password that the server requires. */
        INVALID_INPUT,
        /** A step could not finish because a server, store, registry or cluster failed. */
        FAULT;

        Failure worst(Failure other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /**
     * The result of a run.
     *
     * @param bundle the evidence bundle as written, with the reports of earlier runs that the folder held
     * @param reports this run's reports, the closing {@code odooRelease} report last
     * @param evidenceFolder where the bundle was written
     * @param failure the most severe way a step failed, or {@code NONE}
     */
    public record Outcome(EvidenceBundle bundle, List<StepReport> reports, Path evidenceFolder, Failure failure) {

        public Outcome {
            reports = List.copyOf(reports);
        }

        /** Returns whether a step stopped the release or the run was aborted. */
        public boolean failed() {
            return failure != Failure.NONE;
        }

        /** Returns this run's verdict: the closing report's, which is the worst of its steps' verdicts. */
        public Verdict verdict() {
            return reports.get(reports.size() - 1).verdict();
        }
    }

    /**
     * Sets what the CI server says about the run: its name, link and revision for the evidence bundle, and the user who
     * started it for the freeze guard's four-eyes rule. The release file's own values take precedence.
     */
    public ReleaseRunner ci(EvidenceBundle.RunInfo run, String requester) {
        this.ciRun = run == null ? EvidenceBundle.RunInfo.UNKNOWN : run;
        this.ciRequester = requester;
        return this;
    }

    /**
     * Stops the run: a canary in progress rolls back, another running step is interrupted (a backup aborts its upload,
     * a verification drops its scratch database), and no further step starts. Safe to call from any thread.
     */
    public void abort() {
        aborted = true;
        CanaryRollout canary = runningCanary;
        Thread step = stepThread;
        if (canary != null) {
            canary.abort();
        } else if (step != null) {
            step.interrupt();
        }
    }

    /** The checked requests of one run; the canary's and the verification's are rebuilt once earlier steps ran. */
    private record Prepared(FreezeRequest freeze, BackupRequest backup, ImageBuildRequest image, MigrateRequest migrate,
            CanaryRequest canary, VerifyRequest verify) {
    }

    /**
     * Runs the release and adds its reports to the evidence bundle in {@code evidenceFolder}, which is created when the
     * folder has none.
     *
     * @throws InvalidInputException when the configuration's values are invalid, or the folder contains a file that is
     *     not an evidence bundle. Nothing has run then.
     * @throws IOException when the evidence bundle cannot be written
     */
    public Outcome run(ReleaseConfig config, Path evidenceFolder, EventSink events)
            throws InvalidInputException, IOException, InterruptedException {
        Instant startedAt = clock.instant();
        ReleaseRequests requests = new ReleaseRequests(config, platform, ciRequester);
        Prepared prepared = prepare(config, requests);
        EvidenceBundle.RunInfo run = runInfo(config);
        int earlierReports = readEvidence(evidenceFolder, run).reports().size();
        events.info("Checked the release configuration " + config.file() + ": " + String.join(", ", plannedSteps(config)) + ".");
        if (earlierReports > 0) {
            events.info("Adding to the evidence bundle in " + evidenceFolder + ", which holds " + earlierReports + " reports already.");
        }

        List<StepRun> steps = new ArrayList<>();
        if (prepared.freeze() != null) {
            runStep(steps, "freeze guard", FreezeGuard.STEP, prepared.freeze().failOn(), false, events,
                    () -> new FreezeGuard(clock, sleeper, authorizer).run(prepared.freeze(), events));
        }
        StepReport backupReport = prepared.backup() == null ? null : runStep(steps, "backup", OdooBackup.STEP,
                prepared.backup().failOn(), false, events, () -> new OdooBackup(clock).run(prepared.backup(), events));
        StepReport imageReport = prepared.image() == null ? null : runStep(steps, "image build", ImageBuilder.STEP,
                prepared.image().failOn(), false, events, () -> new ImageBuilder(clock).run(prepared.image(), events));
        StepReport migrateReport = prepared.migrate() == null ? null : runStep(steps, "migration check", MigrateCheck.STEP,
                prepared.migrate().failOn(), false, events, () -> new MigrateCheck(clock).run(prepared.migrate(), events));
        if (prepared.canary() != null) {
            if (!stopped(steps) && prepared.freeze() != null) {
                events.info("Checking the freeze windows again before the canary, the release's irreversible step.");
                runStep(steps, "freeze guard before the canary", FreezeGuard.STEP, prepared.freeze().failOn(), false, events,
                        () -> new FreezeGuard(clock, sleeper, authorizer).run(requests.freeze(), events)
                                .withTitlePrefix("Before the canary: "));
            }
            String builtImage = imageReport == null ? null : (String) imageReport.result().get("reference");
            Map<String, Object> plan = migrateReport == null ? null : migrateReport.result();
            runStep(steps, "canary", CanaryRollout.STEP, prepared.canary().failOn(), false, events,
                    () -> runCanary(requests.canary(builtImage, plan), events));
        }
        if (prepared.verify() != null) {
            // A backup that was taken is verified even after a failed step, because a proven backup matters most then.
            // Without a backup section it checks verify.key or the newest backup in the store, which a failure does not change.
            String newKey = backupReport == null ? null : (String) backupReport.result().get("key");
            boolean evenAfterStop = newKey != null || prepared.backup() == null;
            runStep(steps, "backup verification", BackupVerifier.STEP, prepared.verify().failOn(), evenAfterStop, events,
                    () -> new BackupVerifier(clock).run(requests.verify(newKey), events));
        }
        return finish(config, startedAt, steps, run, evidenceFolder);
    }

    /** Writes this run's reports and its closing report into the evidence bundle, after those of earlier runs. */
    private Outcome finish(ReleaseConfig config, Instant startedAt, List<StepRun> steps, EvidenceBundle.RunInfo run, Path evidenceFolder)
            throws IOException, InvalidInputException {
        // Read again: another command of the same pipeline may have added a report while the release ran.
        EvidenceBundle bundle = readEvidence(evidenceFolder, run);
        List<StepReport> reports = new ArrayList<>();
        steps.stream().filter(step -> step.report() != null).forEach(step -> reports.add(step.report()));
        reports.add(ReleaseSummary.closingReport(config, startedAt, clock.instant(), steps, bundle.reports().size() + 1, aborted));
        Instant now = clock.instant();
        for (StepReport report : reports) {
            bundle = bundle.with(report, now);
        }
        EvidenceFiles.write(evidenceFolder, bundle);
        Failure failure = aborted ? Failure.ABORTED : Failure.NONE;
        for (StepRun step : steps) {
            failure = failure.worst(step.failure());
        }
        return new Outcome(bundle, reports, evidenceFolder, failure);
    }

    /** Returns the run's name, link and revision. The release file's own values win over those the CI server reports. */
    private EvidenceBundle.RunInfo runInfo(ReleaseConfig config) {
        ConfigSection release = config.section("release");
        String name = release.text("name", ciRun == EvidenceBundle.RunInfo.UNKNOWN ? "release" : ciRun.name());
        return new EvidenceBundle.RunInfo(name, ciRun.url(), release.text("revision", ciRun.revision()));
    }

    /**
     * Reads the bundle in the folder, or returns an empty one. A bundle that earlier commands started without knowing
     * the run takes this run's name, link and revision. Any other bundle keeps its own, as with the step commands,
     * unless its revision or link differs from this run's: then it is a bundle of another run, which is an error.
     */
    private EvidenceBundle readEvidence(Path folder, EvidenceBundle.RunInfo run) throws InvalidInputException {
        EvidenceBundle bundle;
        try {
            bundle = EvidenceFiles.read(folder, run, clock.instant());
        } catch (IOException | RuntimeException e) {
            throw InvalidInputException.forValue("evidence", folder.toString(), "cannot add to the evidence bundle in this folder ("
                    + e.getMessage() + "); write the evidence to a new folder, or delete " + EvidenceFiles.JSON + " there");
        }
        if (bundle.run().equals(EvidenceBundle.RunInfo.UNKNOWN)) {
            return new EvidenceBundle(bundle.schema(), run, bundle.createdAt(), bundle.reports());
        }
        if (differs(bundle.run().revision(), run.revision()) || differs(bundle.run().url(), run.url())) {
            // Reports of this run would otherwise be filed under another release's name and revision.
            throw InvalidInputException.forValue("evidence", folder.toString(), "the evidence bundle there belongs to another run ("
                    + describe(bundle.run()) + "), not to this one (" + describe(run) + "); write the evidence to a new folder, "
                    + "or delete " + EvidenceFiles.JSON + " there");
        }
        return bundle;
    }

    /** Returns whether both values are known and not the same; an unknown one fits any run. */
    private static boolean differs(String bundleValue, String runValue) {
        return bundleValue != null && runValue != null && !bundleValue.equals(runValue);
    }

    private static String describe(EvidenceBundle.RunInfo run) {
        return run.name() + (run.revision() == null ? "" : ", revision " + run.revision()) + (run.url() == null ? "" : ", " + run.url());
    }

    private StepReport runCanary(CanaryRequest request, EventSink events) throws InvalidInputException, InfrastructureException {
        CanaryRollout canary = new CanaryRollout(clock, sleeper);
        runningCanary = canary;
        try {
            if (aborted) {
                canary.abort();
            }
            return canary.run(request, events);
        } finally {
            runningCanary = null;
        }
    }

    private Prepared prepare(ReleaseConfig config, ReleaseRequests requests) throws InvalidInputException, InterruptedException {
        Map<Problem, Problem> problems = new LinkedHashMap<>();
        FreezeRequest freeze = config.has("freeze") ? collect(problems, "freeze", requests::freeze) : null;
        BackupRequest backup = config.has("backup") ? collect(problems, "backup", requests::backup) : null;
        ImageBuildRequest image = config.has("image") ? collect(problems, "image", requests::image) : null;
        MigrateRequest migrate = config.has("migrate") ? collect(problems, "migrate", requests::migrate) : null;
        // The canary's image and the verified key come from earlier steps; placeholders let their requests be checked now.
        String placeholderImage = config.has("image") ? "registry.invalid/placeholder@sha256:" + "0".repeat(64) : null;
        CanaryRequest canary = config.has("canary") ? collect(problems, "canary", () -> requests.canary(placeholderImage, null)) : null;
        VerifyRequest verify = config.has("verify") ? collect(problems, "verify", () -> requests.verify(null)) : null;
        if (!problems.isEmpty()) {
            throw new InvalidInputException(List.copyOf(problems.values()));
        }
        return new Prepared(freeze, backup, image, migrate, canary, verify);
    }

    private interface Build<T> {
        T get() throws InvalidInputException, InterruptedException;
    }

    /**
     * Builds one request. Its problems are named by the section they belong to, such as {@code backup.format}, unless
     * they name their source already. A problem that an earlier section reported is left out: the freeze guard and the
     * canary read the same calendars, and a missing calendar is one mistake.
     *
     * @param problems every problem found so far, keyed by the problem as the request reported it
     */
    private static <T> T collect(Map<Problem, Problem> problems, String section, Build<T> build) throws InterruptedException {
        try {
            return build.get();
        } catch (InvalidInputException e) {
            for (Problem problem : e.problems()) {
                String path = problem.path() == null || problem.path().isEmpty() ? (problem.source() == null ? section : null)
                        : problem.path().startsWith(section + ".") ? problem.path() : section + "." + problem.path();
                problems.putIfAbsent(problem, new Problem(problem.source(), path, problem.value(), problem.message()));
            }
            return null;
        }
    }

    private interface StepCall {
        StepReport run() throws InvalidInputException, InfrastructureException, InterruptedException;
    }

    private static boolean stopped(List<StepRun> steps) {
        return steps.stream().anyMatch(StepRun::stops);
    }

    /**
     * Runs one step unless an earlier step stopped the release ({@code evenAfterStop} lets it run all the same) or the
     * run was aborted, and records how it ended. A step that throws gets a report under its own step name, with the
     * cause as its error finding.
     *
     * @return the report the step returned, or {@code null} when it did not run or threw
     */
    private StepReport runStep(List<StepRun> steps, String name, String step, FailOn failOn, boolean evenAfterStop, EventSink events,
            StepCall call) throws InterruptedException {
        if (aborted || (!evenAfterStop && stopped(steps))) {
            steps.add(StepRun.skipped(name));
            return null;
        }
        events.info("Release step: " + name + ".");
        Instant started = clock.instant();
        stepThread = Thread.currentThread();
        try {
            if (aborted) {
                throw new InterruptedException("the release was stopped by request");
            }
            StepReport report = call.run();
            boolean fails = failOn.fails(report.verdict());
            steps.add(new StepRun(name, fails ? StepRun.State.FAILED : StepRun.State.FINISHED, report));
            if (fails) {
                events.warning("The " + name + " failed (" + report.title() + "); the steps after it do not run.");
            }
            return report;
        } catch (InvalidInputException | InfrastructureException e) {
            OdooReleaseException fault = inReleaseTerms(name, e);
            events.error("The " + name + " could not finish: " + ReleaseSummary.describe(fault));
            StepRun.State state = fault instanceof InvalidInputException ? StepRun.State.INVALID_INPUT : StepRun.State.FAULT;
            steps.add(new StepRun(name, state, ReleaseSummary.stepFault(name, step, started, clock.instant(), fault)));
            return null;
        } catch (InterruptedException e) {
            if (!aborted) {
                throw e;
            }
            // The step cleaned up as it stopped. The interrupt is cleared, so that the closing report can still be written.
            Thread.interrupted();
            events.warning("The " + name + " was stopped by request.");
            InfrastructureException stop = new InfrastructureException("the step was stopped by request", Map.of(), e);
            steps.add(new StepRun(name, StepRun.State.STOPPED, ReleaseSummary.stepFault(name, step, started, clock.instant(), stop)));
            return null;
        } finally {
            stepThread = null;
        }
    }

    /**
     * Names the release file's key for a missing database password, because the step's own message names the Jenkins
     * credentials or the CLI's variables, which a release file does not use.
     */
    private static OdooReleaseException inReleaseTerms(String stepName, OdooReleaseException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PasswordMissingException missing) {
                String key = stepName.equals("backup verification") ? "verify.scratchPassword" : "database.password";
                return missing.withFix(key, "set " + key + " in the release file, for example to ${env:NAME} with the password in "
                        + "the environment variable NAME");
            }
        }
        return e;
    }

    private static List<String> plannedSteps(ReleaseConfig config) {
        List<String> steps = new ArrayList<>();
        ReleaseSummary.SECTIONS.forEach((step, section) -> {
            if (config.has(section)) {
                steps.add(step);
            }
        });
        return steps.isEmpty() ? List.of("no steps") : steps;
    }
}
