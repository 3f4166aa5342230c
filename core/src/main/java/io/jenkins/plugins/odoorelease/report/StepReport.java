package io.jenkins.plugins.odoorelease.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report of one step run: what was asked, what was found and what the step returned. The verdict follows
 * from the findings, so a report can never show a pass next to an error.
 *
 * @param step the Pipeline step name, for example {@code odooFreezeGuard}
 * @param title a one-line summary of the outcome for people, for example {@code Frozen by black-friday until ...}
 * @param parameters the inputs, with every secret left out
 * @param result the map the step returns; values are strings, numbers, booleans, lists and maps only
 */
@JsonPropertyOrder({"step", "verdict", "title", "startedAt", "finishedAt", "parameters", "findings", "measurements",
    "result", "sections", "checks"})
public record StepReport(
        String step,
        Verdict verdict,
        String title,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Object> parameters,
        List<Finding> findings,
        List<Measurement> measurements,
        Map<String, Object> result,
        List<Section> sections,
        List<Check> checks) {

    public StepReport {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        title = title == null ? "" : title;
        parameters = unmodifiable(parameters);
        findings = findings == null ? List.of() : List.copyOf(findings);
        measurements = measurements == null ? List.of() : List.copyOf(measurements);
        result = unmodifiable(result);
        sections = sections == null ? List.of() : List.copyOf(sections);
        checks = checks == null ? List.of() : List.copyOf(checks);
        Verdict computed = verdictOf(findings);
        if (verdict == null) {
            verdict = computed;
        } else if (verdict != computed) {
            throw new IllegalArgumentException("verdict " + verdict + " does not match the findings, which give " + computed);
        }
    }

    public static Builder builder(String step) {
        return new Builder(step);
    }

    /** Returns the same report with {@code prefix} before its title, for example to tell two runs of one step apart. */
    public StepReport withTitlePrefix(String prefix) {
        return new StepReport(step, verdict, prefix + title, startedAt, finishedAt, parameters, findings, measurements, result,
                sections, checks);
    }

    /** Returns the worst verdict the findings lead to, or {@code PASS} when there are none. */
    public static Verdict verdictOf(List<Finding> findings) {
        Verdict verdict = Verdict.PASS;
        for (Finding finding : findings) {
            verdict = verdict.worst(Verdict.of(finding.severity()));
        }
        return verdict;
    }

    /** Returns the findings with this code, in report order. */
    public List<Finding> findings(String code) {
        return findings.stream().filter(finding -> finding.code().equals(code)).toList();
    }

    /** Returns the findings at or above this severity, in report order. */
    public List<Finding> findingsAtLeast(Severity severity) {
        return findings.stream().filter(finding -> finding.severity().compareTo(severity) >= 0).toList();
    }

    private static Map<String, Object> unmodifiable(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Collects a report while a step runs. */
    public static final class Builder {

        private final String step;
        private String title = "";
        private Instant startedAt;
        private Instant finishedAt;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<Measurement> measurements = new ArrayList<>();
        private final Map<String, Object> result = new LinkedHashMap<>();
        private final List<Section> sections = new ArrayList<>();
        private final List<Check> checks = new ArrayList<>();

        private Builder(String step) {
            this.step = Objects.requireNonNull(step, "step");
        }

        public Builder title(String newTitle) {
            this.title = newTitle;
            return this;
        }

        public Builder startedAt(Instant instant) {
            this.startedAt = instant;
            return this;
        }

        public Builder finishedAt(Instant instant) {
            this.finishedAt = instant;
            return this;
        }

        /** Records an input; a null value is left out. Never pass a secret here. */
        public Builder parameter(String name, Object value) {
            if (value != null) {
                parameters.put(name, value);
            }
            return this;
        }

        public Builder finding(Finding finding) {
            findings.add(finding);
            return this;
        }

        public Builder finding(FindingCode code, Severity severity, String subject, String message) {
            return finding(Finding.of(code, severity, subject, message));
        }

        public Builder findings(List<Finding> newFindings) {
            findings.addAll(newFindings);
            return this;
        }

        public Builder measurement(Measurement measurement) {
            measurements.add(measurement);
            return this;
        }

        /** Records a returned value; values must be strings, numbers, booleans, lists, maps or null. */
        public Builder result(String key, Object value) {
            result.put(key, value);
            return this;
        }

        public Builder section(Section section) {
            sections.add(section);
            return this;
        }

        public Builder check(Check check) {
            checks.add(check);
            return this;
        }

        /** Returns the verdict the findings so far lead to. */
        public Verdict verdict() {
            return verdictOf(findings);
        }

        public StepReport build() {
            return new StepReport(step, null, title, startedAt, finishedAt, parameters, findings, measurements, result,
                    sections, checks);
        }
    }
}
