package io.jenkins.plugins.odoorelease.pg;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.net.URI;
import java.net.URISyntaxException;
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
     * @param name the parameter that holds the URL, for messages
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
        try {
            URI uri = new URI(url.substring("jdbc:".length()));
            String path = uri.getPath();
            return path == null || path.length() <= 1 ? "" : path.substring(1);
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /** Returns the same server with another database, for example a scratch database for a restore. */
    public PgTarget withDatabase(String database) {
        try {
            URI uri = new URI(url.substring("jdbc:".length()));
            URI changed = new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), uri.getPort(), "/" + database, uri.getQuery(), null);
            return new PgTarget("jdbc:" + changed, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the URL was checked when the target was made: " + url, e);
        }
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
