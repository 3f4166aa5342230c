package io.jenkins.plugins.odoorelease.freeze;

import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.frozen;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.platform;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.request;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading YAML and iCalendar calendars, and the errors for malformed ones. */
class FreezeCalendarTest {

    @Test
    void malformedWindowNamesFilePathAndValue() throws Exception {
        CalendarSource calendar = platform("calendars/retail.yaml", """
                timeZone: Europe/Amsterdam
                windows:
                  - id: black-friday
                    severity: block
                    start: 2027-11-22T00:00
                    end: 2027-11-30T00:00
                  - id: cyber-monday
                    severity: block
                    start: 2027-11-29T00:00
                    end: 2027-13-01T00:00
                """);

        StepReport report = run(request("2027-11-25T12:00:00Z", calendar));

        Finding invalid = report.findings(FreezeFindings.FREEZE_CALENDAR_INVALID.code()).get(0);
        assertThat(invalid.message()).startsWith("calendars/retail.yaml: windows[1].end: '2027-13-01T00:00': invalid date-time");
        assertThat(invalid.subject()).isEqualTo("calendars/retail.yaml");
        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("black-friday");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void everyWindowProblemReported() {
        CalendarParseResult result = Calendars.parse(platform("bad.yaml", """
                timeZone: Mars/Olympus
                windws: []
                windows:
                  - id: "no spaces"
                    severity: freeze
                    start: 2027-01-01T00:00
                    end: 2026-01-01T00:00
                  - id: both
                    severity: block
                    rrule: FREQ=WEEKLY
                    cron: "0 1 * * *"
                    duration: 1h
                  - id: bad-cron
                    severity: block
                    timeZone: UTC
                    cron: "61 25 * * *"
                    duration: 1h
                  - id: bad-rule
                    severity: block
                    timeZone: UTC
                    rrule: FREQ=SOMETIMES
                    start: 2027-01-01T00:00
                    duration: 0h
                  - severity: block
                """));

        assertThat(result.windows()).isEmpty();
        assertThat(result.problems()).extracting(Problem::path).contains("timeZone", "windws", "windows[0].id",
                "windows[0].severity", "windows[1].cron", "windows[2].cron", "windows[3].duration", "windows[4].id");
        assertThat(result.problems()).allSatisfy(problem -> assertThat(problem.source()).isEqualTo("bad.yaml"));
        assertThat(result.problems()).filteredOn(problem -> "windows[0].severity".equals(problem.path())).singleElement()
                .satisfies(problem -> assertThat(problem.describe())
                        .isEqualTo("bad.yaml: windows[0].severity: 'freeze': expected 'block', 'approval' or 'warn'"));
    }

    @Test
    void endBeforeStartNamed() {
        CalendarParseResult result = Calendars.parse(platform("order.yaml", """
                timeZone: UTC
                windows:
                  - id: backwards
                    severity: block
                    start: 2027-01-02T00:00
                    end: 2027-01-01T00:00
                """));

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("windows[0].end");
            assertThat(problem.message()).contains("not after the start");
        });
    }

    @Test
    void yamlSyntaxErrorNamesLine() {
        CalendarParseResult result = Calendars.parse(platform("broken.yaml", "windows:\n  - id: a\n   severity: [block\n"));

        assertThat(result.problems()).singleElement().asString().contains("invalid YAML at line");
    }

    @Test
    void brokenCalendarDoesNotHideOtherCalendars() throws Exception {
        CalendarSource broken = platform("broken.yaml", "windows: [");
        CalendarSource good = platform("good.yaml", """
                windows:
                  - id: count
                    severity: block
                    timeZone: UTC
                    start: 2027-06-01T00:00
                    end: 2027-06-02T00:00
                """);

        StepReport report = run(request("2027-06-01T06:00:00Z", broken, good));

        assertThat(frozen(report)).isTrue();
        assertThat(report.findings(FreezeFindings.FREEZE_CALENDAR_INVALID.code())).hasSize(1);
    }

    private static final String INVENTORY_ICS = String.join("\r\n",
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Retail Ops//Shared calendar//EN",
            "X-WR-TIMEZONE:Europe/Madrid",
            "BEGIN:VEVENT",
            "UID:weekly-count@retail.example",
            "DTSTAMP:20270101T000000Z",
            "SUMMARY:Weekly stock count",
            "CATEGORIES:inventory-count",
            "DTSTART;TZID=Europe/Madrid:20270103T200000",
            "DTEND;TZID=Europe/Madrid:20270104T020000",
            "RRULE:FREQ=WEEKLY;BYDAY=SU",
            "EXDATE;TZID=Europe/Madrid:20270110T200000",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:weekly-count@retail.example",
            "DTSTAMP:20270101T000000Z",
            "RECURRENCE-ID;TZID=Europe/Madrid:20270117T200000",
            "DTSTART;TZID=Europe/Madrid:20270117T220000",
            "DTEND;TZID=Europe/Madrid:20270118T040000",
            "SUMMARY:Weekly stock count (moved)",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:weekly-count@retail.example",
            "DTSTAMP:20270101T000000Z",
            "RECURRENCE-ID;TZID=Europe/Madrid:20270124T200000",
            "STATUS:CANCELLED",
            "DTSTART;TZID=Europe/Madrid:20270124T200000",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:sales@retail.example",
            "DTSTAMP:20270101T000000Z",
            "SUMMARY:January sales",
            "X-ODOO-RELEASE-SEVERITY:approval",
            "X-ODOO-RELEASE-ENVIRONMENTS:production",
            "DTSTART;VALUE=DATE:20270107",
            "DTEND;VALUE=DATE:20270109",
            "END:VEVENT",
            "END:VCALENDAR",
            "");

    @Test
    void icsWeeklyEventFrozen() throws Exception {
        // Sunday 2027-01-03 20:00 in Madrid (CET) is 19:00 UTC.
        StepReport report = run(request("2027-01-03T19:30:00Z", platform("retail.ics", INVENTORY_ICS)));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("retail:weekly-count-retail.example");
    }

    @Test
    void icsExdateSkipsOccurrence() throws Exception {
        assertThat(frozen(run(request("2027-01-10T19:30:00Z", platform("retail.ics", INVENTORY_ICS))))).isFalse();
        assertThat(frozen(run(request("2027-01-31T19:30:00Z", platform("retail.ics", INVENTORY_ICS))))).isTrue();
    }

    @Test
    void icsRecurrenceIdMovesOccurrence() throws Exception {
        // The count of 17 January moved from 20:00 to 22:00 Madrid time (21:00 UTC) and ends at 04:00.
        assertThat(frozen(run(request("2027-01-17T19:30:00Z", platform("retail.ics", INVENTORY_ICS))))).isFalse();
        assertThat(frozen(run(request("2027-01-18T02:30:00Z", platform("retail.ics", INVENTORY_ICS))))).isTrue();
    }

    @Test
    void icsCancelledOccurrenceSkipped() throws Exception {
        assertThat(frozen(run(request("2027-01-24T19:30:00Z", platform("retail.ics", INVENTORY_ICS))))).isFalse();
    }

    @Test
    void icsAllDayEventUsesCalendarZoneAndProperties() throws Exception {
        // 7 January 00:00 in Madrid is 6 January 23:00 UTC.
        StepReport report = run(request("2027-01-06T23:30:00Z", platform("retail.ics", INVENTORY_ICS)));
        StepReport staging = run(request("2027-01-06T23:30:00Z", platform("retail.ics", INVENTORY_ICS)).environment("staging"));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("retail:sales-retail.example");
        assertThat(report.findings(FreezeFindings.FREEZE_ACTIVE.code()).get(0).message()).contains("approval");
        assertThat(frozen(staging)).isFalse();
    }

    @Test
    void yamlImportsIcsWithDefaults() throws Exception {
        CalendarSource calendar = new CalendarSource("platform.yaml", """
                timeZone: Europe/Madrid
                imports:
                  - path: retail.ics
                    severity: approval
                    environments: [production]
                """, CalendarOrigin.PLATFORM, path -> Map.of("retail.ics", INVENTORY_ICS).get(path));

        CalendarParseResult result = Calendars.load(List.of(calendar));

        assertThat(result.problems()).isEmpty();
        assertThat(result.windows()).extracting(FreezeWindow::severity).containsOnly(WindowSeverity.APPROVAL);
        assertThat(result.windows()).extracting(FreezeWindow::source).containsOnly("platform.yaml > retail.ics");
    }

    @Test
    void icsWithoutZoneForFloatingTimeNamed() {
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//x//EN", "BEGIN:VEVENT", "UID:a",
                "DTSTAMP:20270101T000000Z", "DTSTART:20270101T100000", "DTEND:20270101T120000", "END:VEVENT", "END:VCALENDAR", "");

        CalendarParseResult result = Calendars.parse(platform("floating.ics", ics));

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("VEVENT[0] (UID a).DTSTART");
            assertThat(problem.message()).contains("X-WR-TIMEZONE");
        });
    }

    @Test
    void invalidIcsNamesLine() {
        CalendarParseResult result = Calendars.parse(platform("bad.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nthis is not a property\r\n"));

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.source()).isEqualTo("bad.ics");
            assertThat(problem.path()).startsWith("line ");
        });
    }
}
