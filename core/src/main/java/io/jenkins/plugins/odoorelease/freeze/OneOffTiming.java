package io.jenkins.plugins.odoorelease.freeze;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** A window with one start and one end, already resolved to instants. */
public record OneOffTiming(Interval interval, ZoneId zone) implements WindowTiming {

    @Override
    public List<Interval> occurrences(Instant from, Instant to) {
        return interval.overlaps(from, to) ? List.of(interval) : List.of();
    }

    @Override
    public Duration maxLength() {
        return Duration.between(interval.start(), interval.end());
    }

    @Override
    public String describe() {
        return "once (" + zone.getId() + ")";
    }
}
