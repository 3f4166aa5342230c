package io.jenkins.plugins.odoorelease.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PgConnectionsTest {

    @Test
    void readOnlyTransactionRejectsWrites() throws Exception {
        String database = PostgresServer.createDatabase("pgtest");
        PostgresServer.execute(database, "CREATE TABLE t (id int)");

        try (Connection connection = PgConnections.openReadOnly(PostgresServer.target(database), Duration.ofSeconds(5),
                Duration.ofSeconds(1)); Statement statement = connection.createStatement()) {
            ResultSet settings = statement.executeQuery("SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
                    + "current_setting('transaction_read_only'), current_setting('application_name')");
            settings.next();

            assertThat(settings.getString(1)).isEqualTo("5s");
            assertThat(settings.getString(2)).isEqualTo("1s");
            assertThat(settings.getString(3)).isEqualTo("on");
            assertThat(settings.getString(4)).isEqualTo("odoo-release");
            assertThatThrownBy(() -> statement.execute("INSERT INTO t VALUES (1)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only transaction");
        }
    }

    @Test
    void readOnlySettingsLastAcrossTransactions() throws Exception {
        String database = PostgresServer.createDatabase("pgtest");
        PostgresServer.execute(database, "CREATE TABLE t (id int)");

        try (Connection connection = PgConnections.openReadOnly(PostgresServer.target(database), Duration.ofSeconds(5),
                Duration.ofSeconds(1)); Statement statement = connection.createStatement()) {
            connection.commit();
            ResultSet settings = statement.executeQuery("SELECT current_setting('statement_timeout'), "
                    + "current_setting('transaction_read_only')");
            settings.next();

            assertThat(settings.getString(1)).isEqualTo("5s");
            assertThat(settings.getString(2)).isEqualTo("on");
            assertThatThrownBy(() -> statement.execute("INSERT INTO t VALUES (1)")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void wrongPasswordIsInvalidInput() {
        String database = PostgresServer.createDatabase("pgtest");
        PgTarget target = new PgTarget(PostgresServer.url(database), "postgres", SecretValue.of("wrong-password"));

        assertThatThrownBy(() -> PgConnections.open(target, Duration.ofSeconds(5)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("connection rejected")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void missingPasswordIsInvalidInput() {
        String database = PostgresServer.createDatabase("pgtest");
        PgTarget target = new PgTarget(PostgresServer.url(database), "postgres", null);

        assertThatThrownBy(() -> PgConnections.open(target, Duration.ofSeconds(5)))
                .isInstanceOf(PasswordMissingException.class)
                .hasMessageContaining("the server asks for a password for postgres and none was given");
    }

    @Test
    void missingPasswordTakesFrontEndFix() {
        String database = PostgresServer.createDatabase("pgtest");
        PgTarget target = new PgTarget(PostgresServer.url(database), "postgres", null);
        PasswordMissingException missing = catchThrowableOfType(PasswordMissingException.class,
                () -> PgConnections.open(target, Duration.ofSeconds(5)));

        InvalidInputException fixed = missing.withFix("DB_PASSWORD", "set DB_PASSWORD");

        assertThat(missing.problems().get(0).describe()).endsWith("none was given; give the password with the credentials");
        assertThat(fixed.problems().get(0).describe())
                .isEqualTo("DB_PASSWORD: the server asks for a password for postgres and none was given; set DB_PASSWORD");
        assertThat(fixed.context()).isEqualTo(target.context());
        assertThat(fixed.getCause()).isSameAs(missing);
    }

    @Test
    void urlWithPasswordRejected() {
        assertThatThrownBy(() -> PgTarget.of("jdbc:postgresql://db/prod?password=hunter2", "odoo", null, "databaseUrl"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("contains a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void targetHelpers() throws Exception {
        PgTarget target = PgTarget.of("jdbc:postgresql://db.example:5433/prod?sslmode=require", "odoo", SecretValue.of("x"), "url");

        assertThat(target.databaseName()).isEqualTo("prod");
        assertThat(target.withDatabase("scratch").url()).isEqualTo("jdbc:postgresql://db.example:5433/scratch?sslmode=require");
        assertThat(target.toString()).isEqualTo("jdbc:postgresql://db.example:5433/prod?… as odoo");
    }

    @Test
    void withDatabaseKeepsHostsAndQuery() throws Exception {
        PgTarget target = PgTarget.of("jdbc:postgresql://h1:5432,h2:5432/prod?targetServerType=primary&options=-c%20x%3Dy", "odoo",
                null, "url");

        assertThat(target.withDatabase("scratch").url())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/scratch?targetServerType=primary&options=-c%20x%3Dy");
        assertThat(PgTarget.of("jdbc:postgresql://h1/", null, null, "url").withDatabase("x").url()).isEqualTo("jdbc:postgresql://h1/x");
        assertThat(PgTarget.of("jdbc:postgresql://h1", null, null, "url").withDatabase("x").url()).isEqualTo("jdbc:postgresql://h1/x");
    }
}
