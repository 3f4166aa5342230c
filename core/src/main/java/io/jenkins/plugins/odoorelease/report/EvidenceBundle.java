package io.jenkins.plugins.odoorelease.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reports of one release run, for an auditor: the freeze decision, image digest, migration plan, canary
 * measurements and restore proof side by side.
 *
 * @param schema the format version, {@value #SCHEMA}; raised on any incompatible change
 * @param run what run produced the reports
 * @param createdAt when the bundle was last written
 * @param reports the reports in the order the steps ran
 */
@JsonPropertyOrder({"schema", "run", "createdAt", "verdict", "reports"})
@JsonIgnoreProperties(value = "verdict", allowGetters = true)
public record EvidenceBundle(String schema, RunInfo run, Instant createdAt, List<StepReport> reports) {

    public static final String SCHEMA = "odoo-release/evidence/v1";

    public EvidenceBundle {
        Objects.requireNonNull(schema, "schema");
        run = run == null ? RunInfo.UNKNOWN : run;
        reports = reports == null ? List.of() : List.copyOf(reports);
    }

    public static EvidenceBundle of(RunInfo run, Instant createdAt, List<StepReport> reports) {
        return new EvidenceBundle(SCHEMA, run, createdAt, reports);
    }

    /** Returns the worst verdict of all reports, or {@code PASS} for an empty bundle. */
    @JsonProperty("verdict")
    public Verdict verdict() {
        Verdict verdict = Verdict.PASS;
        for (StepReport report : reports) {
            verdict = verdict.worst(report.verdict());
        }
        return verdict;
    }

    /**
     * Returns a bundle with this report added at the end. Every report is kept, because one release may run a
     * step several times, for example the freeze guard before each irreversible stage.
     */
    public EvidenceBundle with(StepReport report, Instant now) {
        List<StepReport> merged = new ArrayList<>(reports);
        merged.add(report);
        return new EvidenceBundle(schema, run, now, merged);
    }

    /**
     * Identifies the run behind a bundle.
     *
     * @param name a readable name, for example a Jenkins job and build number or a CI pipeline id
     * @param url a link to the run, or {@code null}
     * @param revision the source revision released, or {@code null}
     */
    public record RunInfo(String name, String url, String revision) {

        public static final RunInfo UNKNOWN = new RunInfo("unnamed run", null, null);
    }
}
