package io.jenkins.plugins.odoorelease.freeze;

import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.frozen;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.platform;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.repository;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.request;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Lookahead, scope, precedence, merging, waiting and the repository's limits. */
class FreezeRulesTest {

    private static final CalendarSource CAMPAIGN = platform("platform.yaml", """
            timeZone: UTC
            windows:
              - id: flash-sale
                name: Flash sale
                category: campaign
                severity: block
                environments: [production]
                start: 2027-11-26T10:00
                end: 2027-11-26T14:00
            """);

    @Test
    void changeRunningIntoWindowIsFrozen() throws Exception {
        StepReport report = run(request("2027-11-26T09:30:00Z", CAMPAIGN).expectedDuration("45m"));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("flash-sale");
        assertThat(report.result().get("endsAt")).isEqualTo("2027-11-26T14:00:00Z");
        Finding finding = report.findings(FreezeFindings.FREEZE_STARTS_DURING_CHANGE.code()).get(0);
        assertThat(finding.subject()).isEqualTo("flash-sale");
        assertThat(finding.message()).contains("starts at 2027-11-26 10:00 UTC", "expected to finish at 2027-11-26 10:15 UTC");
    }

    @Test
    void changeFinishingAtWindowStartProceeds() throws Exception {
        StepReport report = run(request("2027-11-26T09:30:00Z", CAMPAIGN).expectedDuration("30m"));

        assertThat(frozen(report)).isFalse();
        assertThat(report.result().get("nextWindow")).isEqualTo("flash-sale");
        assertThat(report.result().get("nextStartsAt")).isEqualTo("2027-11-26T10:00:00Z");
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void otherEnvironmentIsNotFrozen() throws Exception {
        StepReport report = run(request("2027-11-26T11:00:00Z", CAMPAIGN).environment("staging"));

        assertThat(frozen(report)).isFalse();
        assertThat(report.result().get("nextWindow")).isNull();
        assertThat(report.findings(FreezeFindings.FREEZE_ENVIRONMENT_UNKNOWN.code())).isEmpty();
    }

    @Test
    void misspeltEnvironmentWarned() throws Exception {
        for (String environment : List.of("prodution", "prod", "prdouction")) {
            StepReport report = run(request("2027-11-26T11:00:00Z", CAMPAIGN).environment(environment));

            assertThat(frozen(report)).as(environment).isFalse();
            assertThat(report.verdict()).as(environment).isEqualTo(Verdict.WARN);
            Finding finding = report.findings(FreezeFindings.FREEZE_ENVIRONMENT_UNKNOWN.code()).get(0);
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.message()).as(environment).contains("'" + environment + "'", "the windows name production");
        }
    }

    @Test
    void distinctEnvironmentsNotWarned() throws Exception {
        for (String environment : List.of("production-eu", "staging", "preprod", "uat")) {
            StepReport report = run(request("2027-11-26T11:00:00Z", CAMPAIGN).environment(environment));

            assertThat(report.findings(FreezeFindings.FREEZE_ENVIRONMENT_UNKNOWN.code())).as(environment).isEmpty();
        }
    }

    @Test
    void editDistanceCountsEdits() {
        assertThat(FreezeGuard.editDistance("prodution", "production")).isEqualTo(1);
        assertThat(FreezeGuard.editDistance("prdo", "prod")).isEqualTo(1);
        assertThat(FreezeGuard.editDistance("staging", "production")).isEqualTo(9);
        assertThat(FreezeGuard.editDistance("", "prod")).isEqualTo(4);
        assertThat(FreezeGuard.editDistance("same", "same")).isZero();
    }

    private static final CalendarSource SCOPED = platform("scoped.yaml", """
            timeZone: UTC
            defaults:
              severity: block
            windows:
              - id: acme-stock-count
                category: inventory-count
                tenants: ["acme-*"]
                changeTypes: [application]
                start: 2027-06-01T00:00
                end: 2027-06-02T00:00
            """);

    @Test
    void tenantPatternMatches() throws Exception {
        assertThat(frozen(run(request("2027-06-01T12:00:00Z", SCOPED).tenant("acme-eu")))).isTrue();
        assertThat(frozen(run(request("2027-06-01T12:00:00Z", SCOPED).tenant("globex")))).isFalse();
    }

    @Test
    void changeWithoutTenantAffectsEveryTenant() throws Exception {
        assertThat(frozen(run(request("2027-06-01T12:00:00Z", SCOPED)))).isTrue();
    }

    @Test
    void changeTypeScope() throws Exception {
        StepReport infrastructure = run(request("2027-06-01T12:00:00Z", SCOPED).tenant("acme-eu").changeType("infrastructure"));

        assertThat(frozen(infrastructure)).isFalse();
    }

    private static final CalendarSource LAYERED = platform("layered.yaml", """
            timeZone: UTC
            windows:
              - id: close-a
                category: financial-close
                severity: approval
                start: 2027-01-31T10:00
                end: 2027-01-31T12:00
              - id: close-b
                category: financial-close
                severity: approval
                start: 2027-01-31T11:30
                end: 2027-01-31T14:00
              - id: close-c
                category: financial-close
                severity: approval
                start: 2027-01-31T14:00
                end: 2027-01-31T15:00
              - id: heads-up
                severity: warn
                start: 2027-01-31T09:00
                end: 2027-01-31T18:00
            """);

    @Test
    void overlappingAndAdjacentWindowsMerge() throws Exception {
        StepReport report = run(request("2027-01-31T11:45:00Z", LAYERED));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("close-a");
        assertThat(report.result().get("endsAt")).isEqualTo("2027-01-31T15:00:00Z");
        assertThat(report.result().get("windows")).isEqualTo(List.of("heads-up", "close-a", "close-b"));
    }

    @Test
    void warnWindowAloneProceedsWithWarning() throws Exception {
        StepReport report = run(request("2027-01-31T09:30:00Z", LAYERED));

        assertThat(frozen(report)).isFalse();
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.findings(FreezeFindings.FREEZE_WARNING_WINDOW.code())).hasSize(1);
    }

    @Test
    void blockBeatsOverride() throws Exception {
        CalendarSource calendar = platform("mixed.yaml", """
                timeZone: UTC
                windows:
                  - id: black-friday
                    severity: block
                    start: 2027-11-26T00:00
                    end: 2027-11-27T00:00
                  - id: black-friday-approval
                    severity: approval
                    start: 2027-11-25T00:00
                    end: 2027-11-28T00:00
                """);
        FreezeRequest.OverrideInput override = new FreezeRequest.OverrideInput("Payment provider outage needs a hotfix",
                "alice", "4h", "INC-4711", List.of());

        StepReport report = run(request("2027-11-26T09:00:00Z", calendar).override(override).requester("bob"));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("black-friday");
        assertThat(report.result().get("overridden")).isEqualTo(true);
        assertThat(report.findings(FreezeFindings.FREEZE_BLOCK_NOT_OVERRIDABLE.code())).hasSize(1);
    }

    @Test
    void repositoryCannotReplacePlatformWindow() throws Exception {
        CalendarSource repositoryCalendar = repository("repo/freeze.yaml", """
                timeZone: UTC
                windows:
                  - id: flash-sale
                    severity: warn
                    start: 2030-01-01T00:00
                    end: 2030-01-02T00:00
                  - id: tenant-launch
                    severity: block
                    start: 2027-12-01T00:00
                    end: 2027-12-02T00:00
                """);

        StepReport report = run(request("2027-11-26T11:00:00Z", repositoryCalendar, CAMPAIGN));
        StepReport added = run(request("2027-12-01T11:00:00Z", repositoryCalendar, CAMPAIGN));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("flash-sale");
        Finding invalid = report.findings(FreezeFindings.FREEZE_CALENDAR_INVALID.code()).get(0);
        assertThat(invalid.message()).contains("repo/freeze.yaml", "windows[0].id", "'flash-sale'", "platform calendar platform.yaml");
        assertThat(frozen(added)).isTrue();
        assertThat(added.result().get("window")).isEqualTo("tenant-launch");
    }

    @Test
    void warnPolicyLetsFrozenChangeProceed() throws Exception {
        StepReport report = run(request("2027-11-26T11:00:00Z", CAMPAIGN).onFreeze("warn"));

        assertThat(frozen(report)).isTrue();
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.findings(FreezeFindings.FREEZE_ACTIVE.code()).get(0).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void waitSleepsUntilWindowEnds() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2027-11-26T13:00:00Z"));
        List<Duration> sleeps = new ArrayList<>();
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        FreezeGuard guard = new FreezeGuard(clock, duration -> {
            sleeps.add(duration);
            now.set(now.get().plus(duration));
        }, approver -> null);
        FreezeRequest request = FreezeRequest.builder().environment("production").calendar(CAMPAIGN).expectedDuration("0s")
                .onFreeze("wait").maxWait("2h").build();

        StepReport report = guard.run(request, EventSink.NONE);

        assertThat(sleeps).containsExactly(Duration.ofHours(1));
        assertThat(frozen(report)).isFalse();
        assertThat(report.result().get("waitedSeconds")).isEqualTo(3600L);
        assertThat(report.findings(FreezeFindings.FREEZE_WAITED.code())).hasSize(1);
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void waitLongerThanMaxWaitFails() throws Exception {
        StepReport report = run(request("2027-11-26T10:30:00Z", CAMPAIGN).onFreeze("wait").maxWait("1h"));

        assertThat(frozen(report)).isTrue();
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(FreezeFindings.FREEZE_WAIT_TOO_LONG.code()).get(0).message())
                .contains("ends at 2027-11-26T14:00:00Z", "maximum wait of 1 h");
    }

    @Test
    void noCalendarsWarns() throws Exception {
        StepReport report = run(request("2027-11-26T10:30:00Z"));

        assertThat(frozen(report)).isFalse();
        assertThat(report.findings(FreezeFindings.FREEZE_NO_CALENDARS.code())).hasSize(1);
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void invalidRequestNamesEveryValue() {
        FreezeRequest.Builder request = FreezeRequest.builder().changeType("database").onFreeze("pause").expectedDuration("90")
                .at("tomorrow");

        assertThatThrownBy(request::build)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("environment: missing environment")
                .hasMessageContaining("changeType: 'database': expected 'application' or 'infrastructure'")
                .hasMessageContaining("onFreeze: 'pause': expected 'fail', 'warn' or 'wait'")
                .hasMessageContaining("expectedDuration: '90': invalid duration: add a unit")
                .hasMessageContaining("at: 'tomorrow': invalid instant");
    }

    @Test
    void aheadTableListsComingWindows() throws Exception {
        StepReport report = run(request("2027-11-20T00:00:00Z", CAMPAIGN).horizon("10d"));

        assertThat(report.sections()).anySatisfy(section -> {
            assertThat(section.title()).isEqualTo("Windows in the next 10 d");
            assertThat(((io.jenkins.plugins.odoorelease.report.Section.Table) section).rows())
                    .anySatisfy(row -> assertThat(row).startsWith("flash-sale", "Flash sale", "campaign", "block", "ahead"));
        });
    }
}
