package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.time.Duration;
import java.util.List;

/**
 * The rules every metric's analysis settings must meet, wherever they come from: a metric of the plan, the plan's
 * {@code analysis} block, or the step's parameters for the default plan. Each check adds a problem at the path or
 * parameter it is given.
 */
final class AnalysisRules {

    private AnalysisRules() {
    }

    /** Checks that both limits are below {@code count}, or a metric could never fail, or pass without any data. */
    static void limits(List<Problem> problems, int count, int failureLimit, String failurePath, int inconclusiveLimit,
            String inconclusivePath) {
        if (failureLimit >= count) {
            problems.add(Problem.of(failurePath, String.valueOf(failureLimit), "the failure limit must be smaller than count ("
                    + count + "), or the metric could never fail"));
        }
        if (inconclusiveLimit >= count) {
            problems.add(Problem.of(inconclusivePath, String.valueOf(inconclusiveLimit), "the inconclusive limit must be smaller "
                    + "than count (" + count + "), or an analysis without any data could pass"));
        }
    }

    /** Checks that a threshold is a finite number of 0 or more, and that an error rate is a ratio of at most 1. */
    static void threshold(List<Problem> problems, MetricType type, double threshold, String path) {
        if (threshold < 0 || Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            problems.add(Problem.of(path, String.valueOf(threshold), "the threshold must be a finite number of 0 or more, in "
                    + type.unit()));
        } else if (type == MetricType.ERROR_RATE && threshold > 1) {
            problems.add(Problem.of(path, String.valueOf(threshold), "an error rate is a ratio from 0 to 1; write 0.02 for 2 %"));
        }
    }

    /** Checks that an interval or a window is longer than zero, since a measurement needs time to pass. */
    static void positive(List<Problem> problems, Duration duration, String path, String what) {
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            problems.add(Problem.of(path, Durations.formatCompact(duration), "the " + what + " must be longer than 0, such as 1m"));
        }
    }
}
