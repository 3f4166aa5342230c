package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one analysis step: measures each metric {@code count} times, one {@code interval} apart (the first one interval
 * after the start, so that the window contains traffic at the new weight), and decides. A metric fails as soon as its
 * failed measurements exceed {@code failureLimit}, which ends the analysis at once. It is inconclusive when its
 * inconclusive measurements exceed {@code inconclusiveLimit}, or when not one measurement succeeded.
 */
final class AnalysisRunner {

    private final Clock clock;
    private final Sleeper sleeper;
    private final EventSink events;
    private final Function<MetricType, MetricSource> sources;

    AnalysisRunner(Clock clock, Sleeper sleeper, EventSink events, Function<MetricType, MetricSource> sources) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.events = events;
        this.sources = sources;
    }

    private static final class Progress {
        final MetricSpec metric;
        int taken;
        int successful;
        int failed;
        int inconclusive;

        Progress(MetricSpec metric) {
            this.metric = metric;
        }

        boolean done() {
            return taken >= metric.count() || failed > metric.failureLimit();
        }

        MetricOutcome outcome() {
            if (failed > metric.failureLimit()) {
                return MetricOutcome.FAILED;
            }
            if (inconclusive > metric.inconclusiveLimit() || successful == 0) {
                return MetricOutcome.INCONCLUSIVE;
            }
            return MetricOutcome.SUCCESSFUL;
        }
    }

    /**
     * Runs the analysis.
     *
     * @param onReading receives every reading as it is taken, for the durable report
     * @throws InterruptedException when the run is aborted while waiting
     */
    AnalysisResult run(List<MetricSpec> metrics, Consumer<MetricReading> onReading) throws InterruptedException {
        Instant start = clock.instant();
        Map<String, Progress> progress = new LinkedHashMap<>();
        for (MetricSpec metric : metrics) {
            progress.put(metric.name(), new Progress(metric));
            sources.apply(metric.type()).begin(metric, start);
        }
        List<MetricReading> readings = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            Progress next = null;
            Instant due = null;
            for (Progress candidate : progress.values()) {
                if (candidate.done()) {
                    continue;
                }
                Instant candidateDue = start.plus(candidate.metric.interval().multipliedBy(candidate.taken + 1L));
                if (due == null || candidateDue.isBefore(due)) {
                    next = candidate;
                    due = candidateDue;
                }
            }
            if (next == null) {
                break;
            }
            Duration wait = Duration.between(clock.instant(), due);
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
            Instant at = clock.instant();
            List<MetricReading> taken = sources.apply(next.metric.type()).measure(next.metric, at);
            next.taken++;
            for (MetricReading reading : taken) {
                readings.add(reading);
                onReading.accept(reading);
                if (reading.judged()) {
                    switch (reading.outcome()) {
                        case SUCCESSFUL -> next.successful++;
                        case FAILED -> next.failed++;
                        case INCONCLUSIVE -> next.inconclusive++;
                    }
                }
            }
            log(next, taken);
            if (next.failed > next.metric.failureLimit()) {
                stop = true;
            }
        }
        return result(progress, readings);
    }

    private void log(Progress progress, List<MetricReading> taken) {
        StringBuilder line = new StringBuilder(progress.metric.name()).append(' ').append(progress.taken).append('/')
                .append(progress.metric.count()).append(':');
        for (MetricReading reading : taken) {
            line.append(' ').append(reading.side()).append(' ').append(format(reading.value(), progress.metric.type()));
            if (!Double.isNaN(reading.requests())) {
                line.append(String.format(Locale.ROOT, " (%.0f requests)", reading.requests()));
            }
            if (reading.judged()) {
                line.append(" ").append(reading.outcome().keyword());
            }
            if (reading.note() != null && (reading.judged() && reading.outcome() != MetricOutcome.SUCCESSFUL)) {
                line.append(" - ").append(reading.note());
            }
            line.append(';');
        }
        line.setLength(line.length() - 1);
        line.append(" (threshold ").append(format(progress.metric.threshold(), progress.metric.type())).append(").");
        events.info(line.toString());
    }

    /** Formats a value in its unit: an error rate as a percentage, seconds with three decimals, counts whole. */
    static String format(double value, MetricType type) {
        if (Double.isNaN(value)) {
            return "no value";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return switch (type) {
            case ERROR_RATE -> String.format(Locale.ROOT, "%.2f%%", value * 100);
            case LATENCY, HTTP -> String.format(Locale.ROOT, "%.3f s", value);
            case QUEUE_BACKLOG, FAILED_JOBS, POD_RESTARTS -> String.format(Locale.ROOT, "%.0f", value);
            default -> String.format(Locale.ROOT, "%.4g", value);
        };
    }

    private static AnalysisResult result(Map<String, Progress> progress, List<MetricReading> readings) {
        Map<String, MetricOutcome> outcomes = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        MetricOutcome overall = MetricOutcome.SUCCESSFUL;
        for (Progress entry : progress.values()) {
            MetricOutcome outcome = entry.outcome();
            outcomes.put(entry.metric.name(), outcome);
            if (outcome == MetricOutcome.FAILED) {
                overall = MetricOutcome.FAILED;
                reasons.add(entry.metric.name() + " failed " + entry.failed + " of " + entry.taken + " measurements (failureLimit "
                        + entry.metric.failureLimit() + ")");
            } else if (outcome == MetricOutcome.INCONCLUSIVE) {
                if (overall != MetricOutcome.FAILED) {
                    overall = MetricOutcome.INCONCLUSIVE;
                }
                reasons.add(entry.metric.name() + " was inconclusive in " + entry.inconclusive + " of " + entry.taken
                        + " measurements (inconclusiveLimit " + entry.metric.inconclusiveLimit() + ", " + entry.successful + " successful)");
            }
        }
        return new AnalysisResult(overall, outcomes, readings, reasons);
    }
}
