package io.jenkins.plugins.odoorelease.canary;

import java.util.List;
import java.util.Map;

/**
 * The result of one analysis step.
 *
 * @param outcome failed when any metric failed, else inconclusive when any metric was inconclusive, else successful
 * @param metrics each metric's own outcome
 * @param readings every reading, in the order taken, the stable side included
 * @param reasons one sentence per metric that did not succeed
 */
public record AnalysisResult(MetricOutcome outcome, Map<String, MetricOutcome> metrics, List<MetricReading> readings,
        List<String> reasons) {

    public AnalysisResult {
        metrics = Map.copyOf(metrics);
        readings = List.copyOf(readings);
        reasons = List.copyOf(reasons);
    }
}
