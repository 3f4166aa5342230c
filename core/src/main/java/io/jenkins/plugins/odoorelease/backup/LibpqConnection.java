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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connection settings of a {@link PgTarget} in the form libpq programs ({@code pg_dump}, {@code pg_restore},
 * {@code psql}) read them: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER} and the TLS settings in
 * the environment. The password goes into a password file readable only by its owner ({@code PGPASSFILE}), never onto
 * a command line, where {@code ps} would show it.
 *
 * <p>The TLS settings follow pgjdbc's reading of the URL, so that the child programs check the server at least as
 * strictly as the JDBC connection: {@code sslmode} as it is, else {@code ssl} or {@code ssl=true} as
 * {@code verify-full} (pgjdbc 42.x), and {@code sslrootcert}, {@code sslcert} and {@code sslkey} as the files. A URL
 * parameter libpq cannot be given this way is rejected rather than dropped.
 */
final class LibpqConnection implements AutoCloseable {

    /** The TLS parameters of pgjdbc that map onto libpq's environment; pgjdbc ignores {@code ssl} when {@code sslmode} is set. */
    private static final Set<String> MAPPED_TLS = Set.of("ssl", "sslmode", "sslrootcert", "sslcert", "sslkey");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final String CONVERTED_KEY = "client-key.pem";

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
        Map<String, String> query = queryParameters(uri);
        rejectUnmappedTls(query, target);
        String sslMode = query.get("sslmode");
        String ssl = query.get("ssl");
        if (sslMode != null) {
            env.put("PGSSLMODE", sslMode);
        } else if (ssl != null && (ssl.isEmpty() || ssl.equalsIgnoreCase("true"))) {
            env.put("PGSSLMODE", "verify-full");
        }
        if (query.get("sslrootcert") != null) {
            env.put("PGSSLROOTCERT", query.get("sslrootcert"));
        }
        if (query.get("sslcert") != null) {
            env.put("PGSSLCERT", query.get("sslcert"));
        }
        env.put("PGAPPNAME", "odoo-release");
        env.put("PGCONNECT_TIMEOUT", "10");
        Path folder = null;
        if (target.password() != null || query.get("sslkey") != null) {
            folder = Files.createTempDirectory("odoo-release-pg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (query.get("sslkey") != null) {
            env.put("PGSSLKEY", clientKey(Path.of(query.get("sslkey")), folder, target).toString());
        }
        if (target.password() != null) {
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

    /** Deletes the password file and the converted client key. */
    @Override
    public void close() throws IOException {
        if (folder != null) {
            Files.deleteIfExists(folder.resolve("pgpass"));
            Files.deleteIfExists(folder.resolve(CONVERTED_KEY));
            Files.deleteIfExists(folder);
        }
    }

    /**
     * Rejects TLS parameters that pg_dump and pg_restore cannot be given through the environment, such as
     * {@code sslpassword} (libpq takes it only in a connection string, which {@code ps} would show) or
     * {@code sslfactory} (a Java class), because the child programs would otherwise connect with other checks than
     * the JDBC connection.
     */
    private static void rejectUnmappedTls(Map<String, String> query, PgTarget target) throws InvalidInputException {
        for (String name : query.keySet()) {
            if (name.startsWith("ssl") && !MAPPED_TLS.contains(name)) {
                throw InvalidInputException.forValue("database", target.toString(), "the URL parameter " + name + " has no "
                        + "equivalent that pg_dump and pg_restore can be given safely; use sslmode, sslrootcert, sslcert and an "
                        + "unencrypted sslkey only");
            }
        }
        String mode = query.get("sslmode");
        if (mode != null && !SSL_MODES.contains(mode)) {
            throw InvalidInputException.forValue("database", target.toString(), "invalid sslmode " + mode + "; expected one of "
                    + String.join(", ", List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full")));
        }
    }

    /**
     * Returns a client key libpq can read. pgjdbc reads a key in PKCS-8 DER form (its default {@code postgresql.pk8}),
     * libpq one in PEM form; a DER key is written as PEM into the private folder, a PEM key is used as it is.
     */
    private static Path clientKey(Path key, Path folder, PgTarget target) throws InvalidInputException, IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(key);
        } catch (IOException e) {
            throw InvalidInputException.forValue("database", target.toString(), "the sslkey file " + key + " cannot be read: " + e);
        }
        if (content.length > 0 && content[0] == '-') {
            return key;
        }
        if (content.length == 0 || content[0] != 0x30) {
            throw InvalidInputException.forValue("database", target.toString(), "the sslkey file " + key + " is neither a PEM key "
                    + "nor a PKCS-8 DER key (.pk8); a PKCS-12 file cannot be given to pg_dump");
        }
        Path pem = folder.resolve(CONVERTED_KEY);
        String body = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(content) + "\n-----END PRIVATE KEY-----\n";
        Files.createFile(pem, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pem, body, StandardCharsets.US_ASCII);
        return pem;
    }

    /** Escapes a password file field: a colon or a backslash is preceded by a backslash. */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    /** Returns the URL's query parameters; a parameter without {@code =} has the empty value, as pgjdbc reads it. */
    private static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!name.isEmpty()) {
                parameters.put(name, value);
            }
        }
        return parameters;
    }
}
