package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what the migration check needs from an Odoo database and its PostgreSQL server. It only runs SELECTs,
 * inside the read-only transaction that {@link io.jenkins.plugins.odoorelease.pg.PgConnections#openReadOnly}
 * opens, so that {@code statement_timeout} and {@code lock_timeout} bound every wait.
 */
final class DatabaseInspector {

    /** PostgreSQL's {@code lock_not_available}, raised when {@code lock_timeout} expires. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** PostgreSQL's {@code query_canceled}, raised when {@code statement_timeout} expires. */
    private static final String QUERY_CANCELED = "57014";

    private final Connection connection;
    private final PgTarget target;

    DatabaseInspector(Connection connection, PgTarget target) {
        this.connection = connection;
        this.target = target;
    }

    /** The server and its connection slots. */
    record ServerStatus(int versionNumber, String version, String database, int maxConnections, int reservedConnections, int connections) {

        /** The major version, such as 15 for 150004. */
        int major() {
            return versionNumber / 10000;
        }

        /** The connections that ordinary roles may use: {@code max_connections} minus the reserved slots. */
        int usableConnections() {
            return Math.max(1, maxConnections - reservedConnections);
        }
    }

    /** A session of this database whose transaction has been open for a while. */
    record LongTransaction(int pid, String user, String application, String state, Duration age, String waitEvent) {
    }

    /** A lock a session of this database waits for. */
    record WaitingLock(int pid, String user, String application, String lockType, String mode, String relation, Duration waiting,
            List<Integer> blockedBy) {
    }

    /**
     * The table of one or more models that upgraded modules define or extend.
     *
     * @param rows the planner's estimate: {@code pg_class.reltuples}, or {@code pg_stat_user_tables.n_live_tup} when the
     *     table was never analysed
     * @param bytes the total size with indexes and TOAST, or an estimate from {@code relpages} when the table was locked
     * @param sizeEstimated whether {@code bytes} comes from {@code relpages} because another session holds a lock on it
     */
    record ModelTable(String table, long oid, long rows, long bytes, boolean sizeEstimated, Set<String> modules, Set<String> models) {
    }

    /**
     * Checks that the database holds Odoo's module tables.
     *
     * @throws InvalidInputException when {@code ir_module_module} is missing, which means the URL names another database
     */
    Set<String> odooTables() throws InvalidInputException, InfrastructureException {
        Set<String> present = new LinkedHashSet<>();
        List<String> wanted = List.of("ir_module_module", "ir_module_module_dependency", "ir_model", "ir_model_data", "ir_config_parameter",
                "res_lang");
        String sql = "SELECT name FROM unnest(?::text[]) AS name WHERE to_regclass(quote_ident(name)) IS NOT NULL";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", wanted.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw fault("cannot list the tables", e);
        }
        List<String> missing = new ArrayList<>(List.of("ir_module_module", "ir_module_module_dependency"));
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            String tables = missing.size() == 1 ? "the table " + missing.get(0) + " is missing"
                    : "the tables " + String.join(" and ", missing) + " are missing";
            throw new InvalidInputException(List.of(new Problem(null, "databaseUrl", target.toString(), "not an Odoo database: " + tables
                    + "; check the database name in the URL")), target.context(), null);
        }
        return present;
    }

    ServerStatus server() throws InfrastructureException {
        String sql = "SELECT current_setting('server_version_num')::int, current_setting('server_version'), current_database(), "
                + "current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int "
                + "+ coalesce(current_setting('reserved_connections', true), '0')::int, "
                + "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int";
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return new ServerStatus(row.getInt(1), row.getString(2), row.getString(3), row.getInt(4), row.getInt(5), row.getInt(6));
        } catch (SQLException e) {
            throw fault("cannot read the server settings", e);
        }
    }

    /** Reads every {@code ir_module_module} row with its dependencies, by name. */
    Map<String, DbModule> modules() throws InfrastructureException {
        Map<Long, List<DbModule.Dependency>> dependencies = new HashMap<>();
        String dependencySql = "SELECT module_id, name, coalesce(auto_install_required, true) FROM ir_module_module_dependency "
                + "WHERE name IS NOT NULL ORDER BY module_id, name";
        String moduleSql = "SELECT id, name, state, latest_version, coalesce(auto_install, false) FROM ir_module_module";
        Map<String, DbModule> modules = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(dependencySql)) {
                while (rows.next()) {
                    dependencies.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>())
                            .add(new DbModule.Dependency(rows.getString(2), rows.getBoolean(3)));
                }
            }
            try (ResultSet rows = statement.executeQuery(moduleSql)) {
                while (rows.next()) {
                    String name = rows.getString(2);
                    modules.put(name, new DbModule(name, ModuleState.of(rows.getString(3)), rows.getString(4), rows.getBoolean(5),
                            dependencies.getOrDefault(rows.getLong(1), List.of())));
                }
            }
        } catch (SQLException e) {
            throw fault("cannot read ir_module_module", e);
        }
        return modules;
    }

    /** Returns the transactions of this database, other than this check's own, that have been open longer than {@code threshold}. */
    List<LongTransaction> longTransactions(Duration threshold) throws InfrastructureException {
        String sql = "SELECT pid, usename, application_name, state, extract(epoch FROM clock_timestamp() - xact_start), "
                + "wait_event_type || ': ' || wait_event FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
                + "AND extract(epoch FROM clock_timestamp() - xact_start) > ? ORDER BY xact_start";
        List<LongTransaction> transactions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setDouble(1, threshold.toMillis() / 1000.0);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    transactions.add(new LongTransaction(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            seconds(rows.getDouble(5)), rows.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw fault("cannot read pg_stat_activity", e);
        }
        return transactions;
    }

    /** Returns the locks that sessions of this database wait for, with the sessions that block them. */
    List<WaitingLock> ungrantedLocks(ServerStatus server) throws InfrastructureException {
        // pg_locks.waitstart exists from PostgreSQL 14 on; before, the wait is measured from the last state change.
        String waitStart = server.major() >= 14 ? "coalesce(l.waitstart, a.state_change)" : "a.state_change";
        String sql = "SELECT l.pid, a.usename, a.application_name, l.locktype, l.mode, "
                + "CASE WHEN l.relation IS NOT NULL THEN l.relation::regclass::text END, "
                + "extract(epoch FROM clock_timestamp() - " + waitStart + "), pg_blocking_pids(l.pid) "
                + "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE NOT l.granted AND l.pid <> pg_backend_pid() "
                + "AND (l.database IS NULL OR l.database = (SELECT oid FROM pg_database WHERE datname = current_database())) "
                + "ORDER BY l.pid";
        List<WaitingLock> locks = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                List<Integer> blockers = new ArrayList<>();
                Array array = rows.getArray(8);
                if (array != null) {
                    for (Object pid : (Object[]) array.getArray()) {
                        blockers.add(((Number) pid).intValue());
                    }
                }
                double waited = rows.getDouble(7);
                locks.add(new WaitingLock(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                        rows.getString(6), rows.wasNull() ? Duration.ZERO : seconds(waited), blockers));
            }
        } catch (SQLException e) {
            throw fault("cannot read pg_locks", e);
        }
        return locks;
    }

    /** Returns a system parameter's value from {@code ir_config_parameter}. */
    Optional<String> parameter(String key) throws InfrastructureException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM ir_config_parameter WHERE key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fault("cannot read ir_config_parameter", e);
        }
    }

    /** Returns the codes of the active languages ({@code res_lang.active}), as click-odoo-update reads them. */
    List<String> activeLanguages() throws InfrastructureException {
        List<String> codes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT code FROM res_lang WHERE active ORDER BY code")) {
            while (rows.next()) {
                codes.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw fault("cannot read res_lang", e);
        }
        return codes;
    }

    /**
     * Returns the tables of the models that the modules define or extend: Odoo records one {@code ir_model_data} row
     * with {@code model = 'ir.model'} per module and model it touches. A model's table is its name with dots replaced
     * by underscores; models without such a table (abstract models) are left out.
     */
    List<ModelTable> tables(Collection<String> modules) throws InfrastructureException {
        if (modules.isEmpty()) {
            return List.of();
        }
        // NOTE: a model with a custom _table (such as ir.actions.act_window in ir_act_window) is missed, because ir_model does not store table names.
        String sql = "SELECT d.module, m.model, c.oid, c.relname, c.reltuples, coalesce(s.n_live_tup, 0), c.relpages, "
                + "coalesce(t.relpages, 0) + coalesce((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                + "WHERE x.indrelid = c.oid), 0) "
                + "FROM ir_model_data d JOIN ir_model m ON m.id = d.res_id "
                + "JOIN pg_class c ON c.oid = to_regclass(quote_ident(replace(m.model, '.', '_'))) "
                + "LEFT JOIN pg_class t ON t.oid = c.reltoastrelid "
                + "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
                + "WHERE d.model = 'ir.model' AND d.module = ANY (?) AND c.relkind IN ('r', 'p') ORDER BY c.relname, d.module";
        Map<Long, TableRow> tables = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", modules.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long oid = rows.getLong(3);
                    TableRow table = tables.computeIfAbsent(oid, key -> new TableRow());
                    table.name = rows.getString(4);
                    table.modules.add(rows.getString(1));
                    table.models.add(rows.getString(2));
                    double reltuples = rows.getDouble(5);
                    // reltuples is -1 (PostgreSQL 14 and later) or 0 (before) for a table never vacuumed or analysed.
                    table.rows = reltuples > 0 ? Math.round(reltuples) : rows.getLong(6);
                    table.pages = rows.getLong(7) + rows.getLong(8);
                }
            }
        } catch (SQLException e) {
            throw fault("cannot read the tables of the upgraded modules' models", e);
        }
        long blockSize = blockSize();
        List<ModelTable> result = new ArrayList<>();
        for (Map.Entry<Long, TableRow> entry : tables.entrySet()) {
            TableRow row = entry.getValue();
            Long bytes = totalSize(entry.getKey());
            result.add(new ModelTable(row.name, entry.getKey(), row.rows, bytes == null ? row.pages * blockSize : bytes, bytes == null,
                    row.modules, row.models));
        }
        return result;
    }

    private static final class TableRow {
        private String name;
        private long rows;
        private long pages;
        private final Set<String> modules = new java.util.TreeSet<>();
        private final Set<String> models = new java.util.TreeSet<>();
    }

    private long blockSize() throws InfrastructureException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT current_setting('block_size')::int")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw fault("cannot read block_size", e);
        }
    }

    /**
     * Returns the table's size with its indexes and TOAST, or {@code null} when another session holds a lock that
     * {@code pg_total_relation_size} would wait for longer than {@code lock_timeout}. A savepoint keeps the
     * transaction usable after that error.
     */
    private Long totalSize(long oid) throws InfrastructureException {
        Savepoint savepoint = null;
        try {
            savepoint = connection.setSavepoint();
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_total_relation_size(?::oid)")) {
                statement.setLong(1, oid);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    long bytes = row.getLong(1);
                    connection.releaseSavepoint(savepoint);
                    return bytes;
                }
            }
        } catch (SQLException e) {
            if (savepoint != null && LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                try {
                    connection.rollback(savepoint);
                    return null;
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
            }
            throw fault("cannot read the size of table " + oid, e);
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Turns an SQL error into a fault that names the database and says what a timeout means. */
    private InfrastructureException fault(String what, SQLException e) {
        String hint = "";
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            hint = "; another session holds a lock longer than lock_timeout allows, which an Odoo update running now would do, so "
                    + "retry when it has finished";
        } else if (QUERY_CANCELED.equals(e.getSQLState())) {
            hint = "; the query ran longer than statement_timeout allows, so raise statementTimeout if the server is busy";
        }
        return new InfrastructureException(what + ": " + e.getMessage() + hint, target.context(), e);
    }
}
