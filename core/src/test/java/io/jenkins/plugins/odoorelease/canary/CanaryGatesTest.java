package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The migration-plan gate, the freeze re-check, the dry run and both Traefik API groups. */
class CanaryGatesTest {

    @Test
    void migrationPlanGateRefusesSchemaChanges() throws Exception {
        try (RolloutHarness harness = new RolloutHarness()) {
            Map<String, Object> plan = Map.of("upgrade", List.of(Map.of("name", "sale", "from", "17.0.1.0", "to", "17.0.1.1")),
                    "install", List.of("pos_restaurant"), "canarySafe", false);

            StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).migrationPlan(plan));

            assertThat(report.result().get("outcome")).isEqualTo("held");
            assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(report.findings(CanaryFindings.CANARY_SCHEMA_CHANGE.code())).singleElement()
                    .satisfies(finding -> assertThat(finding.message()).contains("upgrades sale; installs pos_restaurant"));
            assertThat(harness.cluster.deployment("odoo-canary")).isNull();
            assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 1));
        }
    }

    @Test
    void migrationPlanGateFromJsonReportWithOverride() throws Exception {
        try (RolloutHarness harness = new RolloutHarness()) {
            String json = """
                    {"step": "odooMigrateCheck", "verdict": "WARN",
                     "result": {"upgrade": ["stock"], "install": [], "canarySafe": false}}
                    """;

            StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).migrationPlan(json).allowSchemaChanges(true));

            assertThat(report.result().get("outcome")).isEqualTo("promoted");
            assertThat(report.findings(CanaryFindings.CANARY_SCHEMA_CHANGE.code())).singleElement()
                    .satisfies(finding -> assertThat(finding.severity().name()).isEqualTo("WARNING"));
        }
    }

    @Test
    void canarySafePlanPasses() throws Exception {
        try (RolloutHarness harness = new RolloutHarness()) {
            StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).migrationPlan(Map.of("upgrade", List.of(),
                    "install", List.of(), "canarySafe", true)));

            assertThat(report.result().get("outcome")).isEqualTo("promoted");
            assertThat(report.findings(CanaryFindings.CANARY_SCHEMA_CHANGE.code())).isEmpty();
        }
    }

    /** A freeze that starts 4 minutes into the rollout: after the first increase, before the second. */
    private static CalendarSource freezeFromNinePastFour() {
        return CalendarSource.of("freeze.yaml", """
                timeZone: UTC
                windows:
                  - id: spring-sale
                    name: Spring sale
                    severity: block
                    environments: [production]
                    start: 2027-03-01T09:04
                    end: 2027-03-01T18:00
                """, CalendarOrigin.PLATFORM);
    }

    @Test
    void freezeRecheckedBeforeEveryIncrease() throws Exception {
        try (RolloutHarness harness = new RolloutHarness()) {
            String plan = """
                    steps:
                      - weight: 10
                      - analysis: {}
                      - weight: 30
                    analysis: {interval: 1m, count: 3}
                    metrics:
                      - name: podRestarts
                    """;

            StepReport report = harness.run(harness.request(plan).calendar(freezeFromNinePastFour()).environment("production"));

            assertThat(report.result().get("outcome")).isEqualTo("held");
            assertThat(report.findings(CanaryFindings.CANARY_FROZEN.code())).singleElement()
                    .satisfies(finding -> assertThat(finding.subject()).isEqualTo("spring-sale"));
            assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 90), Map.entry("odoo-canary", 10));
        }
    }

    @Test
    void freezeRecheckedBeforePromotion() throws Exception {
        try (RolloutHarness harness = new RolloutHarness()) {
            String plan = """
                    steps:
                      - weight: 50
                      - pause: 5m
                    metrics:
                      - name: podRestarts
                    """;
            CalendarSource freeze = CalendarSource.of("freeze.yaml", """
                    timeZone: UTC
                    windows:
                      - id: evening-sale
                        severity: block
                        environments: [production]
                        start: 2027-03-01T09:08
                        end: 2027-03-01T18:00
                    """, CalendarOrigin.PLATFORM);

            StepReport report = harness.run(harness.request(plan).calendar(freeze).environment("production").promoteTimeout("10m"));

            assertThat(report.result().get("outcome")).isEqualTo("held");
            assertThat(report.findings(CanaryFindings.CANARY_FROZEN.code())).singleElement()
                    .satisfies(finding -> assertThat(finding.message()).contains("stops the promotion at step 2"));
            assertThat(harness.cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo(MockCluster.OLD_IMAGE);
            assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 50), Map.entry("odoo-canary", 50));
        }
    }

    @Test
    void freezeWithRollbackPolicyRollsBack() throws Exception {
        try (RolloutHarness harness = new RolloutHarness()) {
            String plan = """
                    steps:
                      - weight: 10
                      - pause: 10m
                      - weight: 30
                    metrics:
                      - name: podRestarts
                    """;

            StepReport report = harness.run(harness.request(plan).calendar(freezeFromNinePastFour()).environment("production")
                    .onFreeze("rollback"));

            assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
            assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        }
    }

    @Test
    void dryRunTouchesNothing() throws Exception {
        try (RolloutHarness harness = new RolloutHarness()) {
            harness.cluster.drainRequests();

            StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).dryRun(true));

            List<RecordedRequest> requests = harness.cluster.drainRequests();
            assertThat(requests).isNotEmpty();
            assertThat(requests).extracting(RecordedRequest::getMethod).containsOnly("GET");
            assertThat(report.result().get("outcome")).isEqualTo("held");
            assertThat(report.result().get("dryRun")).isEqualTo(true);
            assertThat(report.findings(CanaryFindings.CANARY_DRY_RUN.code())).hasSize(1);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> objects = (List<Map<String, Object>>) report.result().get("objects");
            assertThat(objects).extracting(object -> object.get("action") + " " + object.get("kind") + " " + object.get("name"))
                    .containsExactly("create Deployment odoo-canary", "create Service odoo-canary",
                            "patch TraefikService odoo-weighted", "patch TraefikService odoo-weighted", "patch Deployment odoo",
                            "patch TraefikService odoo-weighted", "delete Deployment odoo-canary", "delete Service odoo-canary");
            assertThat((String) objects.get(0).get("manifest")).contains("--max-cron-threads=0", MockCluster.NEW_IMAGE);
            assertThat(harness.log).anyMatch(line -> line.contains("Schedule: step 3, weight 50%, at the earliest 8m after the start"));
            assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 1));
            assertThat(harness.prometheus.queries()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"traefik.io", "traefik.containo.us"})
    void bothTraefikApiGroups(String group) throws Exception {
        try (RolloutHarness harness = new RolloutHarness(group)) {
            StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN));

            assertThat(report.result().get("outcome")).isEqualTo("promoted");
            assertThat(report.result().get("traefikApiVersion")).isEqualTo(group + "/v1alpha1");
            assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
        }
    }

    @Test
    void clusterServingBothGroupsUsesTheOneWithTheObject() throws Exception {
        try (RolloutHarness harness = new RolloutHarness("traefik.containo.us", "traefik.io")) {
            StepReport report = harness.run(harness.request(CanaryRolloutTest.PLAN).dryRun(true));

            assertThat(report.result().get("traefikApiVersion")).isEqualTo("traefik.containo.us/v1alpha1");
        }
    }
}
