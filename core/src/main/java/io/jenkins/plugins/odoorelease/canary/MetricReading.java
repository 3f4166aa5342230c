package io.jenkins.plugins.odoorelease.canary;

import java.time.Instant;

/**
 * One measurement of a metric on one side.
 *
 * @param side {@code canary}, {@code stable}, or {@code shared} for sources that cannot tell the sides apart (the
 *     database)
 * @param value the measured value in the unit of the metric's type; NaN when the source returned no number
 * @param requests for Prometheus metrics, the requests the side had in the window; otherwise NaN
 * @param outcome for the canary and shared sides, the comparison with the threshold; for the stable side,
 *     {@code null}, because the stable side is context, not judged
 * @param note why the outcome is what it is, such as {@code 12 requests, fewer than minRequests 50}
 */
public record MetricReading(String metric, String side, double value, double requests, Instant at, double threshold,
        MetricOutcome outcome, String note) {

    public static final String CANARY = "canary";
    public static final String STABLE = "stable";
    public static final String SHARED = "shared";

    /** Returns whether this reading is judged, as opposed to the stable side's context. */
    public boolean judged() {
        return outcome != null;
    }
}
