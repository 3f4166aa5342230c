package io.jenkins.plugins.odoorelease.freeze;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.fortuna.ical4j.model.Recur;

/**
 * A window that recurs by an RFC 5545 rule. ical4j expands the rule on the wall clock (local date-times), and
 * each start is then resolved in the window's zone by the rule of {@link LocalTimes}, so DST days follow one
 * documented rule whatever the frequency.
 *
 * @param start the first occurrence on the wall clock (DTSTART); it always counts as an occurrence
 * @param recur the rule, or {@code null} for a window that has only {@code additionalStarts}
 * @param excludedStarts occurrences to skip, by their local start (EXDATE)
 * @param excludedDates days on which every occurrence is skipped (EXDATE with a date value)
 * @param additionalStarts extra occurrences (RDATE)
 * @param replaced occurrences moved or resized by a RECURRENCE-ID override, by their original local start
 */
public record RecurrenceTiming(
        LocalDateTime start,
        ZoneId zone,
        Recur<LocalDateTime> recur,
        String ruleText,
        WindowLength length,
        Set<LocalDateTime> excludedStarts,
        Set<LocalDate> excludedDates,
        List<LocalDateTime> additionalStarts,
        Map<LocalDateTime, Interval> replaced) implements WindowTiming {

    /** Guards against rules such as {@code FREQ=SECONDLY} that would expand to millions of occurrences. */
    static final int MAX_OCCURRENCES = 100_000;

    public RecurrenceTiming {
        excludedStarts = Set.copyOf(excludedStarts);
        excludedDates = Set.copyOf(excludedDates);
        additionalStarts = List.copyOf(additionalStarts);
        replaced = Map.copyOf(replaced);
    }

    @Override
    public List<Interval> occurrences(Instant from, Instant to) {
        // Offsets differ from UTC by at most 18 hours, so two days of margin on the wall clock is always enough.
        LocalDateTime localFrom = LocalDateTime.ofInstant(from, zone).minus(maxLength()).minusDays(2);
        LocalDateTime localTo = LocalDateTime.ofInstant(to, zone).plusDays(2);
        TreeSet<LocalDateTime> starts = new TreeSet<>();
        if (recur != null) {
            List<LocalDateTime> dates = recur.getDates(start, localFrom, localTo, MAX_OCCURRENCES);
            if (dates.size() >= MAX_OCCURRENCES) {
                throw new OccurrenceLimitException(MAX_OCCURRENCES);
            }
            starts.addAll(dates);
        }
        if (!start.isBefore(localFrom) && start.isBefore(localTo)) {
            starts.add(start);
        }
        for (LocalDateTime extra : additionalStarts) {
            if (!extra.isBefore(localFrom) && extra.isBefore(localTo)) {
                starts.add(extra);
            }
        }
        List<Interval> occurrences = new ArrayList<>();
        for (LocalDateTime localStart : starts) {
            if (excludedStarts.contains(localStart) || excludedDates.contains(localStart.toLocalDate())) {
                continue;
            }
            Interval occurrence = replaced.get(localStart);
            if (occurrence == null) {
                ZonedDateTime resolved = LocalTimes.resolve(localStart, zone);
                occurrence = new Interval(resolved.toInstant(), length.end(resolved));
            }
            if (occurrence.overlaps(from, to)) {
                occurrences.add(occurrence);
            }
        }
        for (Map.Entry<LocalDateTime, Interval> moved : replaced.entrySet()) {
            if (!starts.contains(moved.getKey()) && moved.getValue().overlaps(from, to)) {
                occurrences.add(moved.getValue());
            }
        }
        occurrences.sort(Comparator.comparing(Interval::start));
        return occurrences;
    }

    @Override
    public Duration maxLength() {
        Duration longest = length.upperBound();
        for (Interval moved : replaced.values()) {
            Duration movedLength = Duration.between(moved.start(), moved.end());
            if (movedLength.compareTo(longest) > 0) {
                longest = movedLength;
            }
        }
        return longest;
    }

    @Override
    public String describe() {
        return (ruleText == null ? "on listed dates" : "RRULE " + ruleText) + " from " + start + " for " + length
                + " (" + zone.getId() + ")";
    }
}
