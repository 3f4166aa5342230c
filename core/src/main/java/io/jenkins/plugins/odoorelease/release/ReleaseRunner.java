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
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
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
 * release goes wrong. The reports form one evidence bundle, closed by an {@code odooRelease} report of the run.
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

    public ReleaseRunner(Clock clock, Sleeper sleeper, PlatformConfig platform, OverrideAuthorizer authorizer) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.platform = platform;
        this.authorizer = authorizer;
    }

    /** The result of a run: the bundle, where it was written, and whether a step stopped the release. */
    public record Outcome(EvidenceBundle bundle, Path evidenceFolder, boolean failed) {
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

    /** Stops the run: a canary in progress rolls back, and no further step starts. Safe to call from any thread. */
    public void abort() {
        aborted = true;
        CanaryRollout canary = runningCanary;
        if (canary != null) {
            canary.abort();
        }
    }

    /** The checked requests of one run; the canary's and the verification's are rebuilt once earlier steps ran. */
    private record Prepared(FreezeRequest freeze, BackupRequest backup, ImageBuildRequest image, MigrateRequest migrate,
            CanaryRequest canary, VerifyRequest verify) {
    }

    /**
     * Runs the release and writes the evidence bundle into {@code evidenceFolder}.
     *
     * @throws InvalidInputException when the configuration's values are invalid; nothing has run then
     * @throws IOException when the evidence bundle cannot be written
     */
    public Outcome run(ReleaseConfig config, Path evidenceFolder, EventSink events)
            throws InvalidInputException, IOException, InterruptedException {
        Instant startedAt = clock.instant();
        ReleaseRequests requests = new ReleaseRequests(config, platform, ciRequester);
        Prepared prepared = prepare(config, requests);
        events.info("Checked the release configuration " + config.file() + ": " + String.join(", ", plannedSteps(config)) + ".");

        List<StepReport> reports = new ArrayList<>();
        Map<String, String> stepStates = new LinkedHashMap<>();
        String stoppedBy = null;
        StepReport backupReport = null;
        StepReport imageReport = null;
        StepReport migrateReport = null;

        if (prepared.freeze() != null) {
            stoppedBy = record(reports, stepStates, "freeze guard", prepared.freeze().failOn(), events,
                    () -> new FreezeGuard(clock, sleeper, authorizer).run(prepared.freeze(), events));
        }
        if (prepared.backup() != null) {
            if (stoppedBy == null) {
                stoppedBy = record(reports, stepStates, "backup", prepared.backup().failOn(), events,
                        () -> new OdooBackup(clock).run(prepared.backup(), events));
                backupReport = last(reports, "odooBackup");
            } else {
                stepStates.put("backup", "skipped");
            }
        }
        if (prepared.image() != null) {
            if (stoppedBy == null) {
                stoppedBy = record(reports, stepStates, "image build", prepared.image().failOn(), events,
                        () -> new ImageBuilder(clock).run(prepared.image(), events));
                imageReport = last(reports, "odooBuildImage");
            } else {
                stepStates.put("image build", "skipped");
            }
        }
        if (prepared.migrate() != null) {
            if (stoppedBy == null) {
                stoppedBy = record(reports, stepStates, "migration check", prepared.migrate().failOn(), events,
                        () -> new MigrateCheck(clock).run(prepared.migrate(), events));
                migrateReport = last(reports, "odooMigrateCheck");
            } else {
                stepStates.put("migration check", "skipped");
            }
        }
        if (prepared.canary() != null) {
            if (stoppedBy == null && prepared.freeze() != null) {
                events.info("Checking the freeze windows again before the canary, the release's irreversible step.");
                stoppedBy = record(reports, stepStates, "freeze guard before the canary", prepared.freeze().failOn(), events,
                        () -> new FreezeGuard(clock, sleeper, authorizer).run(requests.freeze(), events));
            }
            if (stoppedBy == null) {
                String builtImage = imageReport == null ? null : (String) imageReport.result().get("reference");
                Map<String, Object> plan = migrateReport == null ? null : migrateReport.result();
                CanaryRequest canary = requests.canary(builtImage, plan);
                stoppedBy = record(reports, stepStates, "canary", canary.failOn(), events, () -> runCanary(canary, events));
            } else {
                stepStates.put("canary", "skipped");
            }
        }
        if (prepared.verify() != null) {
            boolean backupTaken = backupReport != null && backupReport.result().get("key") != null;
            if (!aborted && (stoppedBy == null || backupTaken || prepared.backup() == null)) {
                String newKey = backupTaken ? (String) backupReport.result().get("key") : null;
                VerifyRequest verify = requests.verify(newKey);
                String verifyStop = record(reports, stepStates, "backup verification", verify.failOn(), events,
                        () -> new BackupVerifier(clock).run(verify, events));
                stoppedBy = stoppedBy == null ? verifyStop : stoppedBy;
            } else {
                stepStates.put("backup verification", "skipped");
            }
        }
        reports.add(closingReport(config, startedAt, stepStates, stoppedBy));
        ConfigSection release = config.section("release");
        EvidenceBundle.RunInfo run = new EvidenceBundle.RunInfo(release.text("name", ciRun == EvidenceBundle.RunInfo.UNKNOWN ? "release"
                : ciRun.name()), ciRun.url(), release.text("revision", ciRun.revision()));
        EvidenceBundle bundle = EvidenceBundle.of(run, clock.instant(), reports);
        EvidenceFiles.write(evidenceFolder, bundle);
        return new Outcome(bundle, evidenceFolder, stoppedBy != null);
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
        List<Problem> problems = new ArrayList<>();
        FreezeRequest freeze = config.has("freeze") ? collect(problems, "freeze", requests::freeze) : null;
        BackupRequest backup = config.has("backup") ? collect(problems, "backup", requests::backup) : null;
        ImageBuildRequest image = config.has("image") ? collect(problems, "image", requests::image) : null;
        MigrateRequest migrate = config.has("migrate") ? collect(problems, "migrate", requests::migrate) : null;
        // The canary's image and the verified key come from earlier steps; placeholders let their requests be checked now.
        String placeholderImage = config.has("image") ? "registry.invalid/placeholder@sha256:" + "0".repeat(64) : null;
        CanaryRequest canary = config.has("canary") ? collect(problems, "canary", () -> requests.canary(placeholderImage, null)) : null;
        VerifyRequest verify = config.has("verify") ? collect(problems, "verify", () -> requests.verify(null)) : null;
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Prepared(freeze, backup, image, migrate, canary, verify);
    }

    private interface Build<T> {
        T get() throws InvalidInputException, InterruptedException;
    }

    /** Builds one request; its problems are named by the section they belong to, such as {@code backup.format}. */
    private static <T> T collect(List<Problem> problems, String section, Build<T> build) throws InterruptedException {
        try {
            return build.get();
        } catch (InvalidInputException e) {
            for (Problem problem : e.problems()) {
                String path = problem.path() == null || problem.path().isEmpty() ? section
                        : problem.path().startsWith(section + ".") ? problem.path() : section + "." + problem.path();
                problems.add(new Problem(problem.source(), path, problem.value(), problem.message()));
            }
            return null;
        }
    }

    private interface StepCall {
        StepReport run() throws InvalidInputException, InfrastructureException, InterruptedException;
    }

    /**
     * Runs one step and keeps its report. Returns the name of the step when it stops the release (its verdict fails
     * under {@code failOn}, or it could not finish), or {@code null} when the release goes on.
     */
    private String record(List<StepReport> reports, Map<String, String> states, String name, FailOn failOn, EventSink events,
            StepCall call) throws InterruptedException {
        if (aborted) {
            states.put(name, "skipped");
            return name;
        }
        events.info("Release step: " + name + ".");
        Instant started = clock.instant();
        try {
            StepReport report = call.run();
            reports.add(report);
            boolean fails = failOn.fails(report.verdict());
            states.put(name, report.verdict() + (fails ? ", stops the release" : ""));
            if (fails) {
                events.warning("The " + name + " failed (" + report.title() + "); the steps after it do not run.");
                return name;
            }
            return null;
        } catch (InvalidInputException | InfrastructureException e) {
            events.error("The " + name + " could not finish: " + e.getMessage());
            reports.add(StepReport.builder(STEP).title("The " + name + " could not finish").startedAt(started).finishedAt(clock.instant())
                    .finding(ReleaseFindings.RELEASE_STEP_FAULT, Severity.ERROR, name, "The " + name + " could not finish: "
                            + e.getMessage() + (e.context().isEmpty() ? "" : " " + e.context()) + ". Fix the cause and run the release again.")
                    .build());
            states.put(name, "could not finish");
            return name;
        }
    }

    private StepReport closingReport(ReleaseConfig config, Instant startedAt, Map<String, String> states, String stoppedBy) {
        StepReport.Builder report = StepReport.builder(STEP).startedAt(startedAt).finishedAt(clock.instant())
                .parameter("config", config.file().toString())
                .parameter("environment", config.section("release").text("environment"))
                .parameter("tenant", config.section("release").text("tenant"));
        for (String step : List.of("freeze guard", "backup", "image build", "migration check", "canary", "backup verification")) {
            String section = sectionOf(step);
            if (!config.has(section)) {
                report.finding(ReleaseFindings.RELEASE_STEP_NOT_CONFIGURED, Severity.INFO, step, "The configuration has no '" + section
                        + "' section, so the " + step + " did not run.");
            } else if ("skipped".equals(states.get(step))) {
                report.finding(ReleaseFindings.RELEASE_STEP_SKIPPED, Severity.WARNING, step, "The " + step + " did not run because the "
                        + stoppedBy + " failed.");
            }
        }
        if (stoppedBy != null) {
            report.finding(ReleaseFindings.RELEASE_STEP_FAILED, Severity.ERROR, stoppedBy, "The " + stoppedBy + " failed, so the "
                    + "release stopped there; its report says why.");
        }
        report.section(new Section.Table("Steps", List.of("step", "state"),
                states.entrySet().stream().map(entry -> List.of(entry.getKey(), entry.getValue())).toList()));
        report.result("failed", stoppedBy != null).result("stoppedBy", stoppedBy)
                .result("steps", new LinkedHashMap<String, Object>(states));
        report.title(stoppedBy == null ? "Release finished: " + states.size() + " steps" : "Release stopped by the " + stoppedBy);
        return report.build();
    }

    private static String sectionOf(String step) {
        return switch (step) {
            case "freeze guard" -> "freeze";
            case "backup" -> "backup";
            case "image build" -> "image";
            case "migration check" -> "migrate";
            case "canary" -> "canary";
            default -> "verify";
        };
    }

    private static List<String> plannedSteps(ReleaseConfig config) {
        List<String> steps = new ArrayList<>();
        for (String step : List.of("freeze guard", "backup", "image build", "migration check", "canary", "backup verification")) {
            if (config.has(sectionOf(step))) {
                steps.add(step);
            }
        }
        return steps.isEmpty() ? List.of("no steps") : steps;
    }

    private static StepReport last(List<StepReport> reports, String step) {
        for (int i = reports.size() - 1; i >= 0; i--) {
            if (reports.get(i).step().equals(step)) {
                return reports.get(i);
            }
        }
        return null;
    }
}
