package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * How long each occurrence of a recurring window lasts. As in RFC 5545 durations, days and weeks are calendar
 * days counted on the wall clock (a one-day window from 18:00 ends at 18:00 the next day even across a DST
 * change), while hours, minutes and seconds are exact.
 *
 * @param days calendar days, added to the local start time
 * @param exact the exact part, added on the instant timeline after the days
 */
public record WindowLength(long days, Duration exact) {

    public static WindowLength parse(String text, String name) throws InvalidInputException {
        long days = 0;
        Duration exact = Duration.ZERO;
        try {
            for (Durations.Part part : Durations.parseParts(text, name)) {
                switch (part.unit()) {
                    case "w" -> days = Math.addExact(days, Math.multiplyExact(part.amount(), 7));
                    case "d" -> days = Math.addExact(days, part.amount());
                    default -> exact = exact.plus(Durations.parse(part.amount() + part.unit(), name));
                }
            }
            if (Duration.ofDays(days).plus(exact).compareTo(Durations.MAX) > 0) {
                throw InvalidInputException.forValue(name, text, "a window may last at most 36525d (100 years)");
            }
        } catch (ArithmeticException e) {
            throw InvalidInputException.forValue(name, text, "a window may last at most 36525d (100 years)");
        }
        if (days == 0 && exact.isZero()) {
            throw InvalidInputException.forValue(name, text, "a window must last longer than zero; give a duration such as 6h or 2d");
        }
        return new WindowLength(days, exact);
    }

    /** Returns the end of an occurrence that starts at {@code start} local time in {@code zone}. */
    public Instant end(LocalDateTime start, ZoneId zone) {
        return end(LocalTimes.resolve(start, zone));
    }

    /**
     * Returns the end of an occurrence that starts at {@code start}. The days are added on the wall clock, keeping
     * the start's offset where it is still valid, which also keeps the second pass of a repeated hour.
     */
    public Instant end(ZonedDateTime start) {
        return start.plusDays(days).toInstant().plus(exact);
    }

    /** Returns an upper bound of the length in real time, allowing for one DST shift per day counted. */
    public Duration upperBound() {
        return Duration.ofDays(days).plusHours(days > 0 ? 2 : 0).plus(exact);
    }

    @Override
    public String toString() {
        return Durations.formatCompact(Duration.ofDays(days).plus(exact));
    }
}
