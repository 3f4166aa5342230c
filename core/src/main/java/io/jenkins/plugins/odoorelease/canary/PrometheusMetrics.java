package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Error rate, latency and custom PromQL metrics from Traefik's service metrics, for the canary and the stable side.
 *
 * <p>Traefik 2.x and 3.x export, per service, the counter {@code traefik_service_requests_total} and the histogram
 * {@code traefik_service_request_duration_seconds} (seconds), both with the labels {@code code}, {@code method},
 * {@code protocol} and {@code service}. For a Kubernetes Service behind a TraefikService, the Kubernetes CRD provider
 * names the service {@code <namespace>-<name>-<port>} with every run of characters other than letters and digits
 * turned into one {@code -}, and the metrics add the provider as {@code @kubernetescrd}; for example
 * {@code shop-odoo-canary-8069@kubernetescrd}. This follows Traefik v2's {@code fullServiceName} and
 * {@code provider.Normalize} (pkg/provider/kubernetes/crd) and the metrics reference of Traefik 2.9 to 3.x.
 */
final class PrometheusMetrics implements MetricSource {

    static final String REQUESTS = "traefik_service_requests_total";
    static final String DURATION_BUCKETS = "traefik_service_request_duration_seconds_bucket";

    private final PrometheusApi api;
    private final String canaryLabel;
    private final String stableLabel;

    PrometheusMetrics(PrometheusApi api, String canaryLabel, String stableLabel) {
        this.api = api;
        this.canaryLabel = canaryLabel;
        this.stableLabel = stableLabel;
    }

    /** Returns the {@code service} label Traefik's metrics give a Kubernetes Service routed through a TraefikService. */
    static String serviceLabel(String namespace, String service, String port) {
        String raw = namespace + "-" + service + (port == null ? "" : "-" + port);
        StringBuilder normalized = new StringBuilder();
        boolean separator = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (separator && normalized.length() > 0) {
                    normalized.append('-');
                }
                normalized.append(c);
                separator = false;
            } else {
                separator = true;
            }
        }
        return normalized + "@kubernetescrd";
    }

    /** Builds the query of a side's requests in the window; an absent series means no request at all. */
    static String requestsQuery(String label, long windowSeconds) {
        return "sum(increase(" + REQUESTS + "{service=\"" + escape(label) + "\"}[" + windowSeconds + "s]))";
    }

    /** Builds the query of the 5xx responses of a side in the window, which returns 0 when no such series exists. */
    static String errorsQuery(String label, long windowSeconds) {
        return "sum(increase(" + REQUESTS + "{service=\"" + escape(label) + "\",code=~\"5..\"}[" + windowSeconds + "s])) or vector(0)";
    }

    /** Builds the query of a side's latency quantile over the window, in seconds, which is NaN or empty without requests. */
    static String latencyQuery(String label, long windowSeconds, double quantile) {
        return "histogram_quantile(" + String.format(Locale.ROOT, "%s", quantile) + ", sum by (le) (rate(" + DURATION_BUCKETS
                + "{service=\"" + escape(label) + "\"}[" + windowSeconds + "s])))";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private String query(MetricSpec metric, String label) {
        long window = Math.max(1, metric.window().toSeconds());
        return switch (metric.type()) {
            case ERROR_RATE -> errorsQuery(label, window);
            case LATENCY -> latencyQuery(label, window, metric.quantile());
            default -> metric.query().replace("$service", label);
        };
    }

    @Override
    public void check(MetricSpec metric) throws InvalidInputException, InfrastructureException {
        try {
            api.query(requestsQuery(canaryLabel, Math.max(1, metric.window().toSeconds())));
            api.query(query(metric, canaryLabel));
        } catch (PrometheusApi.QueryRejected e) {
            throw new InvalidInputException(Problem.of("metrics." + metric.name() + ".query", query(metric, canaryLabel),
                    "Prometheus rejected the query (" + e.errorType() + "): " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while checking Prometheus", e);
        }
    }

    @Override
    public void begin(MetricSpec metric, Instant at) {
        // Prometheus keeps the history; each measurement reads its own window.
    }

    @Override
    public List<MetricReading> measure(MetricSpec metric, Instant at) {
        List<MetricReading> readings = new ArrayList<>();
        Side canary = side(metric, canaryLabel);
        Side stable = side(metric, stableLabel);
        readings.add(judgeCanary(metric, at, canary, stable));
        readings.add(new MetricReading(metric.name(), MetricReading.STABLE, stable.value, stable.requests, at, metric.threshold(), null,
                stable.note));
        return readings;
    }

    private record Side(double value, double requests, String note) {
    }

    private Side side(MetricSpec metric, String label) {
        long window = Math.max(1, metric.window().toSeconds());
        try {
            PrometheusApi.Result requests = api.query(requestsQuery(label, window));
            double count = requests.empty() ? 0 : requests.value();
            PrometheusApi.Result result = api.query(query(metric, label));
            double value;
            String note;
            if (result.empty()) {
                value = Double.NaN;
                note = "empty result";
            } else if (metric.type() == MetricType.ERROR_RATE) {
                value = count > 0 ? result.value() / count : Double.NaN;
                note = count > 0 ? String.format(Locale.ROOT, "%.0f of %.0f requests failed", result.value(), count) : "no requests";
            } else {
                value = result.value();
                note = Double.isNaN(value) ? "NaN result" : null;
            }
            return new Side(value, count, note);
        } catch (PrometheusApi.QueryRejected e) {
            return new Side(Double.NaN, Double.NaN, "query rejected (" + e.errorType() + "): " + e.getMessage());
        } catch (InfrastructureException e) {
            return new Side(Double.NaN, Double.NaN, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Side(Double.NaN, Double.NaN, "interrupted");
        }
    }

    private MetricReading judgeCanary(MetricSpec metric, Instant at, Side canary, Side stable) {
        MetricOutcome outcome;
        String note = canary.note;
        if (Double.isNaN(canary.requests)) {
            outcome = MetricOutcome.INCONCLUSIVE;
        } else if (canary.requests < metric.minRequests()) {
            outcome = MetricOutcome.INCONCLUSIVE;
            note = String.format(Locale.ROOT, "%.0f requests, fewer than minRequests %d", canary.requests, metric.minRequests());
        } else {
            outcome = MetricSource.judge(canary.value, metric.threshold());
            if (outcome == MetricOutcome.SUCCESSFUL && metric.stableMargin() != null && !Double.isNaN(stable.value)
                    && stable.requests >= metric.minRequests() && canary.value > stable.value + metric.stableMargin()) {
                outcome = MetricOutcome.FAILED;
                note = String.format(Locale.ROOT, "canary %s exceeds stable %s by more than stableMargin %s", format(canary.value),
                        format(stable.value), format(metric.stableMargin()));
            } else if (outcome == MetricOutcome.FAILED) {
                note = String.format(Locale.ROOT, "%s above threshold %s", format(canary.value), format(metric.threshold()))
                        + (canary.note == null ? "" : "; " + canary.note);
            }
        }
        return new MetricReading(metric.name(), MetricReading.CANARY, canary.value, canary.requests, at, metric.threshold(), outcome, note);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
