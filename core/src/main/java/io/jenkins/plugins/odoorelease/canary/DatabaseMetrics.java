package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.pg.PgConnections;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metrics from the Odoo database, which the canary and the stable pods share, so they measure the whole shop:
 * the OCA queue_job backlog and failed jobs, and queries of the user's. Each measurement opens a read-only
 * transaction with a statement timeout, so that a slow query never holds locks on the production database.
 *
 * <p>queue_job facts (OCA queue 16.0 to 18.0, {@code queue_job/job.py}): waiting jobs are in the states
 * {@code pending}, {@code enqueued} and {@code wait_dependencies}; a job that raised or ran out of retries is
 * {@code failed}. No date column records the failure, so new failures are counted as growth of the failed jobs
 * since the analysis began.
 */
final class DatabaseMetrics implements MetricSource {

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(20);

    private final PgTarget database;
    private final Map<String, Double> baselines = new ConcurrentHashMap<>();

    DatabaseMetrics(PgTarget database) {
        this.database = database;
    }

    /** Returns the SQL of a metric, with {@code ?} parameters for the channel filter. */
    static String sql(MetricSpec metric) {
        String channel = metric.channel() == null ? "" : " AND (channel = ? OR channel LIKE ?)";
        return switch (metric.type()) {
            case QUEUE_BACKLOG -> "SELECT count(*) FROM queue_job WHERE state IN ('pending', 'enqueued', 'wait_dependencies')" + channel;
            case FAILED_JOBS -> "SELECT count(*) FROM queue_job WHERE state = 'failed'" + channel;
            default -> metric.query().strip().replaceAll(";$", "");
        };
    }

    /** Returns whether the metric compares growth since the analysis began rather than the value itself. */
    static boolean growth(MetricSpec metric) {
        return metric.type() != MetricType.SQL || metric.growth();
    }

    private double read(MetricSpec metric) throws InvalidInputException, InfrastructureException, SQLException {
        try (Connection connection = PgConnections.openReadOnly(database, STATEMENT_TIMEOUT, Duration.ofSeconds(5));
                PreparedStatement statement = connection.prepareStatement(sql(metric))) {
            if (metric.channel() != null) {
                statement.setString(1, metric.channel());
                statement.setString(2, metric.channel().replace("_", "\\_") + ".%");
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData columns = rows.getMetaData();
                if (columns.getColumnCount() != 1 || !rows.next()) {
                    throw new SQLException("the query must return one row with one numeric column, it returned "
                            + columns.getColumnCount() + " columns" + (rows.getRow() == 0 ? " and no row" : ""), "22000");
                }
                Object value = rows.getObject(1);
                if (rows.next()) {
                    throw new SQLException("the query must return one row, it returned more", "21000");
                }
                if (value == null) {
                    return Double.NaN;
                }
                if (!(value instanceof Number number)) {
                    throw new SQLException("the query returned " + value.getClass().getSimpleName() + ", not a number", "22000");
                }
                return number.doubleValue();
            } finally {
                connection.rollback();
            }
        }
    }

    @Override
    public void check(MetricSpec metric) throws InvalidInputException, InfrastructureException {
        try {
            read(metric);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String hint = state.equals("42P01") && metric.type() != MetricType.SQL
                    ? "; the queue_job table is missing: install OCA queue_job or remove the " + metric.type().keyword() + " metric"
                    : "";
            throw new InvalidInputException(List.of(Problem.of("metrics." + metric.name(), metric.type() == MetricType.SQL
                    ? metric.query() : null, "the query failed on " + database + ": " + e.getMessage() + hint)), database.context(), e);
        }
    }

    @Override
    public void begin(MetricSpec metric, Instant at) {
        if (!growth(metric)) {
            return;
        }
        try {
            baselines.put(metric.name(), read(metric));
        } catch (SQLException | InvalidInputException | InfrastructureException e) {
            baselines.put(metric.name(), Double.NaN);
        }
    }

    @Override
    public List<MetricReading> measure(MetricSpec metric, Instant at) {
        double current;
        String note = null;
        try {
            current = read(metric);
        } catch (SQLException | InvalidInputException | InfrastructureException e) {
            return List.of(new MetricReading(metric.name(), MetricReading.SHARED, Double.NaN, Double.NaN, at, metric.threshold(),
                    MetricOutcome.INCONCLUSIVE, "query failed: " + e.getMessage()));
        }
        double value = current;
        if (growth(metric)) {
            double baseline = baselines.getOrDefault(metric.name(), Double.NaN);
            if (Double.isNaN(baseline)) {
                baselines.put(metric.name(), current);
                return List.of(new MetricReading(metric.name(), MetricReading.SHARED, Double.NaN, Double.NaN, at, metric.threshold(),
                        MetricOutcome.INCONCLUSIVE, "no baseline yet; this value (" + format(current) + ") becomes the baseline"));
            }
            value = current - baseline;
            note = String.format(Locale.ROOT, "%s now, %s at the start", format(current), format(baseline));
        }
        MetricOutcome outcome = MetricSource.judge(value, metric.threshold());
        if (Double.isNaN(value)) {
            note = "the query returned NULL";
        }
        return List.of(new MetricReading(metric.name(), MetricReading.SHARED, value, Double.NaN, at, metric.threshold(), outcome, note));
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }
}
