package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.canary.CanaryRollout;
import io.jenkins.plugins.odoorelease.canary.Outcome;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the reports the release itself writes: the report of a step that could not finish, and the closing
 * {@code odooRelease} report, whose verdict is the worst of its steps' verdicts.
 */
final class ReleaseSummary {

    /** The release's steps in the order they run, with the section of the release file that configures each. */
    static final Map<String, String> SECTIONS = sections();

    private ReleaseSummary() {
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("freeze guard", "freeze");
        sections.put("backup", "backup");
        sections.put("image build", "image");
        sections.put("migration check", "migrate");
        sections.put("canary", "canary");
        sections.put("backup verification", "verify");
        return sections;
    }

    /**
     * Builds the report of a step that threw instead of returning one. It carries the step's own name, so that the
     * evidence shows, for example, an {@code odooBackup} report that failed, with the fault as its error finding.
     */
    static StepReport stepFault(String name, String step, Instant startedAt, Instant finishedAt, OdooReleaseException fault) {
        Finding finding;
        String title;
        if (fault instanceof InvalidInputException) {
            title = "The " + name + " rejected a value when it ran";
            finding = Finding.of(ReleaseFindings.RELEASE_STEP_INVALID_INPUT, Severity.ERROR, name, title + ": " + describe(fault)
                    + ". Fix the value in the release file and run the release again.");
        } else {
            title = "The " + name + " could not finish";
            finding = Finding.of(ReleaseFindings.RELEASE_STEP_FAULT, Severity.ERROR, name, title + ": " + describe(fault)
                    + ". Fix the cause and run the release again.");
        }
        return StepReport.builder(step)
                .title(title)
                .startedAt(startedAt)
                .finishedAt(finishedAt)
                .finding(finding.withDetails(new LinkedHashMap<>(fault.context())))
                .build();
    }

    /**
     * Describes an exception as one sentence without its final full stop, followed by the systems it names, for
     * example {@code cannot connect to PostgreSQL (database jdbc:postgresql://db:5432/shop)}.
     */
    static String describe(OdooReleaseException exception) {
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage().strip();
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        if (exception.context().isEmpty()) {
            return message;
        }
        return message + " (" + exception.context().entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Builds the closing report.
     *
     * @param steps every step in the order it ran or was skipped
     * @param firstNumber the number the evidence page gives the first step's report, which is 1 in a new bundle
     * @param aborted whether the run was stopped by request
     */
    static StepReport closingReport(ReleaseConfig config, Instant startedAt, Instant finishedAt, List<StepRun> steps, int firstNumber,
            boolean aborted) {
        StepReport.Builder report = StepReport.builder(ReleaseRunner.STEP).startedAt(startedAt).finishedAt(finishedAt)
                .parameter("config", config.file().toString())
                .parameter("environment", config.section("release").text("environment"))
                .parameter("tenant", config.section("release").text("tenant"));
        for (Map.Entry<String, String> step : SECTIONS.entrySet()) {
            if (!config.has(step.getValue())) {
                report.finding(ReleaseFindings.RELEASE_STEP_NOT_CONFIGURED, Severity.INFO, step.getKey(), "The configuration has no '"
                        + step.getValue() + "' section, so the " + step.getKey() + " did not run.");
            }
        }
        StepRun firstStop = steps.stream().filter(StepRun::stops).findFirst().orElse(null);
        String skipReason = firstStop != null ? firstStop.stopReason() : "the release was stopped by request";
        Map<String, Object> states = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        int number = firstNumber;
        for (StepRun step : steps) {
            String reportName = "";
            if (step.report() != null) {
                reportName = "#" + number + " " + step.report().step();
                stepFinding(report, step, number, step == firstStop);
                number++;
            } else {
                report.finding(ReleaseFindings.RELEASE_STEP_SKIPPED, Severity.WARNING, step.name(), "The " + step.name()
                        + " did not run because " + skipReason + ".");
            }
            states.put(step.name(), step.describe());
            rows.add(List.of(step.name(), step.describe(), reportName));
        }
        if (aborted) {
            report.finding(ReleaseFindings.RELEASE_ABORTED, Severity.ERROR, null, "The release was stopped by request before all "
                    + "its steps ran; the table of steps says which ran. Run it again once the reason for the stop is settled.");
        }
        report.section(new Section.Table("Steps", List.of("step", "state", "report"), rows));
        report.result("failed", firstStop != null || aborted)
                .result("stoppedBy", firstStop == null ? null : firstStop.name())
                .result("steps", states);
        report.title(title(steps, firstStop, aborted));
        return report.build();
    }

    /** Adds the finding that carries a step's verdict into the closing report and points to the step's report. */
    private static void stepFinding(StepReport.Builder report, StepRun step, int number, boolean firstStop) {
        String where = firstStop ? ", so the release stopped there" : "";
        String see = ". See report #" + number + " (" + step.report().step() + ")";
        switch (step.state()) {
            case FAILED -> report.finding(ReleaseFindings.RELEASE_STEP_FAILED, Severity.ERROR, step.name(), "The " + step.name()
                    + " failed under its failOn policy" + where + see + " for the findings.");
            case FAULT -> report.finding(ReleaseFindings.RELEASE_STEP_FAULT, Severity.ERROR, step.name(), "The " + step.name()
                    + " could not finish because a server, store, registry or cluster failed" + where + see + " for the cause.");
            case INVALID_INPUT -> report.finding(ReleaseFindings.RELEASE_STEP_INVALID_INPUT, Severity.ERROR, step.name(), "The "
                    + step.name() + " rejected a value when it ran" + where + see + " for the value.");
            case FINISHED -> {
                Verdict verdict = step.report().verdict();
                if (verdict != Verdict.PASS) {
                    report.finding(ReleaseFindings.RELEASE_STEP_FINDINGS, verdict == Verdict.FAIL ? Severity.ERROR : Severity.WARNING,
                            step.name(), "The " + step.name() + " finished with verdict " + verdict + ", which its failOn policy "
                            + "lets pass" + see + " for the findings.");
                }
            }
            case STOPPED -> {
                // The closing report's RELEASE_ABORTED gives the reason, and the step's own report contains the details.
            }
            case SKIPPED -> throw new IllegalArgumentException("a skipped step has no report: " + step.name());
        }
    }

    private static String title(List<StepRun> steps, StepRun firstStop, boolean aborted) {
        if (firstStop != null) {
            return "Release stopped by the " + firstStop.name();
        }
        if (aborted) {
            return "Release stopped by request";
        }
        long ran = steps.stream().filter(step -> step.report() != null).count();
        return "Release finished: " + Text.count(ran, "step", "steps") + canaryNote(steps);
    }

    /** Returns a note on a canary that ran but did not promote, such as {@code , canary dry run, not promoted}. */
    private static String canaryNote(List<StepRun> steps) {
        for (StepRun step : steps) {
            if (step.report() == null || !step.report().step().equals(CanaryRollout.STEP)) {
                continue;
            }
            Map<String, Object> result = step.report().result();
            Object reason = result.get("reason");
            if (Boolean.TRUE.equals(result.get("dryRun"))) {
                return ", canary dry run, not promoted";
            }
            if (Outcome.HELD.keyword().equals(result.get("outcome"))) {
                return ", canary held" + (reason == null ? "" : " (" + reason + ")") + ", not promoted";
            }
            if (Outcome.ROLLED_BACK.keyword().equals(result.get("outcome"))) {
                return ", canary rolled back" + (reason == null ? "" : " (" + reason + ")");
            }
        }
        return "";
    }
}
