package io.jenkins.plugins.odoorelease.canary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a rollout plan from a tree of maps, lists and scalars, as YAML, JSON and Groovy give it, and checks the
 * whole plan before anything runs. Every problem carries its path, such as {@code steps[2].weight} or
 * {@code metrics[0].threshold}, and all of them are reported at once.
 *
 * <pre>
 * steps:                  # default: weights 10, 25, 50, 100, each followed by an analysis
 *   - weight: 10
 *   - analysis: {}        # every metric; or {metrics: [errorRate]}
 *   - pause: 10m          # or pause: {} to hold until a rerun
 * analysis:               # defaults for every metric
 *   interval: 1m
 *   count: 5
 *   failureLimit: 0
 *   inconclusiveLimit: 1
 *   onInconclusive: pause
 * metrics:                # default: what the configured sources allow
 *   - name: errorRate     # the type defaults to the name when the name is a type
 *     threshold: 0.02
 * </pre>
 */
public final class PlanParser {

    private static final Set<String> TOP_KEYS = Set.of("steps", "analysis", "metrics");
    private static final Set<String> ANALYSIS_KEYS = Set.of("interval", "count", "failureLimit", "inconclusiveLimit",
            "onInconclusive", "minRequests");
    private static final Set<String> METRIC_KEYS = Set.of("name", "type", "threshold", "interval", "count", "failureLimit",
            "inconclusiveLimit", "minRequests", "window", "quantile", "query", "growth", "stableMargin", "channel", "path", "url");
    private static final Set<String> STEP_KEYS = Set.of("weight", "pause", "analysis");

    /**
     * The shortest default window. Prometheus scrapes every minute by default, and {@code increase()} and
     * {@code rate()} need two samples in their range, which a one-minute window rarely holds.
     */
    static final Duration MIN_DEFAULT_WINDOW = Duration.ofMinutes(2);

    private final PlanDefaults defaults;
    private final List<Problem> problems = new ArrayList<>();
    /** Every metric name the plan declares, valid or not, so that steps can refer to a metric with a problem of its own. */
    private final Set<String> declared = new HashSet<>();

    private PlanParser(PlanDefaults defaults) {
        this.defaults = defaults;
    }

    /**
     * Parses YAML or JSON text (JSON is YAML) into the tree {@link #parse(Object, PlanDefaults, String)} reads.
     *
     * @param source the file or option the text came from, used in messages
     * @throws InvalidInputException when the text is not valid YAML
     */
    public static Object readTree(String text, String source) throws InvalidInputException {
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            return yaml.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new InvalidInputException(new Problem(source, null, null, "invalid YAML or JSON" + where + ": "
                    + e.getOriginalMessage()));
        }
    }

    /**
     * Checks and returns the plan; a null tree gives the default plan.
     *
     * @param source the file or parameter the plan came from, used in messages
     * @throws InvalidInputException listing every problem with its path
     */
    public static CanaryPlan parse(Object tree, PlanDefaults defaults, String source) throws InvalidInputException {
        PlanParser parser = new PlanParser(defaults);
        CanaryPlan plan = parser.plan(tree);
        if (!parser.problems.isEmpty()) {
            throw new InvalidInputException(parser.problems.stream().map(problem -> problem.inSource(source)).toList());
        }
        return plan;
    }

    private CanaryPlan plan(Object tree) {
        Map<String, Object> root = tree == null ? Map.of() : map(tree, "");
        if (root == null) {
            return null;
        }
        unknownKeys(root, TOP_KEYS, "");
        AnalysisDefaults analysis = analysisDefaults(root.get("analysis"));
        List<MetricSpec> metrics = root.containsKey("metrics") ? metrics(root.get("metrics"), analysis) : defaultMetrics(analysis);
        List<PlanStep> steps = root.containsKey("steps") ? steps(root.get("steps"), metrics) : defaultSteps();
        return new CanaryPlan(steps, metrics, analysis.onInconclusive());
    }

    private record AnalysisDefaults(Duration interval, int count, int failureLimit, int inconclusiveLimit, long minRequests,
            OnInconclusive onInconclusive) {
    }

    private AnalysisDefaults analysisDefaults(Object node) {
        Map<String, Object> analysis = node == null ? Map.of() : map(node, "analysis");
        if (analysis == null) {
            analysis = Map.of();
        }
        unknownKeys(analysis, ANALYSIS_KEYS, "analysis");
        Duration interval = duration(analysis.get("interval"), "analysis.interval", defaults.interval());
        AnalysisRules.positive(problems, interval, "analysis.interval", "interval");
        int count = integer(analysis.get("count"), "analysis.count", defaults.count(), 1, 1000);
        // Limits that the block does not set follow a smaller count, so that 'count: 1' alone is a valid block.
        int failureLimit = integer(analysis.get("failureLimit"), "analysis.failureLimit", below(defaults.failureLimit(), count), 0, 1000);
        int inconclusiveLimit = integer(analysis.get("inconclusiveLimit"), "analysis.inconclusiveLimit",
                below(defaults.inconclusiveLimit(), count), 0, 1000);
        long minRequests = integer(analysis.get("minRequests"), "analysis.minRequests", (int) defaults.minRequests(), 0,
                Integer.MAX_VALUE);
        OnInconclusive onInconclusive = defaults.onInconclusive();
        Object policy = analysis.get("onInconclusive");
        if (policy != null) {
            try {
                onInconclusive = Keyword.parse(OnInconclusive.class, policy.toString(), "analysis.onInconclusive");
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        return new AnalysisDefaults(interval == null ? defaults.interval() : interval, count, failureLimit, inconclusiveLimit,
                minRequests, onInconclusive);
    }

    /** Returns an inherited limit, lowered below {@code count} when needed, because a limit must stay below the count. */
    static int below(int limit, int count) {
        return Math.min(limit, Math.max(0, count - 1));
    }

    private List<PlanStep> defaultSteps() {
        List<PlanStep> steps = new ArrayList<>();
        for (int weight : defaults.weights()) {
            steps.add(new PlanStep.Weight(weight));
            steps.add(new PlanStep.Analysis(List.of()));
        }
        return steps;
    }

    private List<MetricSpec> defaultMetrics(AnalysisDefaults analysis) {
        // The step's parameters were checked already, so a problem here comes from the plan's analysis block.
        AnalysisRules.limits(problems, analysis.count(), analysis.failureLimit(), "analysis.failureLimit", analysis.inconclusiveLimit(),
                "analysis.inconclusiveLimit");
        List<MetricType> types = new ArrayList<>();
        if (defaults.prometheusConfigured()) {
            types.add(MetricType.ERROR_RATE);
            types.add(MetricType.LATENCY);
        }
        if (defaults.databaseConfigured()) {
            types.add(MetricType.QUEUE_BACKLOG);
            types.add(MetricType.FAILED_JOBS);
        }
        types.add(MetricType.POD_RESTARTS);
        types.add(MetricType.HTTP);
        List<MetricSpec> metrics = new ArrayList<>();
        for (MetricType type : types) {
            metrics.add(new MetricSpec(type.keyword(), type, defaults.thresholds().get(type), analysis.interval(), analysis.count(),
                    analysis.failureLimit(), analysis.inconclusiveLimit(), analysis.minRequests(), defaultWindow(analysis.interval()), 0.95, null,
                    false, null, null, "/web/health", null));
        }
        return metrics;
    }

    private List<MetricSpec> metrics(Object node, AnalysisDefaults analysis) {
        List<Object> list = list(node, "metrics");
        List<MetricSpec> metrics = new ArrayList<>();
        if (list == null) {
            return metrics;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "metrics[" + i + "]";
            Map<String, Object> entry = map(list.get(i), path);
            if (entry == null) {
                continue;
            }
            String declaredName = Text.trimToNull(string(entry.get("name")));
            if (declaredName != null) {
                declared.add(declaredName);
            }
            MetricSpec metric = metric(entry, path, analysis);
            if (metric != null) {
                if (!names.add(metric.name())) {
                    problems.add(Problem.of(path + ".name", metric.name(), "duplicate metric name; give every metric its own name"));
                }
                metrics.add(metric);
            }
        }
        return metrics;
    }

    private MetricSpec metric(Map<String, Object> entry, String path, AnalysisDefaults analysis) {
        unknownKeys(entry, METRIC_KEYS, path);
        int before = problems.size();
        String name = Text.trimToNull(string(entry.get("name")));
        if (name == null) {
            problems.add(Problem.of(path + ".name", null, "missing metric name; name it, for example errorRate"));
        } else if (!name.matches("[A-Za-z][A-Za-z0-9_-]{0,62}")) {
            problems.add(Problem.of(path + ".name", name, "invalid metric name; use letters, digits, '-' and '_', starting with a letter"));
        }
        MetricType type = metricType(entry, name, path);
        if (type == null) {
            return null;
        }
        Double configured = number(entry.get("threshold"), path + ".threshold");
        Double threshold = configured != null ? configured : defaults.thresholds().get(type);
        if (threshold == null && !entry.containsKey("threshold")) {
            problems.add(Problem.of(path + ".threshold", null, "missing threshold; a " + type.keyword()
                    + " metric has no default, so give the largest acceptable value" + ("value".equals(type.unit()) ? ""
                    : " in " + type.unit())));
        } else if (threshold != null) {
            AnalysisRules.threshold(problems, type, threshold, path + ".threshold");
        }
        Duration interval = duration(entry.get("interval"), path + ".interval", analysis.interval());
        AnalysisRules.positive(problems, interval, path + ".interval", "interval");
        int count = integer(entry.get("count"), path + ".count", analysis.count(), 1, 1000);
        int failureLimit = integer(entry.get("failureLimit"), path + ".failureLimit", below(analysis.failureLimit(), count), 0, 1000);
        int inconclusiveLimit = integer(entry.get("inconclusiveLimit"), path + ".inconclusiveLimit", below(analysis.inconclusiveLimit(),
                count), 0, 1000);
        AnalysisRules.limits(problems, count, failureLimit, path + ".failureLimit", inconclusiveLimit, path + ".inconclusiveLimit");
        long minRequests = integer(entry.get("minRequests"), path + ".minRequests", (int) analysis.minRequests(), 0, Integer.MAX_VALUE);
        Duration window = duration(entry.get("window"), path + ".window", interval == null ? null : defaultWindow(interval));
        AnalysisRules.positive(problems, window, path + ".window", "window");
        Double quantile = number(entry.get("quantile"), path + ".quantile");
        if (quantile != null && (quantile <= 0 || quantile >= 1)) {
            problems.add(Problem.of(path + ".quantile", String.valueOf(quantile), "a quantile lies between 0 and 1, for example 0.95"));
        }
        String query = Text.trimToNull(string(entry.get("query")));
        checkQuery(type, query, path);
        Double stableMargin = number(entry.get("stableMargin"), path + ".stableMargin");
        if (stableMargin != null && !type.perSide()) {
            problems.add(Problem.of(path + ".stableMargin", String.valueOf(stableMargin), "only Prometheus metrics measure a stable "
                    + "side to compare with; remove stableMargin from this " + type.keyword() + " metric"));
        }
        String channel = Text.trimToNull(string(entry.get("channel")));
        if (channel != null && !channel.matches("[A-Za-z0-9_.]+")) {
            problems.add(Problem.of(path + ".channel", channel, "invalid queue channel; expected a name such as root or root.sale"));
        }
        String httpPath = Text.trimToNull(string(entry.get("path")));
        if (httpPath != null && !httpPath.startsWith("/")) {
            problems.add(Problem.of(path + ".path", httpPath, "the path must start with '/', for example /web/health"));
        }
        String url = Text.trimToNull(string(entry.get("url")));
        if (url != null && !url.matches("https?://[^\\s/]+.*")) {
            problems.add(Problem.of(path + ".url", url, "expected an http:// or https:// URL of the canary, such as "
                    + "http://odoo-canary.shop.svc:8069"));
        }
        boolean growth = bool(entry.get("growth"), path + ".growth");
        sourceConfigured(type, path);
        if (problems.size() > before || name == null || interval == null || window == null) {
            return null;
        }
        return new MetricSpec(name, type, threshold == null ? 0 : threshold, interval, count, failureLimit, inconclusiveLimit,
                minRequests, window, quantile == null ? 0.95 : quantile, query, growth, stableMargin, channel,
                httpPath == null ? "/web/health" : httpPath, url);
    }

    private MetricType metricType(Map<String, Object> entry, String name, String path) {
        String typeText = Text.trimToNull(string(entry.get("type")));
        if (typeText == null && name != null) {
            for (MetricType candidate : MetricType.values()) {
                if (candidate.keyword().equals(name)) {
                    return candidate;
                }
            }
            problems.add(Problem.of(path + ".type", null, "missing metric type; expected "
                    + Text.quotedChoice(Keyword.keywords(MetricType.class), "or")));
            return null;
        }
        if (typeText == null) {
            return null;
        }
        try {
            return Keyword.parse(MetricType.class, typeText.toLowerCase(Locale.ROOT).equals("latencyp95") ? "latency" : typeText,
                    path + ".type");
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private void checkQuery(MetricType type, String query, String path) {
        boolean needsQuery = type == MetricType.PROMETHEUS || type == MetricType.SQL;
        if (needsQuery && query == null) {
            problems.add(Problem.of(path + ".query", null, "missing query; a " + type.keyword() + " metric measures the single "
                    + "number its query returns"));
        } else if (!needsQuery && query != null) {
            problems.add(Problem.of(path + ".query", query, "a " + type.keyword() + " metric builds its own query; use type "
                    + (type.needsDatabase() ? "sql" : "prometheus") + " for a query of your own"));
        } else if (type == MetricType.SQL) {
            String trimmed = query.strip();
            if (trimmed.endsWith(";")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
            }
            String lower = trimmed.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("select") || lower.startsWith("with")) || trimmed.contains(";")) {
                problems.add(Problem.of(path + ".query", query, "expected one SELECT statement that returns one number; "
                        + "it runs in a read-only transaction"));
            }
        }
    }

    private void sourceConfigured(MetricType type, String path) {
        if (type.needsPrometheus() && !defaults.prometheusConfigured()) {
            problems.add(Problem.of(path + ".type", type.keyword(), "this metric reads Prometheus, but no Prometheus URL is "
                    + "configured; set prometheusUrl or remove the metric"));
        }
        if (type.needsDatabase() && !defaults.databaseConfigured()) {
            problems.add(Problem.of(path + ".type", type.keyword(), "this metric reads the Odoo database, but no database is "
                    + "configured; set databaseUrl and its credentials or remove the metric"));
        }
    }

    private List<PlanStep> steps(Object node, List<MetricSpec> metrics) {
        List<Object> list = list(node, "steps");
        List<PlanStep> steps = new ArrayList<>();
        if (list == null) {
            return steps;
        }
        if (list.isEmpty()) {
            problems.add(Problem.of("steps", null, "the plan has no steps; add at least one weight step, or leave steps out "
                    + "for the default plan"));
            return steps;
        }
        Set<String> metricNames = new HashSet<>(declared);
        metrics.forEach(metric -> metricNames.add(metric.name()));
        boolean weighted = false;
        int lastWeight = 0;
        for (int i = 0; i < list.size(); i++) {
            String path = "steps[" + i + "]";
            PlanStep step = step(list.get(i), path, metricNames, weighted);
            if (step instanceof PlanStep.Weight weight) {
                weighted = true;
                if (weight.percent() < lastWeight) {
                    problems.add(Problem.of(path + ".weight", String.valueOf(weight.percent()), "the weight goes down from "
                            + lastWeight + "; each weight step must keep or raise the canary's share (a rollback lowers it to 0 "
                            + "by itself)"));
                }
                lastWeight = weight.percent();
            }
            if (step != null) {
                steps.add(step);
            }
        }
        if (!weighted && problems.isEmpty()) {
            problems.add(Problem.of("steps", null, "the plan has no weight step, so the canary would never get traffic; "
                    + "add one such as '- weight: 10'"));
        }
        return steps;
    }

    private PlanStep step(Object node, String path, Set<String> metricNames, boolean weighted) {
        Map<String, Object> entry = map(node, path);
        if (entry == null) {
            return null;
        }
        List<String> kinds = entry.keySet().stream().filter(STEP_KEYS::contains).toList();
        unknownKeys(entry, STEP_KEYS, path);
        if (kinds.size() != 1) {
            problems.add(Problem.of(path, kinds.isEmpty() ? null : String.join(", ", kinds), "a step is exactly one of weight, "
                    + "pause or analysis, for example '- weight: 25'"));
            return null;
        }
        String kind = kinds.get(0);
        Object value = entry.get(kind);
        return switch (kind) {
            case "weight" -> weightStep(value, path + ".weight");
            case "pause" -> pauseStep(value, path + ".pause");
            default -> analysisStep(value, path + ".analysis", metricNames, weighted);
        };
    }

    private PlanStep weightStep(Object value, String path) {
        Double number = number(value, path);
        if (value == null) {
            problems.add(Problem.of(path, null, "missing weight; give the canary's share of traffic in percent, 1 to 100"));
            return null;
        }
        if (number == null) {
            return null;
        }
        if (number != Math.rint(number) || number < 1 || number > 100) {
            problems.add(Problem.of(path, string(value), "the weight is the canary's share of traffic as a whole percent, 1 to 100"));
            return null;
        }
        return new PlanStep.Weight(number.intValue());
    }

    private PlanStep pauseStep(Object value, String path) {
        if (value == null || value instanceof Map<?, ?> map && map.isEmpty()) {
            return new PlanStep.Pause(null);
        }
        Object duration = value instanceof Map<?, ?> map ? map.get("duration") : value;
        if (value instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!"duration".equals(key)) {
                    problems.add(Problem.of(path + "." + key, null, "unknown key; a pause takes only duration"));
                }
            }
            path = path + ".duration";
        }
        if ("indefinite".equals(string(duration))) {
            return new PlanStep.Pause(null);
        }
        Duration parsed = duration(duration, path, null);
        if (parsed == null) {
            if (duration == null) {
                return new PlanStep.Pause(null);
            }
            return null;
        }
        if (parsed.isZero()) {
            problems.add(Problem.of(path, string(duration), "a pause of zero does nothing; remove the step or give a duration such as 10m"));
            return null;
        }
        return new PlanStep.Pause(parsed);
    }

    private PlanStep analysisStep(Object value, String path, Set<String> metricNames, boolean weighted) {
        if (!weighted) {
            problems.add(Problem.of(path, null, "an analysis before the first weight step has no canary traffic to measure; "
                    + "move it after a weight step"));
        }
        if (metricNames.isEmpty() && problems.stream().noneMatch(problem -> problem.path() != null && problem.path().startsWith("metrics"))) {
            problems.add(Problem.of(path, null, "the plan has no metrics to analyse; add some under metrics"));
        }
        if (value == null || Boolean.TRUE.equals(value) || "true".equals(value)) {
            return new PlanStep.Analysis(List.of());
        }
        Map<String, Object> analysis = map(value, path);
        if (analysis == null) {
            return null;
        }
        unknownKeys(analysis, Set.of("metrics"), path);
        if (!analysis.containsKey("metrics")) {
            return new PlanStep.Analysis(List.of());
        }
        List<Object> names = list(analysis.get("metrics"), path + ".metrics");
        if (names == null) {
            return null;
        }
        if (names.isEmpty()) {
            problems.add(Problem.of(path + ".metrics", null, "an empty list measures nothing; leave metrics out to measure all"));
            return null;
        }
        List<String> selected = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = string(names.get(i));
            if (!metricNames.contains(name)) {
                problems.add(Problem.of(path + ".metrics[" + i + "]", name, "no metric of this name; expected "
                        + Text.quotedChoice(metricNames.stream().sorted().toList(), "or")));
            } else {
                selected.add(name);
            }
        }
        return new PlanStep.Analysis(selected);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object node, String path) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), value));
            return copy;
        }
        problems.add(Problem.of(path.isEmpty() ? null : path, string(node), "expected a map of keys and values"));
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object node, String path) {
        if (node instanceof List<?> list) {
            return (List<Object>) list;
        }
        problems.add(Problem.of(path, string(node), "expected a list"));
        return null;
    }

    private void unknownKeys(Map<String, Object> map, Set<String> known, String path) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                String where = path.isEmpty() ? key : path + "." + key;
                problems.add(Problem.of(where, null, "unknown key; expected " + Text.quotedChoice(known.stream().sorted().toList(), "or")));
            }
        }
    }

    /** Returns the window a metric gets when its plan names none: its interval, but at least {@link #MIN_DEFAULT_WINDOW}. */
    static Duration defaultWindow(Duration interval) {
        return interval.compareTo(MIN_DEFAULT_WINDOW) < 0 ? MIN_DEFAULT_WINDOW : interval;
    }

    private Duration duration(Object value, String path, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            Duration duration = Durations.parse(string(value), path);
            return duration;
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private int integer(Object value, String path, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        Double number = number(value, path);
        if (number == null) {
            return fallback;
        }
        if (number != Math.rint(number) || number < min || number > max) {
            problems.add(Problem.of(path, string(value), "expected a whole number from " + min + " to " + max));
            return fallback;
        }
        return number.intValue();
    }

    private Double number(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.valueOf(string(value).trim());
        } catch (NumberFormatException e) {
            problems.add(Problem.of(path, string(value), "expected a number"));
            return null;
        }
    }

    private boolean bool(Object value, String path) {
        if (value == null) {
            return false;
        }
        String text = string(value).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        problems.add(Problem.of(path, string(value), "expected true or false"));
        return false;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
