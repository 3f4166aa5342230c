package io.jenkins.plugins.odoorelease.freeze;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** When a window is in force: once, by an RFC 5545 recurrence rule, or by a cron expression with a duration. */
public sealed interface WindowTiming permits OneOffTiming, RecurrenceTiming, CronTiming {

    /** Returns the occurrences that share at least one instant with {@code [from, to)}, in start order. */
    List<Interval> occurrences(Instant from, Instant to);

    /** The time zone the window's wall-clock times are read in. */
    ZoneId zone();

    /** The longest an occurrence can last, used to look back far enough for occurrences still in force. */
    Duration maxLength();

    /** Describes the timing for people, for example {@code weekly on MO at 08:00 for 2h (Pacific/Auckland)}. */
    String describe();
}
