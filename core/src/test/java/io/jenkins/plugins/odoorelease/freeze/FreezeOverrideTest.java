package io.jenkins.plugins.odoorelease.freeze;

import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.frozen;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.platform;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.request;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule an override must pass before it lifts an approval window. */
class FreezeOverrideTest {

    private static final String AT = "2027-01-31T12:00:00Z";
    private static final CalendarSource CLOSE = platform("close.yaml", """
            timeZone: UTC
            windows:
              - id: january-close
                category: financial-close
                severity: approval
                start: 2027-01-31T00:00
                end: 2027-02-02T00:00
              - id: stock-count
                category: inventory-count
                severity: approval
                start: 2027-01-31T00:00
                end: 2027-02-01T00:00
            """);
    private static final OverrideAuthorizer ONLY_ALICE = approver -> approver.equals("alice") ? null
            : "'" + approver + "' is not an override approver; ask one of: alice";

    private static FreezeRequest.OverrideInput override(String reason, String approver, String expires, String... windows) {
        return new FreezeRequest.OverrideInput(reason, approver, expires, "CHG-1024", List.of(windows));
    }

    private static StepReport runWith(FreezeRequest.OverrideInput override) throws Exception {
        return run(request(AT, CLOSE).expectedDuration("1h").requester("bob").override(override), ONLY_ALICE);
    }

    private static List<String> rejections(StepReport report) {
        return report.findings(FreezeFindings.FREEZE_OVERRIDE_REJECTED.code()).stream().map(Finding::message).toList();
    }

    @Test
    void validOverrideLiftsApprovalWindows() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", "2027-01-31T18:00:00Z"));

        assertThat(frozen(report)).isFalse();
        assertThat(report.result().get("overridden")).isEqualTo(true);
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.findings(FreezeFindings.FREEZE_OVERRIDDEN.code())).extracting(Finding::subject)
                .containsExactly("january-close", "stock-count");
        Section.KeyValues recorded = (Section.KeyValues) report.sections().stream()
                .filter(section -> section.title().equals("Override")).findFirst().orElseThrow();
        assertThat(recorded.entries()).containsEntry("Status", "accepted").containsEntry("Approver", "alice")
                .containsEntry("Reason", "Tax rate fix must ship before invoicing").containsEntry("Ticket", "CHG-1024")
                .containsEntry("Expires", "2027-01-31T18:00:00Z");
    }

    @Test
    void missingReasonRejected() throws Exception {
        StepReport report = runWith(override(" ", "alice", "4h"));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("overridden")).isEqualTo(false);
        assertThat(rejections(report)).containsExactly("Override rejected: missing reason; say in overrideReason why the change cannot wait "
                + "for the window to end.");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void shortReasonRejected() throws Exception {
        StepReport report = runWith(override("hotfix", "alice", "4h"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("6 characters", "at least 10");
    }

    @Test
    void missingApproverRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", null, "4h"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("missing approver", "overrideApprover");
    }

    @Test
    void missingExpiryRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", null));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("missing expiry; set overrideExpires");
    }

    @Test
    void invalidExpiryRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", "tonight"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("invalid expiry 'tonight'");
    }

    @Test
    void expiredOverrideRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", "2027-01-31T11:00:00Z"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("expired at 2027-01-31T11:00:00Z");
    }

    @Test
    void overrideLongerThanPolicyRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", "3d"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("overrides may last at most 1 d");
    }

    @Test
    void overrideEndingBeforeChangeRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", "30m"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString()
                .contains("before the change is expected to finish at 2027-01-31T13:00:00Z");
    }

    @Test
    void requesterCannotApproveOwnChange() throws Exception {
        StepReport report = run(request(AT, CLOSE).expectedDuration("1h").requester("Alice")
                .override(override("Tax rate fix must ship before invoicing", "alice", "4h")), ONLY_ALICE);

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("also requested the change");
    }

    @Test
    void fourEyesRuleCanBeTurnedOff() throws Exception {
        StepReport report = run(request(AT, CLOSE).expectedDuration("1h").requester("alice")
                .overridePolicy(new FreezeRequest.OverridePolicy(Duration.ofHours(24), false, 10))
                .override(override("Tax rate fix must ship before invoicing", "alice", "4h")), ONLY_ALICE);

        assertThat(frozen(report)).isFalse();
    }

    @Test
    void unauthorisedApproverRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "mallory", "4h"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).containsExactly("Override rejected: 'mallory' is not an override approver; ask one of: alice.");
    }

    @Test
    void overrideLimitedToNamedWindow() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", "4h", "january-close"));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("stock-count");
        assertThat(report.result().get("overridden")).isEqualTo(true);
    }

    @Test
    void unknownWindowInOverrideRejected() throws Exception {
        StepReport report = runWith(override("Tax rate fix must ship before invoicing", "alice", "4h", "january-clsoe"));

        assertThat(frozen(report)).isTrue();
        assertThat(rejections(report)).singleElement().asString().contains("'january-clsoe', which no calendar defines");
    }

    @Test
    void everyProblemReportedAtOnce() throws Exception {
        StepReport report = runWith(override("", "", "", "nope"));

        assertThat(rejections(report)).hasSize(4);
    }

    @Test
    void rejectedOverrideOutsideFreezeOnlyWarns() throws Exception {
        StepReport report = run(request("2027-03-01T12:00:00Z", CLOSE).expectedDuration("1h").requester("bob")
                .override(override("short", "alice", "4h")), ONLY_ALICE);

        assertThat(frozen(report)).isFalse();
        assertThat(report.findings(FreezeFindings.FREEZE_OVERRIDE_REJECTED.code())).extracting(Finding::severity)
                .containsExactly(Severity.WARNING);
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
    }
}
