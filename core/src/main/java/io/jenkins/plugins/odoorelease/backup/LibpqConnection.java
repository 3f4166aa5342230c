package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection settings of a {@link PgTarget} in the form libpq programs ({@code pg_dump}, {@code pg_restore},
 * {@code psql}) read them: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER} and {@code PGSSLMODE}
 * in the environment. The password goes into a password file readable only by its owner ({@code PGPASSFILE}),
 * never onto a command line, where {@code ps} would show it.
 */
final class LibpqConnection implements AutoCloseable {

    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Path folder;

    private LibpqConnection(Map<String, String> environment, Path folder) {
        this.environment.putAll(environment);
        this.folder = folder;
    }

    /**
     * Prepares the environment for {@code target}, writing the password file when it has a password.
     *
     * @throws InvalidInputException when the JDBC URL has no host that libpq can use
     */
    static LibpqConnection of(PgTarget target) throws InvalidInputException, IOException {
        URI uri;
        try {
            uri = new URI(target.url().substring("jdbc:".length()));
        } catch (URISyntaxException e) {
            throw InvalidInputException.forValue("database", target.toString(), "invalid URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw InvalidInputException.forValue("database", target.toString(), "the URL names no host; pg_dump and pg_restore need "
                    + "jdbc:postgresql://HOST:PORT/DATABASE");
        }
        Map<String, String> env = new LinkedHashMap<>();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        String port = String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort());
        String database = target.databaseName();
        env.put("PGHOST", host);
        env.put("PGPORT", port);
        env.put("PGDATABASE", database);
        if (target.user() != null) {
            env.put("PGUSER", target.user());
        }
        String sslMode = queryParameter(uri, "sslmode");
        if (sslMode != null) {
            env.put("PGSSLMODE", sslMode);
        }
        env.put("PGAPPNAME", "odoo-release");
        env.put("PGCONNECT_TIMEOUT", "10");
        Path folder = null;
        if (target.password() != null) {
            folder = Files.createTempDirectory("odoo-release-pg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path passfile = folder.resolve("pgpass");
            Files.createFile(passfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // A wildcard database lets the same file serve a restore into another database on the same server.
            Files.writeString(passfile, escape(host) + ":" + port + ":*:" + escape(target.user() == null ? "*" : target.user()) + ":"
                    + escape(target.password().reveal()) + "\n", StandardCharsets.UTF_8);
            env.put("PGPASSFILE", passfile.toString());
        }
        return new LibpqConnection(env, folder);
    }

    /** Returns the variables to add to a child process's environment. */
    Map<String, String> environment() {
        return environment;
    }

    /** Returns the same settings for another database on the same server. */
    Map<String, String> environmentFor(String database) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("PGDATABASE", database);
        return env;
    }

    /** Deletes the password file. */
    @Override
    public void close() throws IOException {
        if (folder != null) {
            Files.deleteIfExists(folder.resolve("pgpass"));
            Files.deleteIfExists(folder);
        }
    }

    /** Escapes a password file field: a colon or a backslash is preceded by a backslash. */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
