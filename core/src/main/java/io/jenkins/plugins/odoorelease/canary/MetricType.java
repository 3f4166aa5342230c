package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** The kinds of metric an analysis can measure, each with its source and the unit of its threshold. */
public enum MetricType implements Keyword {
    /** Share of 5xx responses among Traefik's requests to a side, from Prometheus; threshold is a ratio (0.02 = 2 %). */
    ERROR_RATE("errorRate", "ratio", true),
    /** A latency quantile (p95 by default) of Traefik's request duration histogram, from Prometheus; threshold in seconds. */
    LATENCY("latency", "s", true),
    /** A PromQL query of the user's that returns one number; {@code $service} is replaced by each side's service label. */
    PROMETHEUS("prometheus", "value", true),
    /** Growth of the OCA queue_job backlog (pending, enqueued, waiting for dependencies) since the analysis began. */
    QUEUE_BACKLOG("queueBacklog", "jobs", false),
    /** Jobs of OCA queue_job that entered the failed state since the analysis began. */
    FAILED_JOBS("failedJobs", "jobs", false),
    /** A SQL query of the user's that returns one number, compared as it is or as growth since the analysis began. */
    SQL("sql", "value", false),
    /** Container restarts of the canary pods since the analysis began, from the Kubernetes API. */
    POD_RESTARTS("podRestarts", "restarts", false),
    /** An HTTP GET of Odoo's {@code /web/health} on the canary; threshold is the slowest acceptable answer in seconds. */
    HTTP("http", "s", false);

    private final String keyword;
    private final String unit;
    private final boolean perSide;

    MetricType(String keyword, String unit, boolean perSide) {
        this.keyword = keyword;
        this.unit = unit;
        this.perSide = perSide;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** The unit of measured values and of the threshold. */
    public String unit() {
        return unit;
    }

    /** Whether the metric is measured on the canary and the stable side apart, from Traefik's per-service series. */
    public boolean perSide() {
        return perSide;
    }

    /** Whether the metric reads Prometheus. */
    public boolean needsPrometheus() {
        return perSide;
    }

    /** Whether the metric reads the Odoo database. */
    public boolean needsDatabase() {
        return this == QUEUE_BACKLOG || this == FAILED_JOBS || this == SQL;
    }
}
