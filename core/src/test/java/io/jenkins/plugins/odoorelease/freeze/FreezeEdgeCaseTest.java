package io.jenkins.plugins.odoorelease.freeze;

import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.frozen;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.platform;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.request;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inputs that once slipped through: duplicate keys, orphan instances, repeated hours, dense rules and unknown zones. */
class FreezeEdgeCaseTest {

    @Test
    void duplicateKeyRejected() {
        CalendarParseResult result = Calendars.parse(platform("dup.yaml", """
                timeZone: UTC
                windows:
                  - id: black-friday
                    severity: block
                    start: 2027-11-22T00:00
                    end: 2027-11-30T00:00
                windows: []
                """));

        assertThat(result.problems()).singleElement().asString().contains("Duplicate field 'windows'");
    }

    @Test
    void duplicateSeverityRejected() {
        CalendarParseResult result = Calendars.parse(platform("dup.yaml", """
                timeZone: UTC
                windows:
                  - id: black-friday
                    severity: block
                    severity: warn
                    start: 2027-11-22T00:00
                    end: 2027-11-30T00:00
                """));

        assertThat(result.windows()).isEmpty();
        assertThat(result.problems()).singleElement().asString().contains("Duplicate field 'severity'");
    }

    @Test
    void emptyEnvironmentListRejected() {
        CalendarParseResult result = Calendars.parse(platform("empty.yaml", """
                timeZone: UTC
                windows:
                  - id: nowhere
                    severity: block
                    environments: []
                    start: 2027-11-22T00:00
                    end: 2027-11-30T00:00
                """));

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("windows[0].environments");
            assertThat(problem.message()).contains("would match nothing");
        });
    }

    @Test
    void absoluteStartInRepeatedHourKeepsSecondPass() throws Exception {
        // 01:30 UTC on 2027-10-31 is the second 02:30 in Berlin (CET); a 2h window ends at 03:30 UTC, not earlier.
        CalendarSource calendar = platform("repeat.yaml", """
                timeZone: Europe/Berlin
                windows:
                  - id: second-pass
                    severity: block
                    start: 2027-10-31T01:30:00Z
                    duration: 2h
                  - id: short
                    severity: block
                    start: 2027-10-31T01:30:00Z
                    duration: 30m
                """);

        StepReport report = run(request("2027-10-31T03:00:00Z", calendar));

        assertThat(report.findings(FreezeFindings.FREEZE_CALENDAR_INVALID.code())).isEmpty();
        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("endsAt")).isEqualTo("2027-10-31T03:30:00Z");
    }

    @Test
    void tooDenseWindowReportedNotTruncated() throws Exception {
        CalendarSource calendar = platform("dense.yaml", """
                timeZone: UTC
                windows:
                  - id: every-minute
                    severity: block
                    cron: "* * * * *"
                    duration: 1m
                """);

        StepReport report = run(request("2027-07-01T12:00:30Z", calendar));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(FreezeFindings.FREEZE_CALENDAR_INVALID.code())).singleElement().satisfies(finding ->
                assertThat(finding.message()).contains("every-minute", "recurs more than 100000 times"));
        assertThat(report.title()).startsWith("Calendar invalid; ");
    }

    private static final String ORPHAN_ICS = String.join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//x//EN",
            "BEGIN:VEVENT", "UID:series@retail.example", "DTSTAMP:20270101T000000Z",
            "RECURRENCE-ID;TZID=Europe/Amsterdam:20270203T090000",
            "DTSTART;TZID=Europe/Amsterdam:20270203T090000", "DTEND;TZID=Europe/Amsterdam:20270203T120000",
            "SUMMARY:Stock count (one occurrence)", "END:VEVENT", "END:VCALENDAR", "");

    @Test
    void orphanRecurrenceInstanceStillFreezes() throws Exception {
        StepReport report = run(request("2027-02-03T08:30:00Z", platform("orphan.ics", ORPHAN_ICS)));

        assertThat(frozen(report)).isTrue();
        assertThat((String) report.result().get("window")).startsWith("orphan:series-retail.example:");
    }

    @Test
    void unknownTimeZoneIdReported() {
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//x//EN", "BEGIN:VEVENT", "UID:a",
                "DTSTAMP:20270101T000000Z", "DTSTART;TZID=Mars/Olympus:20270203T090000", "DTEND;TZID=Mars/Olympus:20270203T100000",
                "END:VEVENT", "END:VCALENDAR", "");

        CalendarParseResult result = Calendars.parse(platform("mars.ics", ics));

        assertThat(result.problems()).isNotEmpty();
        assertThat(result.problems()).extracting(Problem::message).anySatisfy(message ->
                assertThat(message).contains("Mars/Olympus"));
    }

    @Test
    void icsDurationKeepsCalendarDays() {
        WindowLength length = IcsCalendarParser.durationValue("P1DT12H");

        assertThat(length).isEqualTo(new WindowLength(1, Duration.ofHours(12)));
        assertThat(IcsCalendarParser.durationValue("P2W")).isEqualTo(new WindowLength(14, Duration.ZERO));
        assertThat(IcsCalendarParser.durationValue("PT0S")).isNull();
        assertThat(IcsCalendarParser.durationValue("P1M")).isNull();
    }

    @Test
    void periodRdateReportedClearly() {
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//x//EN", "BEGIN:VEVENT", "UID:a",
                "DTSTAMP:20270101T000000Z", "DTSTART:20270203T090000Z", "DTEND:20270203T100000Z",
                "RDATE;VALUE=PERIOD:20270210T090000Z/20270210T100000Z", "END:VEVENT", "END:VCALENDAR", "");

        CalendarParseResult result = Calendars.parse(platform("period.ics", ics));

        assertThat(result.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("VALUE=PERIOD", "not supported"));
    }

    private static final CalendarSource SLIDE = platform("slide.yaml", """
            timeZone: UTC
            windows:
              - id: close
                severity: approval
                start: 2027-06-01T10:00
                end: 2027-06-01T14:00
              - id: maintenance
                severity: block
                start: 2027-06-01T10:15
                end: 2027-06-01T10:45
            """);

    @Test
    void durationExpiryCountsFromFirstDecision() throws Exception {
        FreezeRequest.OverrideInput override = new FreezeRequest.OverrideInput("Tax fix must ship before invoicing", "alice",
                "1h", null, List.of());

        StepReport report = run(request("2027-06-01T10:00:00Z", SLIDE).expectedDuration("30m").onFreeze("wait").maxWait("1h").requester("carol")
                .override(override));

        // The block window forces a wait until 10:45; the change would then end at 11:15, after the expiry at 11:00.
        assertThat(frozen(report)).isTrue();
        assertThat(report.findings(FreezeFindings.FREEZE_OVERRIDE_REJECTED.code())).singleElement().satisfies(finding ->
                assertThat(finding.message()).contains("expires at 2027-06-01T11:00:00Z"));
        assertThat(report.findings(FreezeFindings.FREEZE_WAIT_TOO_LONG.code())).singleElement().satisfies(finding ->
                assertThat(finding.message()).startsWith("The guard stopped waiting after 45 min"));
    }

    @Test
    void unknownRequesterWarnsAboutFourEyes() throws Exception {
        FreezeRequest.OverrideInput override = new FreezeRequest.OverrideInput("Tax fix must ship before invoicing", "alice",
                "2h", null, List.of());

        StepReport report = run(request("2027-06-01T11:00:00Z", SLIDE).override(override));

        assertThat(frozen(report)).isFalse();
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.findings(FreezeFindings.FREEZE_FOUR_EYES_UNCHECKED.code())).hasSize(1);
    }

    @Test
    void overrideMissingWindowExplained() throws Exception {
        FreezeRequest.OverrideInput override = new FreezeRequest.OverrideInput("Tax fix must ship before invoicing", "alice",
                "2h", null, List.of("maintenance"));

        StepReport report = run(request("2027-06-01T11:00:00Z", SLIDE).requester("carol").override(override));

        Finding active = report.findings(FreezeFindings.FREEZE_ACTIVE.code()).get(0);
        assertThat(active.message()).contains("the override covers only maintenance");
    }

    @Test
    void jsonKeepsNullResultValues() throws Exception {
        StepReport report = run(request("2027-06-02T11:00:00Z", SLIDE));

        String json = ReportJson.toJson(report);

        assertThat(json).contains("\"window\" : null", "\"endsAt\" : null");
    }

    @Test
    void hugeDurationRejected() {
        CalendarParseResult result = Calendars.parse(platform("huge.yaml", """
                timeZone: UTC
                windows:
                  - id: forever
                    severity: block
                    start: 2027-01-01T00:00
                    duration: 400000000000d
                """));

        assertThat(result.problems()).singleElement().satisfies(problem -> assertThat(problem.message()).contains("36525d"));
    }
}
