package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.FakePrometheus;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CanaryRolloutTest {

    static final String PLAN = """
            steps:
              - weight: 10
              - analysis: {}
              - pause: 5m
              - weight: 50
              - analysis: {}
            analysis:
              interval: 1m
              count: 3
            metrics:
              - name: errorRate
              - name: latency
              - name: podRestarts
              - name: http
            """;

    private RolloutHarness harness;

    @BeforeEach
    void start() {
        harness = new RolloutHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(StepReport report, String key) {
        return (List<Map<String, Object>>) report.result().get(key);
    }

    @Test
    void promoteWhenEveryAnalysisPasses() throws Exception {
        AtomicReference<Deployment> canarySeen = new AtomicReference<>();
        AtomicReference<Object> stickySeen = new AtomicReference<>();
        harness.onSleep.add(() -> {
            if (canarySeen.get() == null && harness.cluster.deployment("odoo-canary") != null) {
                canarySeen.set(harness.cluster.deployment("odoo-canary"));
            }
            if (stickySeen.get() == null && harness.cluster.weights().containsKey("odoo-canary")) {
                Map<?, ?> spec = (Map<?, ?>) harness.cluster.traefikService().getAdditionalProperties().get("spec");
                stickySeen.set(((Map<?, ?>) spec.get("weighted")).get("sticky"));
            }
        });

        StepReport report = harness.run(harness.request(PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        Deployment stable = harness.cluster.deployment("odoo");
        assertThat(stable.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(MockCluster.NEW_IMAGE);
        assertThat(stable.getMetadata().getAnnotations()).doesNotContainKey(CanaryMetadata.PREVIOUS_IMAGE);
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
        assertThat(harness.cluster.service("odoo-canary")).isNull();
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.cluster.traefikService().getMetadata().getAnnotations()).doesNotContainKey(CanaryMetadata.RUN);
        assertThat(list(report, "steps")).extracting(step -> step.get("result"))
                .containsExactly("weights verified", "successful", "done", "weights verified", "successful");
        assertThat(list(report, "analysis")).filteredOn(reading -> "canary".equals(reading.get("side")))
                .extracting(reading -> reading.get("outcome")).containsOnly("successful").hasSize(24);
        Container odoo = canarySeen.get().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(odoo.getImage()).isEqualTo(MockCluster.NEW_IMAGE);
        assertThat(odoo.getArgs()).containsExactly("--workers=4", "--max-cron-threads=0");
        assertThat(canarySeen.get().getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app", "odoo-canary").containsEntry("component", "web-canary").containsEntry("team", "retail")
                .containsEntry(CanaryMetadata.TRACK, "canary");
        assertThat(stickySeen.get()).isEqualTo(Map.of("cookie", Map.of("name", "odoo_canary", "httpOnly", true, "sameSite", "lax")));
        Map<?, ?> spec = (Map<?, ?>) harness.cluster.traefikService().getAdditionalProperties().get("spec");
        assertThat(((Map<?, ?>) spec.get("weighted")).containsKey("sticky")).isFalse();
        assertThat(harness.cluster.traefikService().getMetadata().getAnnotations()).doesNotContainKey(CanaryMetadata.STICKY_ADDED);
        assertThat(report.result().get("effectiveWeights")).isEqualTo(Map.of("odoo", 100.0));
        assertThat(harness.prometheus.queries()).contains(
                "sum(increase(traefik_service_requests_total{service=\"shop-odoo-canary-8069@kubernetescrd\"}[120s]))",
                "histogram_quantile(0.95, sum by (le) (rate(traefik_service_request_duration_seconds_bucket"
                        + "{service=\"shop-odoo-8069@kubernetescrd\"}[120s])))");
    }

    @Test
    @SuppressWarnings("unchecked")
    void ownStickyCookieKept() throws Exception {
        Map<String, Object> sticky = Map.of("cookie", Map.of("name", "shop_lb", "secure", true));
        harness.cluster.client().genericKubernetesResources(MockCluster.traefikServices("traefik.io")).inNamespace(MockCluster.NAMESPACE)
                .withName(MockCluster.TRAEFIK_SERVICE).edit(service -> {
                    Map<String, Object> weighted = new java.util.LinkedHashMap<>((Map<String, Object>) ((Map<?, ?>) service
                            .getAdditionalProperties().get("spec")).get("weighted"));
                    weighted.put("sticky", sticky);
                    service.setAdditionalProperty("spec", Map.of("weighted", weighted));
                    return service;
                });

        StepReport report = harness.run(harness.request(PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        Map<?, ?> spec = (Map<?, ?>) harness.cluster.traefikService().getAdditionalProperties().get("spec");
        assertThat(((Map<?, ?>) spec.get("weighted")).get("sticky")).isEqualTo(sticky);
    }

    @Test
    void effectiveWeightsReportedDuringRollout() throws Exception {
        AtomicReference<Map<String, Integer>> atTen = new AtomicReference<>();
        harness.onSleep.add(() -> {
            if (atTen.get() == null && harness.cluster.weights().containsKey("odoo-canary")) {
                atTen.set(harness.cluster.weights());
            }
        });

        harness.run(harness.request(PLAN));

        assertThat(atTen.get()).containsExactly(Map.entry("odoo", 90), Map.entry("odoo-canary", 10));
        assertThat(harness.log).anyMatch(line -> line.contains("Traffic now: odoo 90.0% (weight 90), odoo-canary 10.0% (weight 10)"));
    }

    private static final String MARGIN_PLAN = """
            steps:
              - weight: 50
              - analysis: {}
            analysis: {interval: 1m, count: 2}
            metrics:
              - name: errorRate
                stableMargin: 0.01
            """;

    @Test
    void stableLabelWithoutPortFollowsTraefik() throws Exception {
        harness.cluster.client().genericKubernetesResources(MockCluster.traefikServices("traefik.io")).inNamespace(MockCluster.NAMESPACE)
                .withName(MockCluster.TRAEFIK_SERVICE).edit(service -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec = new java.util.LinkedHashMap<>((Map<String, Object>) service.getAdditionalProperties().get("spec"));
                    spec.put("weighted", Map.of("services", List.of(Map.of("name", "odoo", "weight", 1))));
                    service.setAdditionalProperty("spec", spec);
                    return service;
                });

        StepReport report = harness.run(harness.request(MARGIN_PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        assertThat(harness.prometheus.queries()).anyMatch(query -> query.contains("service=\"shop-odoo@kubernetescrd\""))
                .anyMatch(query -> query.contains("service=\"" + RolloutHarness.CANARY_LABEL + "\""))
                .noneMatch(query -> query.contains(RolloutHarness.STABLE_LABEL));
        assertThat(report.findings(CanaryFindings.CANARY_STABLE_UNMEASURED.code())).isEmpty();
    }

    @Test
    void stableSideWithoutRequestsWarns() throws Exception {
        var canaryOnly = FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, RolloutHarness.healthy(), RolloutHarness.healthy());
        harness.prometheus.answers(query -> query.contains(RolloutHarness.CANARY_LABEL) ? canaryOnly.apply(query) : FakePrometheus.empty());

        StepReport report = harness.run(harness.request(MARGIN_PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("promoted");
        assertThat(report.findings(CanaryFindings.CANARY_STABLE_UNMEASURED.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("stableMargin of errorRate compared nothing"));
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void rollbackOnErrorRate() throws Exception {
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, new FakePrometheus.Side(400, 40, 0.3),
                RolloutHarness.healthy()));

        StepReport report = harness.run(harness.request(PLAN));

        assertRolledBack(report);
        assertThat(report.findings(CanaryFindings.CANARY_METRIC_FAILED.code())).extracting(finding -> finding.subject())
                .containsExactly("errorRate");
        assertThat(list(report, "analysis")).filteredOn(reading -> "errorRate".equals(reading.get("metric"))
                && "canary".equals(reading.get("side"))).first().satisfies(reading -> {
                    assertThat(reading.get("value")).isEqualTo(0.1);
                    assertThat(reading.get("outcome")).isEqualTo("failed");
                });
    }

    @Test
    void rollbackOnLatency() throws Exception {
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, new FakePrometheus.Side(400, 0, 4.5),
                RolloutHarness.healthy()));

        StepReport report = harness.run(harness.request(PLAN));

        assertRolledBack(report);
        assertThat(report.findings(CanaryFindings.CANARY_METRIC_FAILED.code())).extracting(finding -> finding.subject())
                .containsExactly("latency");
    }

    @Test
    void rollbackOnPodRestarts() throws Exception {
        harness.cluster.restartEachReconcile(MockCluster.NEW_IMAGE, 1);

        StepReport report = harness.run(harness.request(PLAN));

        assertRolledBack(report);
        assertThat(report.findings(CanaryFindings.CANARY_METRIC_FAILED.code())).extracting(finding -> finding.subject())
                .containsExactly("podRestarts");
    }

    @Test
    void inconclusiveOnEmptyResult() throws Exception {
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, new FakePrometheus.Side(600, 0, null),
                RolloutHarness.healthy()));

        StepReport report = harness.run(harness.request(PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("held");
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.title()).startsWith("Held " + MockCluster.NEW_IMAGE + " at 10%, and the canary still takes 10% of the traffic");
        assertThat(report.findings(CanaryFindings.CANARY_METRIC_INCONCLUSIVE.code())).extracting(finding -> finding.subject())
                .containsExactly("latency");
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 90), Map.entry("odoo-canary", 10));
        assertThat(harness.cluster.deployment("odoo-canary").getMetadata().getAnnotations())
                .containsEntry(CanaryMetadata.STEP, "1");
    }

    @Test
    void inconclusiveOnZeroTraffic() throws Exception {
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, new FakePrometheus.Side(0, 0, Double.NaN),
                RolloutHarness.healthy()));

        StepReport report = harness.run(harness.request(PLAN));

        assertThat(report.result().get("outcome")).isEqualTo("held");
        assertThat(report.findings(CanaryFindings.CANARY_METRIC_INCONCLUSIVE.code())).extracting(finding -> finding.subject())
                .containsExactlyInAnyOrder("errorRate", "latency");
        assertThat(list(report, "analysis")).filteredOn(reading -> "errorRate".equals(reading.get("metric"))
                && "canary".equals(reading.get("side"))).extracting(reading -> reading.get("note"))
                .containsOnly("0 requests, fewer than minRequests 50");
    }

    @Test
    void inconclusiveRollsBackWhenPolicySaysSo() throws Exception {
        harness.prometheus.answers(FakePrometheus.traefik(RolloutHarness.CANARY_LABEL, new FakePrometheus.Side(0, 0, null),
                RolloutHarness.healthy()));

        StepReport report = harness.run(harness.request(PLAN).onInconclusive("rollback"));

        assertRolledBack(report);
    }

    private void assertRolledBack(StepReport report) {
        assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(harness.cluster.deployment("odoo-canary")).isNull();
        assertThat(harness.cluster.service("odoo-canary")).isNull();
        assertThat(harness.cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(MockCluster.OLD_IMAGE);
        assertThat(report.result().get("effectiveWeights")).isEqualTo(Map.of("odoo", 100.0));
    }
}
