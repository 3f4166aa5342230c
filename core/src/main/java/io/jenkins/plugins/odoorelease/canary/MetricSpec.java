package io.jenkins.plugins.odoorelease.canary;

import java.time.Duration;
import java.util.Objects;

/**
 * One metric of a plan: what to measure, the largest acceptable value and how often to measure it. A metric fails
 * when more than {@code failureLimit} measurements failed; it is inconclusive when more than
 * {@code inconclusiveLimit} measurements were inconclusive, or when none succeeded.
 *
 * @param threshold the largest acceptable value, in the unit of the type ({@link MetricType#unit()})
 * @param interval the time between measurements; the first one is taken one interval after the analysis starts
 * @param count how many measurements to take
 * @param minRequests for Prometheus metrics, the fewest requests a side must have had in the window for a result
 *     to count; fewer make the measurement inconclusive
 * @param window for Prometheus metrics, the range of the rate and increase functions
 * @param quantile for latency, the quantile to compare, such as 0.95
 * @param query the PromQL or SQL query of the {@code prometheus} and {@code sql} types, otherwise {@code null}
 * @param growth for {@code sql}, whether the growth since the analysis began is compared instead of the value
 * @param stableMargin for per-side metrics, how much the canary may exceed the stable side, or {@code null} to
 *     compare with the threshold only
 * @param channel for queue metrics, the queue_job channel to count (with its sub-channels), or {@code null} for all
 * @param path for {@code http}, the path to request, {@code /web/health} by default
 * @param url for {@code http}, the base URL of the canary, or {@code null} to go through the API server's service proxy
 */
public record MetricSpec(
        String name,
        MetricType type,
        double threshold,
        Duration interval,
        int count,
        int failureLimit,
        int inconclusiveLimit,
        long minRequests,
        Duration window,
        double quantile,
        String query,
        boolean growth,
        Double stableMargin,
        String channel,
        String path,
        String url) {

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(window, "window");
    }

    /** Returns how long one analysis of this metric takes: {@code count} intervals. */
    public Duration duration() {
        return interval.multipliedBy(count);
    }
}
