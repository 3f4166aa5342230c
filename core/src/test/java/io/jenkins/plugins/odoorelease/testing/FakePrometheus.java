package io.jenkins.plugins.odoorelease.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An HTTP server on 127.0.0.1 that answers Prometheus's {@code /api/v1/query} with bodies shaped as Prometheus 2.x
 * writes them, chosen by a function of the query. It records every query, so tests can assert the PromQL sent.
 */
public final class FakePrometheus implements AutoCloseable {

    /** A status code and a body. */
    public record Answer(int status, String body) {
    }

    static {
        // Without TCP_NODELAY, each small answer waits for a delayed ACK, about 40 ms a query on Linux.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile Function<String, Answer> answers;

    public FakePrometheus(Function<String, Answer> answers) {
        this.answers = answers;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/query", exchange -> {
            String raw = exchange.getRequestURI().getRawQuery();
            String query = "";
            for (String part : raw == null ? new String[0] : raw.split("&")) {
                if (part.startsWith("query=")) {
                    query = URLDecoder.decode(part.substring("query=".length()), StandardCharsets.UTF_8);
                }
            }
            queries.add(query);
            Answer answer = this.answers.apply(query);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public void answers(Function<String, Answer> newAnswers) {
        this.answers = newAnswers;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> queries() {
        return List.copyOf(queries);
    }

    /** A vector with one sample, as sum() returns it. */
    public static Answer vector(double value) {
        String sample = Double.isNaN(value) ? "NaN" : Double.isInfinite(value) ? (value > 0 ? "+Inf" : "-Inf")
                : String.format(Locale.ROOT, "%s", value);
        return new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                + "\"value\":[1767225600.123,\"" + sample + "\"]}]}}");
    }

    /** An empty vector: no series matched. */
    public static Answer empty() {
        return new Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    }

    /** An error answer such as a parse error (400, bad_data) or an unavailable server (503, unavailable). */
    public static Answer error(int status, String errorType, String message) {
        return new Answer(status, "{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\"" + message + "\"}");
    }

    /**
     * Answers like Traefik's metrics for a canary and a stable side: requests, 5xx errors and a latency quantile per
     * side, chosen by the service label in the query.
     */
    public static Function<String, Answer> traefik(String canaryLabel, Side canary, Side stable) {
        return query -> {
            Side side = query.contains(canaryLabel) ? canary : stable;
            if (query.startsWith("histogram_quantile")) {
                return side.latency() == null ? empty() : vector(side.latency());
            }
            if (query.contains("code=~\"5..\"")) {
                return vector(side.errors());
            }
            if (query.contains("traefik_service_requests_total")) {
                return side.requests() == 0 ? empty() : vector(side.requests());
            }
            return empty();
        };
    }

    /** What one side of the traffic looks like: requests and 5xx errors in the window, and the latency quantile. */
    public record Side(double requests, double errors, Double latency) {
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
