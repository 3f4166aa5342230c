package io.jenkins.plugins.odoorelease.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP check of Odoo's health route on the canary. Odoo 15.0 and later return 200 and the JSON
 * {@code {"status": "pass"}} for {@code GET /web/health}. 16.0 and 18.0 also check the database server when the query
 * has {@code db_server_status=1}, and return 500 with {@code "status": "fail"} when it is down. By default the request
 * goes through the API server's service proxy ({@code /api/v1/namespaces/NS/services/NAME:PORT/proxy/...}), which
 * reaches the canary Service from outside the cluster with the same credentials; the measured value is the response
 * time in seconds.
 */
final class HealthCheckMetrics implements MetricSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;
    private final String service;
    private final String port;

    HealthCheckMetrics(KubernetesClient client, String namespace, String service, String port) {
        this.client = client;
        this.namespace = namespace;
        this.service = service;
        this.port = port;
    }

    /** Returns the URL the check requests. */
    String url(MetricSpec metric) {
        if (metric.url() != null) {
            String base = metric.url().endsWith("/") ? metric.url().substring(0, metric.url().length() - 1) : metric.url();
            return base + metric.path();
        }
        String master = client.getMasterUrl().toString();
        if (!master.endsWith("/")) {
            master = master + "/";
        }
        return master + "api/v1/namespaces/" + namespace + "/services/" + service + (port == null ? "" : ":" + port) + "/proxy"
                + metric.path();
    }

    private record Answer(int status, String body, Duration elapsed) {
    }

    private Answer get(String url) throws IOException, InterruptedException {
        long startedNanos = System.nanoTime();
        if (url.startsWith(client.getMasterUrl().toString())) {
            io.fabric8.kubernetes.client.http.HttpClient http = client.getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder().uri(url).timeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).build();
            try {
                HttpResponse<String> response = http.sendAsync(request, String.class).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return new Answer(response.code(), response.body(), elapsed(startedNanos));
            } catch (ExecutionException e) {
                throw new IOException(e.getCause() == null ? e.toString() : e.getCause().toString(), e);
            } catch (TimeoutException e) {
                throw new IOException("timed out after " + TIMEOUT.toSeconds() + " s without a response", e);
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body(), elapsed(startedNanos));
    }

    /** Measures with the monotonic clock, which an injected wall clock must not distort. */
    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public void check(MetricSpec metric) throws InvalidInputException, InfrastructureException {
        if (metric.url() == null) {
            return;
        }
        try {
            get(url(metric));
        } catch (IOException e) {
            throw new InvalidInputException(Problem.of("metrics." + metric.name() + ".url", metric.url(), "cannot reach the URL: "
                    + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while checking " + metric.url(), e);
        }
    }

    @Override
    public void begin(MetricSpec metric, Instant at) {
        // Each request is independent of the others.
    }

    @Override
    public List<MetricReading> measure(MetricSpec metric, Instant at) {
        String url = url(metric);
        Answer answer;
        try {
            answer = get(url);
        } catch (IOException e) {
            return List.of(reading(metric, at, Double.NaN, MetricOutcome.FAILED, "no answer from " + url + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(reading(metric, at, Double.NaN, MetricOutcome.INCONCLUSIVE, "interrupted"));
        }
        double seconds = answer.elapsed().toNanos() / 1e9;
        if (answer.status() == 401 || answer.status() == 403) {
            return List.of(reading(metric, at, seconds, MetricOutcome.INCONCLUSIVE, "HTTP " + answer.status()
                    + ": the credentials may not use the service proxy; grant get on services/proxy"));
        }
        String status = status(answer.body());
        if (answer.status() != 200 || !"pass".equals(status)) {
            return List.of(reading(metric, at, seconds, MetricOutcome.FAILED, "HTTP " + answer.status()
                    + (status == null ? ", body " + abbreviate(answer.body()) : ", status " + status)));
        }
        MetricOutcome outcome = MetricSource.judge(seconds, metric.threshold());
        return List.of(reading(metric, at, seconds, outcome, String.format(Locale.ROOT, "HTTP 200 pass in %.3f s", seconds)));
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "empty";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private static String status(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.path("status").isMissingNode() ? null : json.path("status").asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static MetricReading reading(MetricSpec metric, Instant at, double value, MetricOutcome outcome, String note) {
        return new MetricReading(metric.name(), MetricReading.CANARY, value, Double.NaN, at, metric.threshold(), outcome, note);
    }
}
