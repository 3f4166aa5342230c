package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus metrics against a real Prometheus (the Debian package) on 127.0.0.1, scraping a test exporter
 * every second that counts requests as Traefik does, so the PromQL and the response parsing are proven against the
 * real API. Prometheus takes about 6 s to store its first samples, so the class shares one server.
 */
class PrometheusServerTest {

    private static final String CANARY = "shop-odoo-canary-8069@kubernetescrd";
    private static final String STABLE = "shop-odoo-8069@kubernetescrd";
    private static final String IDLE = "shop-idle-8069@kubernetescrd";

    private static HttpServer exporter;
    private static Process prometheus;
    private static Path dataDirectory;
    private static String url;
    private static long scrapes;

    @BeforeAll
    static void start() throws Exception {
        Path binary = SystemBinaries.require("prometheus", "prometheus");
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.createContext("/metrics", exchange -> {
            byte[] body = metrics(++scrapes).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
        dataDirectory = Files.createTempDirectory("odoo-release-prometheus");
        Path config = dataDirectory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: traefik
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(exporter.getAddress().getPort()));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dataDirectory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dataDirectory.resolve("prometheus.log").toFile()).start();
        awaitSamples();
    }

    /**
     * Writes the exporter's metrics after {@code scrape} scrapes: per scrape the canary gets 100 requests (10 of them
     * 500s, half answered within 0.3 s, half within 1.2 s), the stable side 300 requests (3 of them 500s, all within
     * 0.1 s), and the idle service none. The buckets are Traefik's defaults: 0.1, 0.3, 1.2 and 5 s.
     */
    private static String metrics(long scrape) {
        StringBuilder text = new StringBuilder();
        text.append("# HELP traefik_service_requests_total How many HTTP requests processed on a service, partitioned by status code, "
                + "protocol, and method.\n# TYPE traefik_service_requests_total counter\n");
        counter(text, CANARY, "200", 90 * scrape);
        counter(text, CANARY, "500", 10 * scrape);
        counter(text, STABLE, "200", 297 * scrape);
        counter(text, STABLE, "500", 3 * scrape);
        counter(text, IDLE, "200", 40);
        text.append("# HELP traefik_service_request_duration_seconds How long it took to process the request on a service, "
                + "partitioned by status code, protocol, and method.\n# TYPE traefik_service_request_duration_seconds histogram\n");
        histogram(text, CANARY, new long[] {0, 50 * scrape, 100 * scrape, 100 * scrape, 100 * scrape}, 0.7 * 100 * scrape);
        histogram(text, STABLE, new long[] {300 * scrape, 300 * scrape, 300 * scrape, 300 * scrape, 300 * scrape}, 0.05 * 300 * scrape);
        histogram(text, IDLE, new long[] {40, 40, 40, 40, 40}, 2);
        return text.toString();
    }

    private static void counter(StringBuilder text, String service, String code, long value) {
        text.append("traefik_service_requests_total{code=\"").append(code).append("\",method=\"GET\",protocol=\"http\",service=\"")
                .append(service).append("\"} ").append(value).append('\n');
    }

    private static void histogram(StringBuilder text, String service, long[] cumulative, double sum) {
        String[] bounds = {"0.1", "0.3", "1.2", "5", "+Inf"};
        String labels = "code=\"200\",method=\"GET\",protocol=\"http\",service=\"" + service + "\"";
        for (int i = 0; i < bounds.length; i++) {
            text.append("traefik_service_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(bounds[i]).append("\"} ")
                    .append(cumulative[i]).append('\n');
        }
        text.append("traefik_service_request_duration_seconds_sum{").append(labels).append("} ")
                .append(String.format(Locale.ROOT, "%.1f", sum)).append('\n');
        text.append("traefik_service_request_duration_seconds_count{").append(labels).append("} ").append(cumulative[4]).append('\n');
    }

    /** Waits until the canary's request rate over 10 s has a value, which needs at least two stored scrapes. */
    private static void awaitSamples() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        String query = java.net.URLEncoder.encode("sum(rate(traefik_service_requests_total{service=\"" + CANARY + "\"}[10s]))",
                StandardCharsets.UTF_8);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query?query=" + query)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"value\"") && scrapes >= 4) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Prometheus stored no sample within 60 s; see " + dataDirectory.resolve("prometheus.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
        if (exporter != null) {
            exporter.stop(0);
        }
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static MetricSpec metric(MetricType type, double threshold) {
        return new MetricSpec(type.keyword(), type, threshold, Duration.ofSeconds(10), 3, 0, 1, 10, Duration.ofSeconds(10), 0.95, null,
                false, null, null, "/web/health", null);
    }

    private static List<MetricReading> measure(String canaryLabel, MetricSpec metric) {
        PrometheusApi api = new PrometheusApi(url, null, null, null, Duration.ofSeconds(10));
        return new PrometheusMetrics(api, canaryLabel, STABLE).measure(metric, Instant.now());
    }

    @Test
    void errorRatePerSide() {
        List<MetricReading> readings = measure(CANARY, metric(MetricType.ERROR_RATE, 0.02));

        assertThat(readings.get(0).value()).isCloseTo(0.1, within(0.001));
        assertThat(readings.get(0).requests()).isGreaterThan(100);
        assertThat(readings.get(0).outcome()).isEqualTo(MetricOutcome.FAILED);
        assertThat(readings.get(1).value()).isCloseTo(0.01, within(0.0005));
    }

    @Test
    void latencyQuantileFromTraefikBuckets() {
        List<MetricReading> readings = measure(CANARY, metric(MetricType.LATENCY, 1.0));

        assertThat(readings.get(0).value()).isCloseTo(0.3 + 0.45 / 0.5 * 0.9, within(0.01));
        assertThat(readings.get(0).outcome()).isEqualTo(MetricOutcome.FAILED);
        assertThat(readings.get(1).value()).isCloseTo(0.095, within(0.001));
    }

    @Test
    void idleServiceIsInconclusive() {
        List<MetricReading> readings = measure(IDLE, metric(MetricType.LATENCY, 1.0));

        assertThat(readings.get(0).value()).isNaN();
        assertThat(readings.get(0).outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
        assertThat(readings.get(0).note()).isEqualTo("0 requests, fewer than minRequests 10");
    }

    @Test
    void unknownServiceIsInconclusive() {
        List<MetricReading> readings = measure("shop-missing-8069@kubernetescrd", metric(MetricType.ERROR_RATE, 0.02));

        assertThat(readings.get(0).requests()).isZero();
        assertThat(readings.get(0).outcome()).isEqualTo(MetricOutcome.INCONCLUSIVE);
    }
}
