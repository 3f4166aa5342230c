package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.pg.PgConnections;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Creates and drops the scratch databases that restores go into, on a PostgreSQL server kept for that purpose. A
 * scratch database's name is the prefix, the UTC creation time and a random suffix
 * ({@code odoo_release_verify_20271126020000_1a2b3c4d}), so that a later run can tell from the name which ones a
 * crashed run left behind and how old they are. Each also carries the comment {@value #MARK}, and only databases
 * with both the name and the comment are ever dropped as stale, so that another user's database of a similar name
 * is left alone.
 */
final class ScratchDatabases {

    /** Prefixes are lower-case so that names need no quoting, and short so that names stay within 63 bytes. */
    static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{2,39}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The comment on every scratch database this tool creates. */
    static final String MARK = "odoo-release scratch database";

    private final PgTarget server;
    private final String prefix;
    private final Clock clock;
    private final EventSink events;

    /**
     * @param server a connection to a database on the scratch server that is not a scratch database, such as {@code postgres}
     */
    ScratchDatabases(PgTarget server, String prefix, Clock clock, EventSink events) {
        this.server = server;
        this.prefix = prefix;
        this.clock = clock;
        this.events = events;
    }

    /** A scratch database that a run left behind; {@code failure} is the reason its drop failed, or {@code null}. */
    record Stale(String name, Instant createdAt, String failure) {
    }

    /**
     * The result of the clean-up among the databases of this prefix older than the age limit.
     *
     * @param dropped the marked ones it dropped
     * @param kept the marked ones whose drop failed, with the reason
     * @param unmarked the ones without the mark, which it left alone
     */
    record Cleanup(List<Stale> dropped, List<Stale> kept, List<Stale> unmarked) {
    }

    /**
     * Drops the marked scratch databases of this prefix that were created more than {@code age} ago. Younger ones may
     * belong to a run still going on and are left alone. A database that cannot be dropped, for example because
     * another user owns it, is reported in the result rather than failing the run.
     *
     * @throws InfrastructureException when the scratch server cannot be read
     */
    Cleanup dropStale(Duration age) throws InvalidInputException, InfrastructureException {
        Cleanup cleanup = new Cleanup(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Instant limit = clock.instant().minus(age);
        try (Connection connection = PgConnections.open(server, Duration.ofSeconds(10))) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT datname, shobj_description(oid, 'pg_database') "
                    + "FROM pg_database WHERE starts_with(datname, ?) ORDER BY datname")) {
                statement.setString(1, prefix);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Instant created = createdAt(rows.getString(1));
                        if (created == null || !created.isBefore(limit)) {
                            continue;
                        }
                        Stale stale = new Stale(rows.getString(1), created, null);
                        (MARK.equals(rows.getString(2)) ? cleanup.dropped() : cleanup.unmarked()).add(stale);
                    }
                }
            }
            for (Stale stale : List.copyOf(cleanup.dropped())) {
                try {
                    drop(connection, stale.name());
                } catch (SQLException e) {
                    cleanup.dropped().remove(stale);
                    cleanup.kept().add(new Stale(stale.name(), stale.createdAt(), e.getMessage()));
                    events.warning("Could not drop the old scratch database " + stale.name() + ": " + e.getMessage() + ".");
                }
            }
        } catch (SQLException e) {
            throw new InfrastructureException("listing old scratch databases failed: " + e.getMessage(), server.context(), e);
        }
        return cleanup;
    }

    /** Returns when a scratch database of this prefix was created, from its name, or {@code null} for another name. */
    Instant createdAt(String name) {
        if (!name.startsWith(prefix) || name.length() < prefix.length() + 14) {
            return null;
        }
        try {
            return LocalDateTime.parse(name.substring(prefix.length(), prefix.length() + 14), TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Creates an empty UTF-8 scratch database from {@code template0} with the C collation, as Odoo creates databases. */
    String create() throws InvalidInputException, InfrastructureException {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        String name = prefix + TIME.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)) + "_" + HexFormat.of().formatHex(suffix);
        try (Connection connection = PgConnections.open(server, Duration.ofSeconds(10)); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\" ENCODING 'UTF8' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'");
            try {
                statement.execute("COMMENT ON DATABASE \"" + name + "\" IS '" + MARK + "'");
            } catch (SQLException e) {
                // An unmarked database would never be cleaned up after a crash, so it is not used.
                drop(connection, name);
                throw e;
            }
        } catch (SQLException e) {
            throw new InfrastructureException("creating the scratch database " + name + " failed: " + e.getMessage()
                    + "; the scratch user needs CREATEDB", server.context(), e);
        }
        events.info("Created the scratch database " + name + ".");
        return name;
    }

    /** Drops a scratch database, ending its sessions first. */
    void drop(String name) throws InvalidInputException, InfrastructureException {
        try (Connection connection = PgConnections.open(server, Duration.ofSeconds(10))) {
            drop(connection, name);
        } catch (SQLException e) {
            throw new InfrastructureException("dropping the scratch database " + name + " failed: " + e.getMessage()
                    + "; drop it by hand", server.context(), e);
        }
    }

    private void drop(Connection connection, String name) throws SQLException {
        if (!name.startsWith(prefix)) {
            throw new IllegalArgumentException("refusing to drop " + name + ", which is not a scratch database of prefix " + prefix);
        }
        try (Statement statement = connection.createStatement()) {
            if (connection.getMetaData().getDatabaseMajorVersion() >= 13) {
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            } else {
                try (PreparedStatement terminate = connection.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, name);
                    terminate.execute();
                }
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
            }
        }
        events.info("Dropped the scratch database " + name + ".");
    }

    /** Returns whether the database exists, for the final check that nothing was left behind. */
    boolean exists(String name) throws InvalidInputException, InfrastructureException {
        try (Connection connection = PgConnections.open(server, Duration.ofSeconds(10));
                PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new InfrastructureException("checking for the scratch database " + name + " failed: " + e.getMessage(), server.context(), e);
        }
    }
}
