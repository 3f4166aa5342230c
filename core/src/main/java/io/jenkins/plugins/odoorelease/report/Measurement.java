package io.jenkins.plugins.odoorelease.report;

import java.time.Instant;
import java.util.Objects;

/**
 * A measured value, such as a restore time, an error rate or a table size.
 *
 * @param name what was measured, for example {@code restoreSeconds} or {@code errorRate}
 * @param subject what it was measured on (a table, a metric's side such as {@code canary}), or {@code null}
 * @param value the value; {@code NaN} when the source returned no number
 * @param unit the unit, for example {@code s}, {@code bytes}, {@code ratio} or {@code rows}
 * @param at when the value was taken, or {@code null} when the time does not matter
 * @param limit the threshold it was compared with, or {@code null}
 * @param outcome the result of that comparison ({@code successful}, {@code failed}, {@code inconclusive}), or {@code null}
 */
public record Measurement(String name, String subject, double value, String unit, Instant at, Double limit, String outcome) {

    public Measurement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    public static Measurement of(String name, double value, String unit) {
        return new Measurement(name, null, value, unit, null, null, null);
    }
}
