package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.time.Instant;
import java.util.List;

/** Measures the metrics of one kind of source: Prometheus, the Odoo database, the Kubernetes API or HTTP. */
interface MetricSource {

    /**
     * Checks before the rollout starts that the metric can be measured: the source answers, the query is valid, the
     * table exists. A rollout that could only learn this at its first analysis would already serve customers.
     *
     * @throws InvalidInputException when the metric's configuration is wrong
     * @throws InfrastructureException when the source cannot be reached
     */
    void check(MetricSpec metric) throws InvalidInputException, InfrastructureException;

    /** Starts an analysis of the metric: records the baseline that growth metrics compare with. */
    void begin(MetricSpec metric, Instant at);

    /**
     * Takes one measurement. A source that fails or answers nothing gives an inconclusive reading with the reason, so
     * that one unreachable server never passes an analysis and never stops the rollout by itself.
     */
    List<MetricReading> measure(MetricSpec metric, Instant at);

    /** Judges a canary or shared value against the threshold: NaN is inconclusive, above the threshold is a failure. */
    static MetricOutcome judge(double value, double threshold) {
        if (Double.isNaN(value)) {
            return MetricOutcome.INCONCLUSIVE;
        }
        return value > threshold ? MetricOutcome.FAILED : MetricOutcome.SUCCESSFUL;
    }
}
