package io.jenkins.plugins.odoorelease.freeze;

import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.frozen;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.platform;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.request;
import static io.jenkins.plugins.odoorelease.freeze.FreezeFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import org.junit.jupiter.api.Test;

/** Windows in real time zones, on ordinary days, across midnight and the year end, and on DST days. */
class FreezeTimeZoneTest {

    private static final CalendarSource AUCKLAND_WEEKLY = platform("auckland.yaml", """
            timeZone: Pacific/Auckland
            windows:
              - id: monday-stock-take
                category: inventory-count
                severity: block
                rrule: FREQ=WEEKLY;BYDAY=MO
                start: 2027-01-04T08:00
                duration: 4h
            """);

    @Test
    void weeklyAucklandWindowFrozenOnUtcSunday() throws Exception {
        // Sunday 2027-03-07 20:30 UTC is Monday 09:30 in Auckland (NZDT, UTC+13).
        StepReport report = run(request("2027-03-07T20:30:00Z", AUCKLAND_WEEKLY));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("monday-stock-take");
        assertThat(report.result().get("endsAt")).isEqualTo("2027-03-07T23:00:00Z");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void weeklyAucklandWindowNotFrozenOnUtcMonday() throws Exception {
        // Monday 2027-03-08 20:30 UTC is already Tuesday 09:30 in Auckland.
        StepReport report = run(request("2027-03-08T20:30:00Z", AUCKLAND_WEEKLY));

        assertThat(frozen(report)).isFalse();
        assertThat(report.result().get("nextWindow")).isEqualTo("monday-stock-take");
        assertThat(report.result().get("nextStartsAt")).isEqualTo("2027-03-14T19:00:00Z");
    }

    @Test
    void weeklyAucklandWindowFollowsNewZealandDstEnd() throws Exception {
        // NZDT ends on 2027-04-04; from then Auckland is UTC+12, so Monday 08:00 is Sunday 20:00 UTC.
        StepReport before = run(request("2027-04-04T19:30:00Z", AUCKLAND_WEEKLY));
        StepReport inside = run(request("2027-04-04T20:00:00Z", AUCKLAND_WEEKLY));

        assertThat(frozen(before)).isFalse();
        assertThat(frozen(inside)).isTrue();
    }

    private static final CalendarSource BERLIN_NIGHTLY = platform("berlin.yaml", """
            timeZone: Europe/Berlin
            windows:
              - id: nightly-batch
                severity: block
                rrule: FREQ=DAILY
                start: 2027-03-20T02:30
                duration: 1h
            """);

    @Test
    void springForwardEuropeShiftsMissingTimeLater() throws Exception {
        // On 2027-03-28 Berlin skips 02:00-03:00, so 02:30 does not exist and becomes 03:30 CEST (01:30 UTC).
        assertThat(frozen(run(request("2027-03-28T01:00:00Z", BERLIN_NIGHTLY)))).isFalse();
        assertThat(frozen(run(request("2027-03-28T01:29:59Z", BERLIN_NIGHTLY)))).isFalse();
        assertThat(frozen(run(request("2027-03-28T01:30:00Z", BERLIN_NIGHTLY)))).isTrue();
        assertThat(frozen(run(request("2027-03-28T02:29:59Z", BERLIN_NIGHTLY)))).isTrue();
        assertThat(frozen(run(request("2027-03-28T02:30:00Z", BERLIN_NIGHTLY)))).isFalse();
    }

    @Test
    void fallBackEuropeTakesEarlierOffset() throws Exception {
        // On 2027-10-31 Berlin goes from 03:00 CEST back to 02:00 CET, so 02:30 happens twice: first at 00:30 UTC.
        assertThat(frozen(run(request("2027-10-31T00:30:00Z", BERLIN_NIGHTLY)))).isTrue();
        assertThat(frozen(run(request("2027-10-31T01:29:59Z", BERLIN_NIGHTLY)))).isTrue();
        // The second 02:30 (01:30 UTC) is past the one-hour window that began at the first.
        assertThat(frozen(run(request("2027-10-31T01:30:00Z", BERLIN_NIGHTLY)))).isFalse();
    }

    @Test
    void oneOffWindowInSpringForwardGap() throws Exception {
        CalendarSource calendar = platform("gap.yaml", """
                windows:
                  - id: gap
                    severity: block
                    timeZone: Europe/Berlin
                    start: 2027-03-28T02:30
                    end: 2027-03-28T04:00
                """);

        // 02:30 does not exist and is read as 03:30 CEST, which is 01:30 UTC.
        assertThat(frozen(run(request("2027-03-28T01:29:00Z", calendar)))).isFalse();
        assertThat(frozen(run(request("2027-03-28T01:30:00Z", calendar)))).isTrue();
    }

    private static final CalendarSource NEW_YORK_CRON = platform("new-york.yaml", """
            timeZone: America/New_York
            windows:
              - id: nightly-reindex
                severity: block
                cron: "30 2 * * *"
                duration: 1h
              - id: late-night-sync
                severity: block
                cron: "30 1 * * *"
                duration: 30m
            """);

    @Test
    void springForwardNorthAmericaCron() throws Exception {
        // On 2027-03-14 New York skips 02:00-03:00: the 02:30 cron match becomes 03:30 EDT, 07:30 UTC.
        assertThat(frozen(run(request("2027-03-14T07:29:00Z", NEW_YORK_CRON)))).isFalse();
        assertThat(frozen(run(request("2027-03-14T07:30:00Z", NEW_YORK_CRON)))).isTrue();
        assertThat(frozen(run(request("2027-03-14T08:30:00Z", NEW_YORK_CRON)))).isFalse();
    }

    @Test
    void fallBackNorthAmericaCronRunsOnce() throws Exception {
        // On 2027-11-07 New York repeats 01:00-02:00; the 01:30 match takes the earlier offset, EDT: 05:30 UTC.
        assertThat(frozen(run(request("2027-11-07T05:30:00Z", NEW_YORK_CRON)))).isTrue();
        // The repeated 01:30, now EST, is 06:30 UTC and is not a second occurrence.
        assertThat(frozen(run(request("2027-11-07T06:30:00Z", NEW_YORK_CRON)))).isFalse();
    }

    private static final CalendarSource OVERNIGHT = platform("overnight.yaml", """
            timeZone: Europe/Amsterdam
            windows:
              - id: sunday-night
                severity: block
                cron: "0 22 * * SUN"
                duration: 6h
              - id: year-end-close
                category: financial-close
                severity: approval
                start: 2027-12-31T18:00
                end: 2028-01-02T06:00
            """);

    @Test
    void windowAcrossMidnight() throws Exception {
        // Sunday 2027-03-21 22:00 CET is 21:00 UTC; the window ends Monday 04:00 CET, 03:00 UTC.
        assertThat(frozen(run(request("2027-03-21T20:59:59Z", OVERNIGHT)))).isFalse();
        assertThat(frozen(run(request("2027-03-21T23:30:00Z", OVERNIGHT)))).isTrue();
        assertThat(frozen(run(request("2027-03-22T02:59:59Z", OVERNIGHT)))).isTrue();
        assertThat(frozen(run(request("2027-03-22T03:00:00Z", OVERNIGHT)))).isFalse();
    }

    @Test
    void windowAcrossYearEnd() throws Exception {
        StepReport report = run(request("2028-01-01T12:00:00Z", OVERNIGHT));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("window")).isEqualTo("year-end-close");
        assertThat(report.result().get("endsAt")).isEqualTo("2028-01-02T05:00:00Z");
    }

    @Test
    void endInstantIsNotFrozen() throws Exception {
        CalendarSource calendar = platform("half-open.yaml", """
                windows:
                  - id: campaign
                    severity: block
                    timeZone: UTC
                    start: 2027-11-26T00:00
                    end: 2027-11-27T00:00
                """);

        assertThat(frozen(run(request("2027-11-25T23:59:59Z", calendar)))).isFalse();
        assertThat(frozen(run(request("2027-11-26T00:00:00Z", calendar)))).isTrue();
        assertThat(frozen(run(request("2027-11-26T23:59:59.999Z", calendar)))).isTrue();
        assertThat(frozen(run(request("2027-11-27T00:00:00Z", calendar)))).isFalse();
    }

    @Test
    void dayLengthFollowsWallClockAcrossDst() throws Exception {
        // A two-day window from Saturday 18:00 ends Monday 18:00 local time, although that span has 49 hours.
        CalendarSource calendar = platform("weekend.yaml", """
                timeZone: Europe/Berlin
                windows:
                  - id: weekend-close
                    severity: block
                    rrule: FREQ=WEEKLY;BYDAY=SA
                    start: 2027-10-02T18:00
                    duration: 2d
                """);

        StepReport report = run(request("2027-11-01T16:59:00Z", calendar));

        assertThat(frozen(report)).isTrue();
        assertThat(report.result().get("endsAt")).isEqualTo("2027-11-01T17:00:00Z");
    }

    @Test
    void monthEndRule() throws Exception {
        CalendarSource calendar = platform("close.yaml", """
                timeZone: Europe/London
                windows:
                  - id: month-end-close
                    category: financial-close
                    severity: approval
                    rrule: FREQ=MONTHLY;BYMONTHDAY=-1
                    start: 2027-01-31T18:00
                    duration: 2d
                """);

        // February 2027 has 28 days: the close starts on the 28th at 18:00 GMT.
        assertThat(frozen(run(request("2027-02-28T17:59:00Z", calendar)))).isFalse();
        assertThat(frozen(run(request("2027-02-28T18:00:00Z", calendar)))).isTrue();
        assertThat(frozen(run(request("2027-03-02T17:59:00Z", calendar)))).isTrue();
    }

    @Test
    void untilInUtcBoundsTheRule() throws Exception {
        CalendarSource calendar = platform("until.yaml", """
                timeZone: Europe/Paris
                windows:
                  - id: promo
                    severity: block
                    rrule: FREQ=DAILY;UNTIL=20271203T080000Z
                    start: 2027-12-01T09:00
                    duration: 1h
                """);

        // UNTIL is 09:00 Paris time on 3 December, so that day's occurrence still counts, the 4th's does not.
        assertThat(frozen(run(request("2027-12-03T08:30:00Z", calendar)))).isTrue();
        assertThat(frozen(run(request("2027-12-04T08:30:00Z", calendar)))).isFalse();
    }
}
