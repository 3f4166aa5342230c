package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.QueueJobTables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQL metrics against the embedded PostgreSQL with the queue_job table of each Odoo series. */
class DatabaseMetricsTest {

    private static final Instant AT = Instant.parse("2027-03-01T09:00:00Z");

    private static MetricSpec metric(MetricType type, double threshold, String query, boolean growth, String channel) {
        return new MetricSpec(type.keyword(), type, threshold, Duration.ofMinutes(1), 3, 0, 1, 0, Duration.ofMinutes(1), 0.95, query,
                growth, null, channel, "/web/health", null);
    }

    private static String database(String series) {
        String name = PostgresServer.createDatabase("canary_q" + series.replace(".", ""));
        PostgresServer.execute(name, QueueJobTables.create(series));
        return name;
    }

    @ParameterizedTest
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void backlogGrowthCountsWaitingJobs(String series) throws Exception {
        String name = database(series);
        PostgresServer.execute(name, QueueJobTables.insert(30, "pending", "root"), QueueJobTables.insert(5, "done", "root"));
        DatabaseMetrics metrics = new DatabaseMetrics(PostgresServer.target(name));
        MetricSpec backlog = metric(MetricType.QUEUE_BACKLOG, 20, null, true, null);
        metrics.begin(backlog, AT);

        PostgresServer.execute(name, QueueJobTables.insert(12, "pending", "root.sale"), QueueJobTables.insert(4, "enqueued", "root"),
                QueueJobTables.insert(3, "wait_dependencies", "root"), QueueJobTables.insert(50, "done", "root"));
        MetricReading first = metrics.measure(backlog, AT).get(0);
        PostgresServer.execute(name, QueueJobTables.insert(10, "pending", "root"));
        MetricReading second = metrics.measure(backlog, AT).get(0);

        assertThat(first.value()).isEqualTo(19.0);
        assertThat(first.outcome()).isEqualTo(MetricOutcome.SUCCESSFUL);
        assertThat(first.note()).isEqualTo("49 now, 30 at the start");
        assertThat(second.value()).isEqualTo(29.0);
        assertThat(second.outcome()).isEqualTo(MetricOutcome.FAILED);
    }

    @Test
    void failedJobsCountsNewFailuresOnChannel() throws Exception {
        String name = database("17.0");
        PostgresServer.execute(name, QueueJobTables.insert(7, "failed", "root.sale"));
        DatabaseMetrics metrics = new DatabaseMetrics(PostgresServer.target(name));
        MetricSpec failed = metric(MetricType.FAILED_JOBS, 0, null, true, "root.sale");
        metrics.begin(failed, AT);

        PostgresServer.execute(name, QueueJobTables.insert(2, "failed", "root.sale.export"), QueueJobTables.insert(9, "failed", "root"),
                QueueJobTables.insert(1, "failed", "root.sales"));
        MetricReading reading = metrics.measure(failed, AT).get(0);

        assertThat(reading.value()).isEqualTo(2.0);
        assertThat(reading.outcome()).isEqualTo(MetricOutcome.FAILED);
    }

    @Test
    void userQueryComparedAsValue() throws Exception {
        String name = database("18.0");
        PostgresServer.execute(name, "CREATE TABLE pos_order_failed (id serial, created timestamp)",
                "INSERT INTO pos_order_failed (created) SELECT now() FROM generate_series(1, 3)");
        DatabaseMetrics metrics = new DatabaseMetrics(PostgresServer.target(name));
        MetricSpec custom = metric(MetricType.SQL, 5, "SELECT count(*) FROM pos_order_failed;", false, null);
        metrics.check(custom);
        metrics.begin(custom, AT);

        MetricReading reading = metrics.measure(custom, AT).get(0);

        assertThat(reading.value()).isEqualTo(3.0);
        assertThat(reading.outcome()).isEqualTo(MetricOutcome.SUCCESSFUL);
    }

    @Test
    void nullResultIsInconclusive() throws Exception {
        String name = database("18.0");
        DatabaseMetrics metrics = new DatabaseMetrics(PostgresServer.target(name));
        MetricSpec custom = metric(MetricType.SQL, 5, "SELECT max(exec_time) FROM queue_job", false, null);

        MetricReading reading = metrics.measure(custom, AT).get(0);

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(reading.note()).isEqualTo("the query returned NULL");
    }

    @Test
    void missingQueueJobTableRejectedBeforeRollout() {
        String name = PostgresServer.createDatabase("canary_noqueue");
        DatabaseMetrics metrics = new DatabaseMetrics(PostgresServer.target(name));

        assertThatThrownBy(() -> metrics.check(metric(MetricType.QUEUE_BACKLOG, 10, null, true, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the queue_job table is missing: install OCA queue_job");
    }

    @Test
    void writingQueryFailsInReadOnlyTransaction() throws Exception {
        String name = database("17.0");
        DatabaseMetrics metrics = new DatabaseMetrics(PostgresServer.target(name));
        MetricSpec custom = metric(MetricType.SQL, 5, "WITH gone AS (DELETE FROM queue_job RETURNING 1) SELECT count(*) FROM gone", false,
                null);

        MetricReading reading = metrics.measure(custom, AT).get(0);

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(reading.note()).contains("read-only transaction");
    }

    @Test
    void rollbackOnQueueBacklog() throws Exception {
        String name = database("17.0");
        try (RolloutHarness harness = new RolloutHarness()) {
            harness.onSleep.add(() -> {
                if (harness.cluster.weights().containsKey("odoo-canary")) {
                    PostgresServer.execute(name, QueueJobTables.insert(40, "pending", "root"));
                }
            });
            String plan = """
                    steps:
                      - weight: 25
                      - analysis: {}
                    analysis: {interval: 1m, count: 4}
                    metrics:
                      - name: queueBacklog
                        threshold: 100
                      - name: failedJobs
                    """;

            StepReport report = harness.run(harness.request(plan).database(PostgresServer.url(name), PostgresServer.USER,
                    io.jenkins.plugins.odoorelease.common.SecretValue.of(PostgresServer.PASSWORD)));

            assertThat(report.result().get("outcome")).isEqualTo("rolledBack");
            assertThat(report.findings(CanaryFindings.CANARY_METRIC_FAILED.code())).extracting(finding -> finding.subject())
                    .containsExactly("queueBacklog");
            assertThat(harness.cluster.weights()).containsExactly(Map.entry("odoo", 100));
            assertThat(harness.cluster.deployment("odoo-canary")).isNull();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> analysis = (List<Map<String, Object>>) report.result().get("analysis");
            assertThat(analysis).filteredOn(reading -> "queueBacklog".equals(reading.get("metric")))
                    .extracting(reading -> reading.get("value")).containsExactly(40.0, 80.0, 120.0);
        }
    }
}
