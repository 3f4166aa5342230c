package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Durations;
import java.time.Duration;
import java.util.List;

/** One step of a rollout plan: exactly one of a weight, a pause or an analysis. */
public sealed interface PlanStep permits PlanStep.Weight, PlanStep.Pause, PlanStep.Analysis {

    /** A short description for logs and reports, such as {@code weight 25%} or {@code pause 10m}. */
    String describe();

    /**
     * Sends {@code percent} of the traffic to the canary.
     *
     * @param percent 1 to 100
     */
    record Weight(int percent) implements PlanStep {

        @Override
        public String describe() {
            return "weight " + percent + "%";
        }
    }

    /**
     * Waits at the current weight.
     *
     * @param duration how long, or {@code null} to hold until a rerun continues the rollout
     */
    record Pause(Duration duration) implements PlanStep {

        public boolean indefinite() {
            return duration == null;
        }

        @Override
        public String describe() {
            return duration == null ? "pause until resumed" : "pause " + Durations.formatCompact(duration);
        }
    }

    /**
     * Measures metrics at the current weight.
     *
     * @param metrics the names of the plan's metrics to measure; empty means all of them
     */
    record Analysis(List<String> metrics) implements PlanStep {

        public Analysis {
            metrics = List.copyOf(metrics);
        }

        @Override
        public String describe() {
            return metrics.isEmpty() ? "analysis" : "analysis of " + String.join(", ", metrics);
        }
    }
}
