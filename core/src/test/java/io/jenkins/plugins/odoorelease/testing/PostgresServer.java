package io.jenkins.plugins.odoorelease.testing;

import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * One embedded PostgreSQL 15 server on 127.0.0.1 for the whole test JVM, started on first use and stopped when the
 * JVM exits. Each test creates its own database with {@link #createDatabase}, so tests never see each other's data.
 */
public final class PostgresServer {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static EmbeddedPostgres server;
    private static Path dataDirectory;

    private PostgresServer() {
    }

    /** Starts the server once and returns it. */
    public static synchronized EmbeddedPostgres get() {
        if (server == null) {
            try {
                dataDirectory = Files.createTempDirectory("odoo-release-pg");
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(true)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                    try (var paths = Files.walk(dataDirectory)) {
                        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(path);
                        }
                    }
                } catch (IOException e) {
                    // the JVM is exiting; nothing else can be done
                }
            }, "embedded-postgres-stop"));
            requirePasswords();
        }
        return server;
    }

    /**
     * Sets the superuser's password and makes TCP connections use SCRAM, as a production server does; the embedded
     * server trusts everyone by default, which would hide credential handling mistakes.
     */
    private static void requirePasswords() {
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), "local all all trust\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot require passwords on the test server", e);
        }
    }

    public static int port() {
        return get().getPort();
    }

    /** Returns a JDBC URL for {@code database} on the test server. */
    public static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates an empty database with a unique name that starts with {@code prefix}, and returns its name. */
    public static String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        execute("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** Runs statements in {@code database} as the superuser. */
    public static void execute(String database, String... statements) {
        try (Connection connection = DriverManager.getConnection(url(database), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed in " + database + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query in {@code database} that returns one integer, such as a count. */
    public static int queryInt(String database, String query) {
        try (Connection connection = DriverManager.getConnection(url(database), USER, PASSWORD);
                Statement statement = connection.createStatement();
                java.sql.ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed in " + database + ": " + e.getMessage(), e);
        }
    }

    /** Returns the names of the databases on the test server that start with {@code prefix}. */
    public static java.util.List<String> databasesStartingWith(String prefix) {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                java.sql.PreparedStatement statement = connection.prepareStatement(
                        "SELECT datname FROM pg_database WHERE starts_with(datname, ?) ORDER BY datname")) {
            statement.setString(1, prefix);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing databases failed: " + e.getMessage(), e);
        }
        return names;
    }

    /** Returns a target for {@code database} with the superuser's credentials. */
    public static PgTarget target(String database) {
        return new PgTarget(url(database), USER, SecretValue.of(PASSWORD));
    }
}
