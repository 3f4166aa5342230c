package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanParserTest {

    private static final PlanDefaults WITH_SOURCES = PlanDefaults.standard(true, true);

    private static CanaryPlan parse(String yaml, PlanDefaults defaults) throws InvalidInputException {
        return PlanParser.parse(PlanParser.readTree(yaml, "plan.yaml"), defaults, "plan.yaml");
    }

    private static List<String> problems(String yaml, PlanDefaults defaults) {
        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, () -> parse(yaml, defaults));
        assertThat(error).as("expected the plan to be rejected").isNotNull();
        return error.problems().stream().map(Problem::describe).toList();
    }

    @Test
    void defaultPlanHasFourWeightsEachAnalysed() throws Exception {
        CanaryPlan plan = PlanParser.parse(null, WITH_SOURCES, "plan");

        assertThat(plan.steps()).containsExactly(new PlanStep.Weight(10), new PlanStep.Analysis(List.of()), new PlanStep.Weight(25),
                new PlanStep.Analysis(List.of()), new PlanStep.Weight(50), new PlanStep.Analysis(List.of()),
                new PlanStep.Weight(100), new PlanStep.Analysis(List.of()));
        assertThat(plan.metrics()).extracting(MetricSpec::name)
                .containsExactly("errorRate", "latency", "queueBacklog", "failedJobs", "podRestarts", "http");
        assertThat(plan.metric("errorRate").threshold()).isEqualTo(0.02);
        assertThat(plan.metric("latency").quantile()).isEqualTo(0.95);
        assertThat(plan.metric("http").interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(plan.onInconclusive()).isEqualTo(OnInconclusive.PAUSE);
    }

    @Test
    void defaultMetricsFollowConfiguredSources() throws Exception {
        CanaryPlan plan = PlanParser.parse(null, PlanDefaults.standard(false, false), "plan");

        assertThat(plan.metrics()).extracting(MetricSpec::name).containsExactly("podRestarts", "http");
    }

    @Test
    void everyProblemReportedWithItsPath() {
        List<String> problems = problems("""
                steps:
                  - weight: 10
                  - pause: 5m
                  - weight: 150
                  - weight: 20
                    pause: 1m
                  - analysis: {metrics: [errorRate, nope]}
                  - pause: soon
                  - dance: true
                analysis:
                  onInconclusive: shrug
                metrics:
                  - name: errorRate
                    threshold: 2
                    count: 3
                    failureLimit: 3
                  - name: latency
                    interval: 90
                  - name: custom
                    type: sql
                    query: DELETE FROM queue_job
                  - name: bogus
                    type: weather
                """, WITH_SOURCES);

        assertThat(problems).containsExactlyInAnyOrder(
                "plan.yaml: analysis.onInconclusive: 'shrug': expected 'pause', 'fail' or 'rollback'",
                "plan.yaml: metrics[0].threshold: '2.0': an error rate is a ratio from 0 to 1; write 0.02 for 2 %",
                "plan.yaml: metrics[0].failureLimit: '3': the failure limit must be smaller than count (3), or the metric could never fail",
                "plan.yaml: metrics[1].interval: '90': invalid duration: add a unit: expected a whole number and a unit (ms, s, m, h, d, w), "
                        + "for example 90m, 1h30m or 2d",
                "plan.yaml: metrics[2].threshold: missing threshold; a sql metric has no default, so give the largest acceptable value",
                "plan.yaml: metrics[2].query: 'DELETE FROM queue_job': expected one SELECT statement that returns one number; it runs in "
                        + "a read-only transaction",
                "plan.yaml: metrics[3].type: 'weather': expected 'errorRate', 'latency', 'prometheus', 'queueBacklog', 'failedJobs', "
                        + "'sql', 'podRestarts' or 'http'",
                "plan.yaml: steps[2].weight: '150': the weight is the canary's share of traffic as a whole percent, 1 to 100",
                "plan.yaml: steps[3]: 'weight, pause': a step is exactly one of weight, pause or analysis, for example '- weight: 25'",
                "plan.yaml: steps[4].analysis.metrics[1]: 'nope': no metric of this name; expected 'bogus', 'custom', 'errorRate' or 'latency'",
                "plan.yaml: steps[5].pause: 'soon': invalid duration: expected a whole number and a unit (ms, s, m, h, d, w), for example "
                        + "90m, 1h30m or 2d",
                "plan.yaml: steps[6].dance: unknown key; expected 'analysis', 'pause' or 'weight'",
                "plan.yaml: steps[6]: a step is exactly one of weight, pause or analysis, for example '- weight: 25'");
    }

    @Test
    void analysisBlockLimitsCheckedForDefaultMetrics() {
        assertThat(problems("""
                analysis: {count: 3, failureLimit: 3, inconclusiveLimit: 5}
                """, WITH_SOURCES)).containsExactlyInAnyOrder(
                "plan.yaml: analysis.failureLimit: '3': the failure limit must be smaller than count (3), or the metric could never fail",
                "plan.yaml: analysis.inconclusiveLimit: '5': the inconclusive limit must be smaller than count (3), or an analysis "
                        + "without any data could pass");
    }

    @Test
    void defaultWindowHoldsTwoScrapes() throws Exception {
        CanaryPlan plan = parse("""
                analysis: {interval: 5m}
                metrics:
                  - name: errorRate
                    interval: 1m
                  - name: latency
                  - name: custom
                    type: prometheus
                    query: sum(rate(odoo_http_errors{service="$service"}[1m]))
                    threshold: 1
                    window: 30s
                """, WITH_SOURCES);

        assertThat(plan.metric("errorRate").window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(plan.metric("latency").window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(plan.metric("custom").window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(PlanParser.parse(null, WITH_SOURCES, "plan").metric("errorRate").window()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void zeroIntervalAndWindowRejected() {
        assertThat(problems("""
                analysis: {interval: 0s}
                metrics:
                  - name: errorRate
                    interval: 30s
                    window: 0s
                """, WITH_SOURCES)).containsExactlyInAnyOrder(
                "plan.yaml: analysis.interval: '0s': the interval must be longer than 0, such as 1m",
                "plan.yaml: metrics[0].window: '0s': the window must be longer than 0, such as 1m");
    }

    @Test
    void parametersForDefaultPlanChecked() {
        CanaryRequest.Builder request = CanaryRequest.builder().namespace("shop").deployment("odoo").service("odoo")
                .image("registry.example/odoo:17.0").dryRun(true).manifests("kind: List\nitems: []\n")
                .analysisCount("5").failureLimit("5").inconclusiveLimit("7").analysisInterval("0s")
                .threshold(MetricType.ERROR_RATE, "2");

        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, request::build);

        assertThat(error.problems()).extracting(Problem::describe).containsExactlyInAnyOrder(
                "analysisInterval: '0s': the interval must be longer than 0, such as 1m",
                "maxErrorRate: '2.0': an error rate is a ratio from 0 to 1; write 0.02 for 2 %");
        CanaryRequest.Builder limits = request.analysisInterval("1m").threshold(MetricType.ERROR_RATE, "0.05");
        assertThat(catchThrowableOfType(InvalidInputException.class, limits::build).problems()).extracting(Problem::describe)
                .containsExactlyInAnyOrder(
                        "failureLimit: '5': the failure limit must be smaller than count (5), or the metric could never fail",
                        "inconclusiveLimit: '7': the inconclusive limit must be smaller than count (5), or an analysis without any "
                                + "data could pass");
    }

    @Test
    void prometheusUrlWithCredentialsRejected() {
        CanaryRequest.Builder request = CanaryRequest.builder().namespace("shop").deployment("odoo").service("odoo")
                .image("registry.example/odoo:17.0").dryRun(true).manifests("kind: List\nitems: []\n")
                .prometheusUrl("http://user:promsecret@prometheus.monitoring:9090/");

        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, request::build);

        assertThat(error.problems()).extracting(Problem::describe).singleElement().asString()
                .startsWith("prometheusUrl: '(a URL with user information)': the URL contains credentials").doesNotContain("promsecret");
        assertThat(catchThrowableOfType(InvalidInputException.class, request.prometheusUrl("http://prometheus:9090/q?a=b@c")::build))
                .isNull();
    }

    @Test
    void prometheusUrlCheckedForSettings() {
        InvalidInputException credentials = catchThrowableOfType(InvalidInputException.class,
                () -> CanaryRequest.checkPrometheusUrl("https://ops:s3cret@prometheus:9090", "canaryPrometheusUrl"));
        InvalidInputException scheme = catchThrowableOfType(InvalidInputException.class,
                () -> CanaryRequest.checkPrometheusUrl("prometheus:9090", "canaryPrometheusUrl"));

        assertThat(credentials.getMessage()).startsWith("canaryPrometheusUrl: '(a URL with user information)'").doesNotContain("s3cret");
        assertThat(scheme.getMessage()).contains("canaryPrometheusUrl: 'prometheus:9090': expected the Prometheus base URL");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> CanaryRequest.checkPrometheusUrl("http://prometheus.monitoring:9090", "canaryPrometheusUrl"))).isNull();
    }

    @Test
    void analysisBeforeFirstWeightRejected() {
        assertThat(problems("""
                steps:
                  - analysis: {}
                  - weight: 10
                """, WITH_SOURCES)).containsExactly("plan.yaml: steps[0].analysis: an analysis before the first weight step has no canary "
                + "traffic to measure; move it after a weight step");
    }

    @Test
    void planWithoutWeightRejected() {
        assertThat(problems("""
                steps:
                  - pause: 10m
                """, WITH_SOURCES)).containsExactly("plan.yaml: steps: the plan has no weight step, so the canary would never get "
                + "traffic; add one such as '- weight: 10'");
    }

    @Test
    void singleMeasurementAnalysisAccepted() throws Exception {
        CanaryRequest request = CanaryRequest.builder().namespace("shop").deployment("odoo").service("odoo")
                .image("registry.example/odoo@sha256:" + "ab".repeat(32)).dryRun(true).manifests("kind: List\nitems: []\n")
                .analysisCount("1").build();
        CanaryPlan plan = parse("""
                analysis: {count: 1}
                """, WITH_SOURCES);

        assertThat(request.plan().metrics()).allSatisfy(metric -> assertThat(metric.inconclusiveLimit()).isZero());
        assertThat(plan.metrics()).allSatisfy(metric -> {
            assertThat(metric.count()).isEqualTo(1);
            assertThat(metric.inconclusiveLimit()).isZero();
        });
        assertThat(problems("""
                analysis: {count: 1, inconclusiveLimit: 1}
                """, WITH_SOURCES)).singleElement().asString().contains("analysis.inconclusiveLimit");
    }

    @Test
    void decreasingWeightRejected() {
        assertThat(problems("""
                steps:
                  - weight: 50
                  - weight: 50
                  - weight: 10
                """, WITH_SOURCES)).containsExactly("plan.yaml: steps[2].weight: '10': the weight goes down from 50; each weight "
                + "step must keep or raise the canary's share (a rollback lowers it to 0 by itself)");
    }

    @Test
    void decreasingWeightsParameterRejected() {
        CanaryRequest.Builder request = CanaryRequest.builder().namespace("shop").deployment("odoo").service("odoo")
                .image("registry.example/odoo@sha256:" + "ab".repeat(32)).dryRun(true).manifests("kind: List\nitems: []\n")
                .weights("10,5");

        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, request::build);

        assertThat(error.problems()).extracting(Problem::describe).containsExactly("weights: '10,5': the weights go down at 5; "
                + "list them from the smallest canary share to the largest, such as 10,25,50,100");
    }

    @Test
    void metricNeedsItsSource() {
        assertThat(problems("""
                metrics:
                  - name: errorRate
                  - name: queueBacklog
                """, PlanDefaults.standard(false, false))).containsExactly(
                "plan.yaml: metrics[0].type: 'errorRate': this metric reads Prometheus, but no Prometheus URL is configured; set "
                        + "prometheusUrl or remove the metric",
                "plan.yaml: metrics[1].type: 'queueBacklog': this metric reads the Odoo database, but no database is configured; set "
                        + "databaseUrl and its credentials or remove the metric");
    }

    @Test
    void customMetricNeedsThresholdAndQuery() {
        assertThat(problems("""
                metrics:
                  - name: retries
                    type: prometheus
                """, WITH_SOURCES)).containsExactly(
                "plan.yaml: metrics[0].threshold: missing threshold; a prometheus metric has no default, so give the largest acceptable "
                        + "value",
                "plan.yaml: metrics[0].query: missing query; a prometheus metric measures the single number its query returns");
    }

    @Test
    void groovyMapsParseLikeYaml() throws Exception {
        Map<String, Object> tree = Map.of("steps", List.of(Map.of("weight", 5), Map.of("pause", Map.of()), Map.of("weight", "50"),
                Map.of("analysis", true)), "metrics", List.of(Map.of("name", "podRestarts", "threshold", 1)));

        CanaryPlan plan = PlanParser.parse(tree, WITH_SOURCES, "steps");

        assertThat(plan.steps()).containsExactly(new PlanStep.Weight(5), new PlanStep.Pause(null), new PlanStep.Weight(50),
                new PlanStep.Analysis(List.of()));
        assertThat(plan.metric("podRestarts").threshold()).isEqualTo(1.0);
    }

    @Test
    void invalidYamlNamesLine() {
        InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
                () -> PlanParser.readTree("steps:\n  - weight: [10\n", "plan.yaml"));

        assertThat(error.getMessage()).startsWith("plan.yaml: invalid YAML or JSON at line");
    }

    @Test
    void durationsAndWeightsOfPlan() throws Exception {
        CanaryPlan plan = parse("""
                steps:
                  - weight: 10
                  - analysis: {}
                  - pause: 10m
                  - weight: 40
                analysis: {interval: 30s, count: 4}
                metrics:
                  - name: podRestarts
                """, WITH_SOURCES);

        assertThat(plan.durationUntilNextWeight(0)).isEqualTo(Duration.ofMinutes(12));
        assertThat(plan.weightAfter(2)).isEqualTo(10);
        assertThat(plan.weightAfter(3)).isEqualTo(40);
    }
}
