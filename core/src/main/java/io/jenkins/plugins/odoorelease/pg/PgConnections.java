package io.jenkins.plugins.odoorelease.pg;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** Opens pgjdbc connections with the settings every capability needs. */
public final class PgConnections {

    /** The {@code application_name} every connection reports, so that a DBA can tell who is connected. */
    public static final String APPLICATION_NAME = "odoo-release";

    private PgConnections() {
    }

    /**
     * Opens a connection.
     *
     * @param connectTimeout how long to wait for the server
     * @throws InvalidInputException when the server rejects the credentials or the database does not exist; a
     *     {@link PasswordMissingException} when it asks for a password and the target has none
     * @throws InfrastructureException when the server cannot be reached or fails otherwise
     */
    public static Connection open(PgTarget target, Duration connectTimeout) throws InvalidInputException, InfrastructureException {
        Properties properties = new Properties();
        if (target.user() != null) {
            properties.setProperty("user", target.user());
        }
        if (target.password() != null) {
            properties.setProperty("password", target.password().reveal());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
        properties.setProperty("socketTimeout", "0");
        try {
            return DriverManager.getConnection(target.url(), properties);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            // pgjdbc 42.7 rejects the connection itself with 08004 when the server asks for a password it was not given.
            if (state.equals("08004") && target.password() == null) {
                throw new PasswordMissingException(target, e);
            }
            // 28P01 and 28000: authentication failed; 3D000: the database does not exist (PostgreSQL error codes).
            if (state.startsWith("28") || state.equals("3D000")) {
                throw new InvalidInputException(List.of(new Problem(null, "database", target.toString(),
                        "connection rejected: " + e.getMessage() + "; check the URL and the credentials")), target.context(), e);
            }
            throw new InfrastructureException("cannot connect to PostgreSQL: " + e.getMessage(), target.context(), e);
        }
    }

    /**
     * Opens a connection for reading only: every transaction of the session is read-only, with {@code statement_timeout}
     * and {@code lock_timeout} set, so that a check can never write to a production database or block it for long.
     * The connection starts inside a transaction (auto-commit off).
     *
     * @throws InvalidInputException as {@link #open} does
     */
    public static Connection openReadOnly(PgTarget target, Duration statementTimeout, Duration lockTimeout)
            throws InvalidInputException, InfrastructureException {
        Connection connection = open(target, Duration.ofSeconds(10));
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                // Session settings, so that they hold for every transaction on this connection, not only the first.
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                statement.execute("SET statement_timeout = " + statementTimeout.toMillis());
                statement.execute("SET lock_timeout = " + lockTimeout.toMillis());
                statement.execute("SET TRANSACTION READ ONLY");
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new InfrastructureException("cannot start a read-only transaction: " + e.getMessage(), target.context(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The connection failed already; the caller reports the first error.
        }
    }
}
