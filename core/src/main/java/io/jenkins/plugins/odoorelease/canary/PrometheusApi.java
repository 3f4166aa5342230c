package io.jenkins.plugins.odoorelease.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A client of Prometheus's HTTP API ({@code GET /api/v1/query}), for instant queries that return one number. It
 * reads the response envelope of Prometheus 2.x and 3.x: {@code status}, {@code data.resultType} and
 * {@code data.result}, or {@code errorType} and {@code error}.
 */
final class PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    PrometheusApi(String baseUrl, SecretValue token, String user, SecretValue password, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (token != null) {
            this.authorization = "Bearer " + token.reveal();
        } else if (user != null && password != null) {
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.reveal())
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            this.authorization = null;
        }
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The result of a query.
     *
     * @param value the sample value, NaN when Prometheus returned NaN, or {@code null} for an empty result
     * @param series how many series the result had (1 for a scalar)
     */
    record Result(Double value, int series) {

        boolean empty() {
            return value == null;
        }
    }

    /** A query Prometheus rejected, with its {@code errorType} such as {@code bad_data}. */
    static final class QueryRejected extends Exception {

        private static final long serialVersionUID = 1L;

        private final String errorType;

        QueryRejected(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        String errorType() {
            return errorType;
        }
    }

    /**
     * Runs an instant query at the server's current time and returns its single value. A vector of several series is
     * summed, so that a query without {@code sum()} still gives one number.
     *
     * @throws QueryRejected when Prometheus returns status error
     * @throws InfrastructureException when Prometheus cannot be reached or answers something that is not its API
     */
    Result query(String promql) throws QueryRejected, InfrastructureException, InterruptedException {
        URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException("Prometheus did not answer: " + e, context(), e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new InfrastructureException("Prometheus answered HTTP " + response.statusCode() + " with a body that is not JSON; "
                    + "check that prometheusUrl points at Prometheus itself", context(), e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new InfrastructureException("Prometheus rejected the credentials (HTTP " + response.statusCode() + ")", context(), null);
        }
        if (!"success".equals(body.path("status").asText())) {
            String errorType = body.path("errorType").asText("unknown");
            String error = body.path("error").asText("no message");
            if (response.statusCode() >= 500 && !"execution".equals(errorType) && !"timeout".equals(errorType)) {
                throw new InfrastructureException("Prometheus failed (HTTP " + response.statusCode() + ", " + errorType + "): " + error,
                        context(), null);
            }
            throw new QueryRejected(errorType, error);
        }
        return parse(body.path("data"));
    }

    private static Result parse(JsonNode data) throws QueryRejected {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        switch (type) {
            case "scalar":
                return new Result(sample(result.path(1).asText()), 1);
            case "vector":
                if (result.isEmpty()) {
                    return new Result(null, 0);
                }
                double sum = 0;
                for (JsonNode series : result) {
                    sum += sample(series.path("value").path(1).asText());
                }
                return new Result(sum, result.size());
            default:
                throw new QueryRejected("bad_data", "the query returned a " + type + ", not one number; use an instant query "
                        + "without a range selector at its top, such as sum(rate(x[5m]))");
        }
    }

    /** Parses a sample value as the API writes it: a decimal string, {@code NaN}, {@code +Inf} or {@code -Inf}. */
    static double sample(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private Map<String, String> context() {
        return Map.of("prometheus", baseUrl);
    }
}
