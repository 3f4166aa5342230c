package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.FindingCode;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the findings and outcome of each verification level, so that the report shows every level on its own. */
final class VerifyLevels {

    /** The seven levels, in the order they are reported. */
    enum Level {
        FRESHNESS(1, "Freshness"),
        INTEGRITY(2, "Integrity"),
        STRUCTURE(3, "Structure"),
        RESTORE(4, "Restore"),
        CONSISTENCY(5, "Odoo consistency"),
        ATTACHMENTS(6, "Attachments"),
        STORAGE(7, "Storage policy");

        final int number;
        final String title;

        Level(int number, String title) {
            this.number = number;
            this.title = title;
        }

        /** Returns the name used for the level's check, such as {@code 4 restore}. */
        String checkName() {
            return number + " " + title.toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Level, List<Finding>> findings = new EnumMap<>(Level.class);
    private final Map<Level, String> summaries = new EnumMap<>(Level.class);
    private final Map<Level, String> skipped = new EnumMap<>(Level.class);
    private final List<Finding> general = new ArrayList<>();

    VerifyLevels() {
        for (Level level : Level.values()) {
            findings.put(level, new ArrayList<>());
        }
    }

    void add(Level level, FindingCode code, Severity severity, String subject, String message) {
        findings.get(level).add(Finding.of(code, severity, subject, message));
    }

    void add(Level level, Finding finding) {
        findings.get(level).add(finding);
    }

    /** Records a finding that belongs to no level, such as the clean-up of old scratch databases. */
    void addGeneral(Finding finding) {
        general.add(finding);
    }

    /** Sets the one-line outcome of a level that ran, such as {@code 42 MiB restored in 12 s}. */
    void summary(Level level, String text) {
        summaries.put(level, text);
    }

    /** Adds to the one-line outcome of a level that checks several objects, such as the integrity of each. */
    void addSummary(Level level, String text) {
        summaries.merge(level, text, (earlier, later) -> earlier + "; " + later);
    }

    /** Marks a level as not run, with the reason; the reason is reported as an information finding. */
    void skip(Level level, String reason) {
        skipped.put(level, reason);
        findings.get(level).add(Finding.of(VerifyFindings.VERIFY_LEVEL_SKIPPED, Severity.INFO, level.checkName(), reason));
    }

    boolean skipped(Level level) {
        return skipped.containsKey(level);
    }

    /** Returns whether a level has an error finding. */
    boolean failed(Level level) {
        return verdict(level) == Verdict.FAIL;
    }

    Verdict verdict(Level level) {
        return StepReport.verdictOf(findings.get(level));
    }

    /** Adds every finding, one check per level and the levels table to the report. */
    void addTo(StepReport.Builder report) {
        report.findings(general);
        List<List<String>> rows = new ArrayList<>();
        for (Level level : Level.values()) {
            report.findings(findings.get(level));
            String outcome = skipped.containsKey(level) ? "SKIPPED" : verdict(level).name();
            String detail = skipped.containsKey(level) ? skipped.get(level) : describe(level);
            report.check(skipped.containsKey(level) ? Check.skipped("levels", level.checkName(), detail)
                    : new Check("levels", level.checkName(), verdict(level), detail));
            rows.add(List.of(String.valueOf(level.number), level.title, outcome, detail));
        }
        report.section(new Section.Table("Verification levels", List.of("level", "check", "outcome", "detail"), rows));
    }

    private String describe(Level level) {
        List<String> parts = new ArrayList<>();
        if (summaries.containsKey(level)) {
            parts.add(summaries.get(level));
        }
        for (Finding finding : findings.get(level)) {
            if (finding.severity() != Severity.INFO) {
                parts.add(finding.code());
            }
        }
        return String.join("; ", parts);
    }

    /** Returns each level's outcome keyed by its check name, for the step's result map. */
    Map<String, String> outcomes() {
        Map<String, String> outcomes = new java.util.LinkedHashMap<>();
        for (Level level : Level.values()) {
            outcomes.put(level.name().toLowerCase(Locale.ROOT), skipped.containsKey(level) ? "SKIPPED" : verdict(level).name());
        }
        return outcomes;
    }
}
