package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rollout as data: the ordered steps, the metrics the analysis steps measure and what an inconclusive analysis
 * does. Built by {@link PlanParser}, which checks every field before anything touches the cluster.
 */
public record CanaryPlan(List<PlanStep> steps, List<MetricSpec> metrics, OnInconclusive onInconclusive) {

    /** The weights of the default plan, each followed by an analysis of every metric. */
    public static final List<Integer> DEFAULT_WEIGHTS = List.of(10, 25, 50, 100);

    public CanaryPlan {
        steps = List.copyOf(steps);
        metrics = List.copyOf(metrics);
    }

    /** Returns the metric with this name, or {@code null}. */
    public MetricSpec metric(String name) {
        return metrics.stream().filter(metric -> metric.name().equals(name)).findFirst().orElse(null);
    }

    /** Returns the metrics an analysis step measures, in plan order. */
    public List<MetricSpec> metricsOf(PlanStep.Analysis analysis) {
        if (analysis.metrics().isEmpty()) {
            return metrics;
        }
        return metrics.stream().filter(metric -> analysis.metrics().contains(metric.name())).toList();
    }

    /** Returns the canary weight in percent once step {@code index} has run, or 0 before the first weight step. */
    public int weightAfter(int index) {
        int weight = 0;
        for (int i = 0; i <= index && i < steps.size(); i++) {
            if (steps.get(i) instanceof PlanStep.Weight step) {
                weight = step.percent();
            }
        }
        return weight;
    }

    /**
     * Returns how long a step takes at the least: a pause's duration, an analysis's longest metric, nothing for a
     * weight. An indefinite pause counts as zero.
     */
    public Duration minimumDuration(PlanStep step) {
        if (step instanceof PlanStep.Pause pause) {
            return pause.indefinite() ? Duration.ZERO : pause.duration();
        }
        if (step instanceof PlanStep.Analysis analysis) {
            return metricsOf(analysis).stream().map(MetricSpec::duration).max(Duration::compareTo).orElse(Duration.ZERO);
        }
        return Duration.ZERO;
    }

    /** Returns how long the steps from {@code from} up to the next weight step take at the least. */
    public Duration durationUntilNextWeight(int from) {
        Duration total = Duration.ZERO;
        for (int i = from + 1; i < steps.size() && !(steps.get(i) instanceof PlanStep.Weight); i++) {
            total = total.plus(minimumDuration(steps.get(i)));
        }
        return total;
    }

    /** Returns a stable text form of the plan, so that a resumed run can tell whether the plan changed. */
    public String fingerprint() {
        List<String> parts = new ArrayList<>();
        steps.forEach(step -> parts.add(step.describe()));
        metrics.forEach(metric -> parts.add(metric.name() + ":" + metric.type().keyword() + ":" + metric.threshold()));
        return Integer.toHexString(String.join("|", parts).hashCode());
    }

    /** Returns the steps as the result map lists them. */
    public List<Map<String, Object>> stepsAsMaps() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PlanStep step : steps) {
            Map<String, Object> map = new LinkedHashMap<>();
            if (step instanceof PlanStep.Weight weight) {
                map.put("weight", weight.percent());
            } else if (step instanceof PlanStep.Pause pause) {
                map.put("pause", pause.indefinite() ? "indefinite" : Durations.formatCompact(pause.duration()));
            } else if (step instanceof PlanStep.Analysis analysis) {
                map.put("analysis", analysis.metrics().isEmpty() ? metrics.stream().map(MetricSpec::name).toList() : analysis.metrics());
            }
            list.add(map);
        }
        return list;
    }
}
