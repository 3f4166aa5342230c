package io.jenkins.plugins.odoorelease.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepReportTest {

    private static StepReport.Builder builder() {
        return StepReport.builder("odooBackup").startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH);
    }

    @Test
    void verdictFollowsWorstFinding() {
        assertThat(builder().build().verdict()).isEqualTo(Verdict.PASS);
        assertThat(builder().finding(new Finding("A", Severity.INFO, null, "m", null)).build().verdict()).isEqualTo(Verdict.PASS);
        assertThat(builder().finding(new Finding("A", Severity.WARNING, null, "m", null)).build().verdict()).isEqualTo(Verdict.WARN);
        assertThat(builder().finding(new Finding("A", Severity.WARNING, null, "m", null))
                .finding(new Finding("B", Severity.ERROR, null, "m", null)).build().verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void verdictContradictingFindingsRejected() {
        List<Finding> findings = List.of(new Finding("A", Severity.ERROR, null, "m", null));

        assertThatThrownBy(() -> new StepReport("odooBackup", Verdict.PASS, "", Instant.EPOCH, Instant.EPOCH, Map.of(), findings,
                List.of(), Map.of(), List.of(), List.of())).hasMessageContaining("does not match the findings");
    }

    @Test
    void failOnPolicies() {
        assertThat(FailOn.ERROR.fails(Verdict.FAIL)).isTrue();
        assertThat(FailOn.ERROR.fails(Verdict.WARN)).isFalse();
        assertThat(FailOn.WARNING.fails(Verdict.WARN)).isTrue();
        assertThat(FailOn.WARNING.fails(Verdict.PASS)).isFalse();
        assertThat(FailOn.NEVER.fails(Verdict.FAIL)).isFalse();
    }

    @Test
    void tableRowWidthChecked() {
        assertThatThrownBy(() -> new Section.Table("t", List.of("a", "b"), List.of(List.of("only one"))))
                .hasMessageContaining("1 cells for 2 columns");
    }
}
