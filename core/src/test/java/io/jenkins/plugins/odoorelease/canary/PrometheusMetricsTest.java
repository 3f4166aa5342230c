package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.testing.FakePrometheus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prometheus API edge cases, from answers shaped as Prometheus writes them, served by a local HTTP server. */
class PrometheusMetricsTest {

    private static final Instant AT = Instant.parse("2027-03-01T09:00:00Z");
    private static final String CANARY = "shop-odoo-canary-8069@kubernetescrd";
    private static final String STABLE = "shop-odoo-8069@kubernetescrd";

    private FakePrometheus prometheus;

    @AfterEach
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private PrometheusApi api() {
        return new PrometheusApi(prometheus.url(), null, null, null, Duration.ofSeconds(5));
    }

    private static MetricSpec metric(MetricType type, double threshold, long minRequests, Double stableMargin, String query) {
        return new MetricSpec(type.keyword(), type, threshold, Duration.ofMinutes(1), 3, 0, 1, minRequests, Duration.ofMinutes(2), 0.95,
                query, false, stableMargin, null, "/web/health", null);
    }

    private MetricReading canary(MetricSpec metric) {
        List<MetricReading> readings = new PrometheusMetrics(api(), CANARY, STABLE).measure(metric, AT);
        assertThat(readings).extracting(MetricReading::side).containsExactly("canary", "stable");
        return readings.get(0);
    }

    @Test
    void serviceLabelFollowsTraefikNormalization() {
        assertThat(PrometheusMetrics.serviceLabel("shop", "odoo-canary", "8069")).isEqualTo("shop-odoo-canary-8069@kubernetescrd");
        assertThat(PrometheusMetrics.serviceLabel("shop.eu", "odoo__web", "http")).isEqualTo("shop-eu-odoo-web-http@kubernetescrd");
    }

    @Test
    void emptyVectorIsInconclusive() {
        prometheus = new FakePrometheus(query -> query.startsWith("sum(increase") && !query.contains("5..") ? FakePrometheus.vector(900)
                : FakePrometheus.empty());

        MetricReading reading = canary(metric(MetricType.LATENCY, 1, 50, null, null));

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(reading.note()).isEqualTo("empty result");
    }

    @Test
    void nanIsInconclusive() {
        prometheus = new FakePrometheus(query -> query.startsWith("histogram_quantile") ? FakePrometheus.vector(Double.NaN)
                : FakePrometheus.vector(900));

        MetricReading reading = canary(metric(MetricType.LATENCY, 1, 50, null, null));

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(reading.value()).isNaN();
        assertThat(reading.note()).isEqualTo("NaN result");
    }

    @Test
    void tooFewRequestsAreInconclusive() {
        prometheus = new FakePrometheus(query -> query.contains("5..") ? FakePrometheus.vector(0) : FakePrometheus.vector(12));

        MetricReading reading = canary(metric(MetricType.ERROR_RATE, 0.02, 50, null, null));

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(reading.note()).isEqualTo("12 requests, fewer than minRequests 50");
    }

    @Test
    void infiniteLatencyFails() {
        prometheus = new FakePrometheus(query -> query.startsWith("histogram_quantile") ? FakePrometheus.vector(Double.POSITIVE_INFINITY)
                : FakePrometheus.vector(900));

        MetricReading reading = canary(metric(MetricType.LATENCY, 1, 50, null, null));

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.FAILED);
    }

    @Test
    void stableMarginFailsCanaryWorseThanStable() {
        prometheus = new FakePrometheus(FakePrometheus.traefik(CANARY, new FakePrometheus.Side(1000, 15, 0.4),
                new FakePrometheus.Side(9000, 18, 0.3)));

        MetricReading reading = canary(metric(MetricType.ERROR_RATE, 0.05, 50, 0.005, null));

        assertThat(reading.value()).isEqualTo(0.015);
        assertThat(reading.outcome()).isEqualTo(MetricOutcome.FAILED);
        assertThat(reading.note()).startsWith("canary 0.01500 exceeds stable 0.002000 by more than stableMargin");
    }

    @Test
    void queryErrorIsInconclusiveWithReason() {
        prometheus = new FakePrometheus(query -> FakePrometheus.error(400, "bad_data",
                "1:14: parse error: unexpected identifier \\\"x\\\""));

        MetricReading reading = canary(metric(MetricType.PROMETHEUS, 1, 0, null, "sum(rate(x $service))"));

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(reading.note()).startsWith("query rejected (bad_data): 1:14: parse error");
    }

    @Test
    void unavailableServerIsInconclusive() {
        prometheus = new FakePrometheus(query -> FakePrometheus.error(503, "unavailable", "TSDB not ready"));

        MetricReading reading = canary(metric(MetricType.ERROR_RATE, 0.02, 50, null, null));

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(reading.note()).contains("Prometheus failed (HTTP 503, unavailable): TSDB not ready");
    }

    @Test
    void customQueryGetsServiceLabel() {
        prometheus = new FakePrometheus(query -> FakePrometheus.vector(3));

        MetricReading reading = canary(metric(MetricType.PROMETHEUS, 5, 0,
                null, "sum(rate(traefik_service_retries_total{service=\"$service\"}[5m]))"));

        assertThat(reading.outcome()).isEqualTo(MetricOutcome.SUCCESSFUL);
        assertThat(prometheus.queries()).contains("sum(rate(traefik_service_retries_total{service=\"" + CANARY + "\"}[5m]))",
                "sum(rate(traefik_service_retries_total{service=\"" + STABLE + "\"}[5m]))");
    }

    @Test
    void scalarAndSummedVectorsAnswerOneNumber() throws Exception {
        prometheus = new FakePrometheus(query -> query.equals("scalar")
                ? new FakePrometheus.Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1767225600,\"4.5\"]}}")
                : new FakePrometheus.Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"code\":\"200\"},\"value\":[1767225600,\"10\"]},{\"metric\":{\"code\":\"500\"},\"value\":[1767225600,\"2\"]}]}}"));

        assertThat(api().query("scalar").value()).isEqualTo(4.5);
        assertThat(api().query("vector").value()).isEqualTo(12.0);
        assertThat(api().query("vector").series()).isEqualTo(2);
    }

    @Test
    void matrixResultRejected() {
        prometheus = new FakePrometheus(query -> new FakePrometheus.Answer(200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));

        assertThatThrownBy(() -> api().query("up[5m]")).isInstanceOf(PrometheusApi.QueryRejected.class)
                .hasMessageContaining("returned a matrix");
    }

    @Test
    void nonJsonAnswerIsInfrastructureFault() {
        prometheus = new FakePrometheus(query -> new FakePrometheus.Answer(200, "<html>login</html>"));

        assertThatThrownBy(() -> api().query("up")).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("not JSON; check that prometheusUrl points at Prometheus itself");
    }

    @Test
    void rejectedCredentialsAreInfrastructureFault() {
        prometheus = new FakePrometheus(query -> FakePrometheus.error(401, "unauthorized", "no token"));
        PrometheusApi withToken = new PrometheusApi(prometheus.url(), SecretValue.of("t0ken"), null, null, Duration.ofSeconds(5));

        assertThatThrownBy(() -> withToken.query("up")).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("rejected the credentials (HTTP 401)").hasMessageNotContaining("t0ken");
    }

    @Test
    void checkRejectsInvalidQueryBeforeRollout() {
        prometheus = new FakePrometheus(query -> query.contains("bogus") ? FakePrometheus.error(400, "bad_data", "parse error")
                : FakePrometheus.vector(1));

        assertThatThrownBy(() -> new PrometheusMetrics(api(), CANARY, STABLE).check(metric(MetricType.PROMETHEUS, 1, 0, null, "bogus(")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("metrics.prometheus.query")
                .hasMessageContaining("Prometheus rejected the query (bad_data): parse error");
    }
}
