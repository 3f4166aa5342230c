package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.FindingCode;
import io.jenkins.plugins.odoorelease.report.Measurement;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects what a rollout did while it runs, and turns it into the step's report. The report has the result map, a
 * table of steps, a table of measurements per analysis step, and a chart of the canary weight and each metric over time.
 */
final class CanaryReport {

    private final CanaryRequest request;
    private final Instant startedAt;
    private final List<Finding> findings = new ArrayList<>();
    private final List<StepRecord> steps = new ArrayList<>();
    private final List<Reading> readings = new ArrayList<>();
    private final List<WeightPoint> weights = new ArrayList<>();
    private final List<DryRunPlan.Change> changes = new ArrayList<>();
    private final List<Map<String, Object>> schedule = new ArrayList<>();
    private Outcome outcome = Outcome.HELD;
    private String reason;
    private String traefikApiVersion;
    private WeightSplit split;
    private Integer resumedFrom;

    /** A step as it ran: when, at which weight and with which result. */
    record StepRecord(int index, String step, Instant startedAt, Instant finishedAt, double weight, String result) {
    }

    private record Reading(int step, MetricReading reading, MetricType type) {
    }

    private record WeightPoint(Instant at, double percent) {
    }

    CanaryReport(CanaryRequest request, Instant startedAt) {
        this.request = request;
        this.startedAt = startedAt;
    }

    void finding(FindingCode code, Severity severity, String subject, String message) {
        findings.add(Finding.of(code, severity, subject, message));
    }

    void step(StepRecord record) {
        steps.add(record);
    }

    void reading(int step, MetricReading reading, MetricType type) {
        readings.add(new Reading(step, reading, type));
    }

    /** Records the canary's share of traffic from {@code at} on; the chart draws it as a step, not a slope. */
    void weight(Instant at, double percent) {
        if (!weights.isEmpty()) {
            WeightPoint last = weights.get(weights.size() - 1);
            if (last.percent() == percent) {
                return;
            }
            weights.add(new WeightPoint(at, last.percent()));
        }
        weights.add(new WeightPoint(at, percent));
    }

    void change(DryRunPlan.Change change) {
        changes.add(change);
    }

    int changeCount() {
        return changes.size();
    }

    void schedule(Map<String, Object> entry) {
        schedule.add(entry);
    }

    void outcome(Outcome value, String why) {
        this.outcome = value;
        this.reason = why;
    }

    Outcome outcome() {
        return outcome;
    }

    void traefik(String apiVersion, WeightSplit live) {
        this.traefikApiVersion = apiVersion;
        this.split = live;
    }

    void resumedFrom(int index) {
        this.resumedFrom = index;
    }

    StepReport build(Instant finishedAt) {
        StepReport.Builder report = StepReport.builder(CanaryRollout.STEP).startedAt(startedAt).finishedAt(finishedAt);
        parameters(report);
        report.findings(findings);
        for (Reading entry : readings) {
            MetricReading reading = entry.reading();
            report.measurement(new Measurement(reading.metric(), reading.side() + " @ step " + entry.step(), reading.value(),
                    entry.type().unit(), reading.at(), reading.judged() ? reading.threshold() : null,
                    reading.judged() ? reading.outcome().keyword() : null));
        }
        result(report);
        report.title(title());
        report.section(summary());
        if (!steps.isEmpty()) {
            report.section(stepsTable());
        }
        measurementTables().forEach(report::section);
        if (!weights.isEmpty() || !readings.isEmpty()) {
            report.section(chart(finishedAt));
        }
        if (!changes.isEmpty()) {
            report.section(new Section.Table("Objects the rollout would create or change", List.of("action", "kind", "name", "change"),
                    changes.stream().map(change -> List.of(change.action(), change.kind(), change.name(), change.summary())).toList()));
        }
        if (!schedule.isEmpty()) {
            report.section(new Section.Table("Schedule", List.of("step", "what", "starts after", "canary weight"),
                    schedule.stream().map(entry -> List.of(String.valueOf(entry.get("index")), String.valueOf(entry.get("step")),
                            String.valueOf(entry.get("startsAfter")), entry.get("weight") + "%")).toList()));
        }
        return report.build();
    }

    private void parameters(StepReport.Builder report) {
        report.parameter("namespace", request.namespace())
                .parameter("deployment", request.deployment())
                .parameter("service", request.service())
                .parameter("image", request.image())
                .parameter("traefikService", request.traefikService())
                .parameter("servicePort", request.servicePort())
                .parameter("container", request.container())
                .parameter("canaryReplicas", request.canaryReplicas())
                .parameter("stickyCookie", request.stickyCookie())
                .parameter("steps", request.plan().stepsAsMaps())
                .parameter("metrics", request.plan().metrics().stream().map(metric -> metric.name() + " (" + metric.type().keyword()
                        + ", threshold " + AnalysisRunner.format(metric.threshold(), MetricType.PROMETHEUS) + " " + metric.type().unit() + ", every "
                        + Durations.formatCompact(metric.interval()) + " x " + metric.count() + ")").toList())
                .parameter("onInconclusive", request.plan().onInconclusive().keyword())
                .parameter("runId", request.runId())
                .parameter("dryRun", request.dryRun())
                .parameter("prometheusUrl", request.prometheusUrl())
                .parameter("database", request.database() == null ? null : request.database().toString())
                .parameter("allowSchemaChanges", request.allowSchemaChanges())
                .parameter("calendars", request.calendars().isEmpty() ? null : request.calendars().stream().map(c -> c.name()).toList())
                .parameter("environment", request.environment())
                .parameter("onFreeze", request.onFreeze().keyword())
                .parameter("failOn", request.failOn().keyword());
    }

    private void result(StepReport.Builder report) {
        report.result("outcome", outcome.keyword());
        report.result("reason", reason);
        report.result("runId", request.runId());
        report.result("image", request.image());
        report.result("namespace", request.namespace());
        report.result("deployment", request.deployment());
        report.result("canary", request.canaryName());
        report.result("traefikService", request.traefikService());
        report.result("traefikApiVersion", traefikApiVersion);
        report.result("weight", split == null ? null : round(split.percentOf(request.canaryServiceName())));
        Map<String, Object> effective = new LinkedHashMap<>();
        if (split != null) {
            split.percentages().forEach((name, percent) -> effective.put(name, round(percent)));
        }
        report.result("effectiveWeights", effective);
        report.result("resumedFromStep", resumedFrom);
        report.result("dryRun", request.dryRun());
        List<Map<String, Object>> stepMaps = new ArrayList<>();
        for (StepRecord record : steps) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("index", record.index());
            map.put("step", record.step());
            map.put("startedAt", record.startedAt().toString());
            map.put("finishedAt", record.finishedAt() == null ? null : record.finishedAt().toString());
            map.put("weight", round(record.weight()));
            map.put("result", record.result());
            stepMaps.add(map);
        }
        report.result("steps", stepMaps);
        List<Map<String, Object>> analysis = new ArrayList<>();
        for (Reading entry : readings) {
            MetricReading reading = entry.reading();
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("step", entry.step());
            map.put("metric", reading.metric());
            map.put("side", reading.side());
            map.put("value", finite(reading.value()));
            map.put("unit", entry.type().unit());
            map.put("requests", finite(reading.requests()));
            map.put("threshold", reading.threshold());
            map.put("outcome", reading.judged() ? reading.outcome().keyword() : null);
            map.put("at", reading.at().toString());
            map.put("note", reading.note());
            analysis.add(map);
        }
        report.result("analysis", analysis);
        if (!changes.isEmpty()) {
            report.result("objects", changes.stream().map(CanaryReport::objectRow).toList());
            report.result("schedule", List.copyOf(schedule));
        }
    }

    /** Returns one planned change in a fixed column order, so that the report's table reads the same every time. */
    private static Map<String, Object> objectRow(DryRunPlan.Change change) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("action", change.action());
        row.put("kind", change.kind());
        row.put("name", change.name());
        row.put("manifest", change.manifest());
        return row;
    }

    private String title() {
        String base = switch (outcome) {
            case PROMOTED -> "Promoted " + request.image() + " to " + request.deployment();
            case ROLLED_BACK -> "Rolled back " + request.image() + " on " + request.deployment();
            case HELD -> request.dryRun() ? "Dry run of " + request.image() + " on " + request.deployment() + ": "
                    + Text.count(changeCount(), "change", "changes") + " planned, nothing changed" : held();
        };
        return reason == null || request.dryRun() ? base : base + ": " + reason;
    }

    /** Says plainly when a held canary still takes traffic, because a failed build does not take it away. */
    private String held() {
        if (split == null) {
            return "Held " + request.image() + " at its current weight";
        }
        double percent = split.percentOf(request.canaryServiceName());
        String weight = String.format(Locale.ROOT, "%.0f%%", percent);
        return "Held " + request.image() + " at " + weight + (percent > 0 ? ", and the canary still takes " + weight
                + " of the traffic until a rerun continues or replaces it" : "");
    }

    private Section summary() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("Outcome", outcome.keyword() + (reason == null ? "" : " (" + reason + ")"));
        entries.put("Image", request.image());
        entries.put("Stable", request.namespace() + "/" + request.deployment() + " behind Service " + request.service());
        entries.put("Canary", request.canaryName() + " behind Service " + request.canaryServiceName());
        entries.put("TraefikService", request.traefikService() + (traefikApiVersion == null ? "" : " (" + traefikApiVersion + ")"));
        if (split != null) {
            entries.put("Traffic now", split.describe());
        }
        entries.put("Run", request.runId() + (resumedFrom == null ? "" : ", resumed at step " + resumedFrom));
        return new Section.KeyValues("Rollout", entries);
    }

    private Section stepsTable() {
        List<List<String>> rows = new ArrayList<>();
        for (StepRecord record : steps) {
            rows.add(List.of(String.valueOf(record.index()), record.step(), time(record.startedAt()),
                    record.finishedAt() == null ? "" : time(record.finishedAt()),
                    String.format(Locale.ROOT, "%.1f%%", record.weight()), record.result()));
        }
        return new Section.Table("Steps", List.of("#", "step", "started", "finished", "canary traffic", "result"), rows);
    }

    private List<Section> measurementTables() {
        Map<Integer, List<Reading>> byStep = new TreeMap<>();
        readings.forEach(entry -> byStep.computeIfAbsent(entry.step(), index -> new ArrayList<>()).add(entry));
        List<Section> sections = new ArrayList<>();
        for (Map.Entry<Integer, List<Reading>> step : byStep.entrySet()) {
            double weight = steps.stream().filter(record -> record.index() == step.getKey()).mapToDouble(StepRecord::weight)
                    .findFirst().orElse(Double.NaN);
            List<List<String>> rows = new ArrayList<>();
            for (Reading entry : step.getValue()) {
                MetricReading reading = entry.reading();
                rows.add(List.of(time(reading.at()), reading.metric(), reading.side(),
                        AnalysisRunner.format(reading.value(), entry.type()),
                        Double.isNaN(reading.requests()) ? "" : String.format(Locale.ROOT, "%.0f", reading.requests()),
                        reading.judged() ? AnalysisRunner.format(reading.threshold(), entry.type()) : "",
                        reading.judged() ? reading.outcome().keyword() : "", reading.note() == null ? "" : reading.note()));
            }
            String title = "Step " + step.getKey() + ": measurements"
                    + (Double.isNaN(weight) ? "" : String.format(Locale.ROOT, " at %.0f%% canary traffic", weight));
            sections.add(new Section.Table(title, List.of("time", "metric", "side", "value", "requests", "threshold", "outcome", "note"),
                    rows));
        }
        return sections;
    }

    /**
     * Draws the weight in percent and every canary metric as a percentage of its threshold, so that all share one
     * scale on which 100 is the limit. A metric with a threshold of 0 is drawn as its raw count.
     */
    private Section chart(Instant end) {
        List<Section.Series> series = new ArrayList<>();
        List<Section.Point> weightPoints = new ArrayList<>();
        for (WeightPoint point : weights) {
            weightPoints.add(new Section.Point(seconds(point.at()), point.percent(), "canary traffic"));
        }
        if (!weights.isEmpty()) {
            weightPoints.add(new Section.Point(seconds(end), weights.get(weights.size() - 1).percent(), "canary traffic at the end"));
        }
        series.add(new Section.Series("traffic %", weightPoints));
        Map<String, List<Section.Point>> metricPoints = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Reading entry : readings) {
            MetricReading reading = entry.reading();
            if (!reading.judged()) {
                continue;
            }
            boolean relative = reading.threshold() > 0;
            double y = relative ? reading.value() / reading.threshold() * 100 : reading.value();
            names.putIfAbsent(reading.metric(), reading.metric() + (relative ? " % of limit" : " count"));
            metricPoints.computeIfAbsent(reading.metric(), name -> new ArrayList<>()).add(new Section.Point(seconds(reading.at()), y,
                    "step " + entry.step() + ": " + AnalysisRunner.format(reading.value(), entry.type()) + ", " + reading.outcome().keyword()));
        }
        metricPoints.forEach((metric, points) -> series.add(new Section.Series(names.get(metric), points)));
        return new Section.Chart("Canary traffic and metrics over time", "time (UTC)", "percent", true, series);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static String time(Instant at) {
        return TIME.format(at);
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
