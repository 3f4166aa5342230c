package io.jenkins.plugins.odoorelease.canary;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The values a plan falls back on for what it leaves out, and what the request offers the metrics: whether a
 * Prometheus server and an Odoo database are configured. Front ends fill it from their simple options, so that a
 * user can tune the default plan without writing one.
 *
 * @param weights the weight steps of the default plan, each followed by an analysis
 * @param thresholds the default threshold of each metric type that has one
 */
public record PlanDefaults(
        List<Integer> weights,
        Duration interval,
        int count,
        int failureLimit,
        int inconclusiveLimit,
        long minRequests,
        OnInconclusive onInconclusive,
        Map<MetricType, Double> thresholds,
        boolean prometheusConfigured,
        boolean databaseConfigured) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_COUNT = 5;
    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 1;
    public static final long DEFAULT_MIN_REQUESTS = 50;

    public PlanDefaults {
        weights = List.copyOf(weights);
        EnumMap<MetricType, Double> copy = new EnumMap<>(MetricType.class);
        copy.putAll(standardThresholds());
        copy.putAll(thresholds);
        thresholds = copy;
    }

    /** Returns the defaults with nothing tuned, for a request that has Prometheus and a database or not. */
    public static PlanDefaults standard(boolean prometheusConfigured, boolean databaseConfigured) {
        return new PlanDefaults(CanaryPlan.DEFAULT_WEIGHTS, DEFAULT_INTERVAL, DEFAULT_COUNT, DEFAULT_FAILURE_LIMIT,
                DEFAULT_INCONCLUSIVE_LIMIT, DEFAULT_MIN_REQUESTS, OnInconclusive.PAUSE, Map.of(), prometheusConfigured,
                databaseConfigured);
    }

    /**
     * The thresholds of the default metrics: 2 % errors, a p95 of 2 s, 100 more waiting jobs, no new failed job, no
     * restart and a health answer within 5 s. They suit an Odoo web tier; tune them to the shop's own baseline.
     */
    public static Map<MetricType, Double> standardThresholds() {
        return Map.of(
                MetricType.ERROR_RATE, 0.02,
                MetricType.LATENCY, 2.0,
                MetricType.QUEUE_BACKLOG, 100.0,
                MetricType.FAILED_JOBS, 0.0,
                MetricType.POD_RESTARTS, 0.0,
                MetricType.HTTP, 5.0);
    }
}
