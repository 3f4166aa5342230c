package io.jenkins.plugins.odoorelease.pg;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.util.Map;
import java.util.Objects;

/**
 * A PostgreSQL database to connect to: a JDBC URL ({@code jdbc:postgresql://host:5432/dbname}) and the
 * credentials, which never appear in the URL, a log line or a report.
 */
public record PgTarget(String url, String user, SecretValue password) {

    public PgTarget {
        Objects.requireNonNull(url, "url");
    }

    /**
     * Checks the URL's form and returns the target.
     *
     * @param name the parameter that contains the URL, for messages
     * @throws InvalidInputException when the URL is not a PostgreSQL JDBC URL or carries a password
     */
    public static PgTarget of(String url, String user, SecretValue password, String name) throws InvalidInputException {
        if (url == null || url.isBlank()) {
            throw InvalidInputException.forValue(name, url, "missing database URL; expected jdbc:postgresql://HOST:PORT/DATABASE");
        }
        String trimmed = url.trim();
        if (!trimmed.startsWith("jdbc:postgresql://")) {
            throw InvalidInputException.forValue(name, redact(trimmed), "expected a URL of the form jdbc:postgresql://HOST:PORT/DATABASE");
        }
        if (trimmed.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new InvalidInputException(new Problem(null, name, redact(trimmed),
                    "the URL contains a password; pass it through the credentials instead, so that it never shows in logs"));
        }
        return new PgTarget(trimmed, user, password);
    }

    /** Returns the database name from the URL, such as {@code prod} for {@code jdbc:postgresql://db:5432/prod}. */
    public String databaseName() {
        int[] span = databaseSpan();
        return url.substring(span[0], span[1]);
    }

    /**
     * Returns the same server with another database, for example a scratch database for a restore. Only the path is
     * replaced, so several hosts and an encoded query stay exactly as written.
     */
    public PgTarget withDatabase(String database) {
        int[] span = databaseSpan();
        String prefix = url.substring(0, span[0]);
        return new PgTarget((prefix.endsWith("/") ? prefix : prefix + "/") + database + url.substring(span[1]), user, password);
    }

    /** Finds the database name in the URL: after the first '/' that follows the hosts, up to the query. */
    private int[] databaseSpan() {
        int hostsStart = "jdbc:postgresql://".length();
        int query = url.indexOf('?', hostsStart);
        int end = query < 0 ? url.length() : query;
        int slash = url.indexOf('/', hostsStart);
        if (slash < 0 || slash > end) {
            return new int[] {end, end};
        }
        return new int[] {slash + 1, end};
    }

    /** Context for exception messages: the URL without its query string. */
    public Map<String, String> context() {
        return Map.of("database", redact(url));
    }

    private static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    @Override
    public String toString() {
        return redact(url) + (user == null ? "" : " as " + user);
    }
}
