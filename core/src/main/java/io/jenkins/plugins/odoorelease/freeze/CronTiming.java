package io.jenkins.plugins.odoorelease.freeze;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A window that starts whenever a five-field cron expression matches, in the window's zone, and lasts for a
 * fixed length. cron-utils matches the expression on the wall clock (it is given local times labelled UTC, so
 * no DST rule of its own applies), and each match is resolved by the rule of {@link LocalTimes}.
 *
 * @param from the first day on which the window can start, or {@code null}
 * @param until the last day on which the window can start, or {@code null}
 */
public record CronTiming(String expression, Cron cron, ZoneId zone, WindowLength length, LocalDate from, LocalDate until)
        implements WindowTiming {

    static final int MAX_OCCURRENCES = 100_000;

    @Override
    public List<Interval> occurrences(Instant rangeStart, Instant rangeEnd) {
        ExecutionTime executionTime = ExecutionTime.forCron(cron);
        LocalDateTime localFrom = LocalDateTime.ofInstant(rangeStart, zone).minus(maxLength()).minusDays(2);
        LocalDateTime localTo = LocalDateTime.ofInstant(rangeEnd, zone).plusDays(2);
        if (from != null && localFrom.isBefore(from.atStartOfDay())) {
            localFrom = from.atStartOfDay();
        }
        if (until != null && localTo.isAfter(until.plusDays(1).atStartOfDay())) {
            localTo = until.plusDays(1).atStartOfDay();
        }
        List<Interval> occurrences = new ArrayList<>();
        // nextExecution is strictly after its argument, so start one second early to include a match at localFrom.
        ZonedDateTime cursor = localFrom.minusSeconds(1).atZone(ZoneOffset.UTC);
        for (int i = 0; ; i++) {
            if (i == MAX_OCCURRENCES) {
                throw new OccurrenceLimitException(MAX_OCCURRENCES);
            }
            Optional<ZonedDateTime> next = executionTime.nextExecution(cursor);
            if (next.isEmpty() || !next.get().toLocalDateTime().isBefore(localTo)) {
                break;
            }
            LocalDateTime localStart = next.get().toLocalDateTime();
            ZonedDateTime resolved = LocalTimes.resolve(localStart, zone);
            Interval occurrence = new Interval(resolved.toInstant(), length.end(resolved));
            if (occurrence.overlaps(rangeStart, rangeEnd)) {
                occurrences.add(occurrence);
            }
            cursor = next.get();
        }
        return occurrences;
    }

    @Override
    public Duration maxLength() {
        return length.upperBound();
    }

    @Override
    public String describe() {
        return "cron '" + expression + "' for " + length + " (" + zone.getId() + ")";
    }
}
