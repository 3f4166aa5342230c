package io.jenkins.plugins.odoorelease.testing;

import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.release.SampleOdooDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An Odoo-shaped database for the migration check on the test PostgreSQL server: the module catalogue tables {@code ir_module_module},
 * {@code ir_module_module_dependency}, {@code ir_model}, {@code ir_model_data} and {@code ir_config_parameter} with
 * the column names, types, defaults, constraints and index names that a fresh database of the series has (taken
 * from databases that Odoo 16.0, 17.0 and 18.0 created with {@code -i base}), seeded with the modules such a
 * database has installed. Rows are written as Odoo writes them: translated names as {@code {"en_US": ...}} JSON,
 * one {@code ir_model_data} row {@code model_<table>} per module and model it defines or extends.
 */
public final class OdooModulesDatabase {

    private final String name;
    private final int major;

    private OdooModulesDatabase(String name, int major) {
        this.name = name;
        this.major = major;
    }

    /**
     * Creates a database with the Odoo tables of series {@code major}.0 and its fresh modules installed: {@code base} at
     * {@code <series>.1.3}, the others at {@code <series>.1.0}, each depending on {@code base} (and on {@code web}
     * for the web modules); the dependency rows are reduced to that, which is all the tests need.
     */
    public static OdooModulesDatabase create(String prefix, int major) {
        OdooModulesDatabase database = new OdooModulesDatabase(PostgresServer.createDatabase(prefix), major);
        database.execute(SampleOdooDatabase.schema(major).toArray(String[]::new));
        for (String module : SampleOdooDatabase.freshModules(major)) {
            String version = module.equals("base") ? major + ".0.1.3" : major + ".0.1.0";
            if (module.equals("base")) {
                database.module(module, "installed", version);
            } else if (module.equals("web")) {
                database.module(module, "installed", version, "base");
            } else {
                database.module(module, "installed", version, "base", "web");
            }
        }
        database.model("base", "res.partner").model("base", "res.users").model("base", "ir.module.module");
        database.parameter("database.uuid", "5e6f1c3a-6b8e-11ee-b962-0242ac120002");
        database.parameter("web.base.url", "http://127.0.0.1:8069");
        return database;
    }

    /**
     * Writes Odoo's own addons for the modules {@link #create} installs, at the versions it records, so that a check
     * of such a database finds them unchanged. Returns the addons path.
     */
    public static AddonTree writeOdooAddons(java.nio.file.Path root, int major) {
        AddonTree tree = AddonTree.at(root);
        for (String module : SampleOdooDatabase.freshModules(major)) {
            String depends = switch (module) {
                case "base" -> "";
                case "web" -> "'base'";
                default -> "'base', 'web'";
            };
            tree.module(module, module.equals("base") ? "1.3" : "1.0", depends, "'auto_install': False,");
        }
        return tree;
    }

    /** Creates a login role with a password that may read this database, as a read-only check user would. */
    public OdooModulesDatabase readOnlyRole(String role, String password) {
        PostgresServer.execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        execute("GRANT CONNECT ON DATABASE " + name + " TO " + role, "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        return this;
    }

    /** Returns the modules that {@link #create} installs for the series. */
    public static List<String> freshModules(int major) {
        return SampleOdooDatabase.freshModules(major);
    }

    public String name() {
        return name;
    }

    public String url() {
        return PostgresServer.url(name);
    }

    public PgTarget target() {
        return PostgresServer.target(name);
    }

    /** Adds an {@code ir_module_module} row with the state and installed version, and its dependency rows. */
    public OdooModulesDatabase module(String module, String state, String latestVersion, String... depends) {
        return module(module, state, latestVersion, false, List.of(depends), List.of(depends));
    }

    /**
     * Adds an {@code ir_module_module} row with auto_install set, where {@code triggers} are the dependencies whose
     * {@code auto_install_required} is true.
     */
    public OdooModulesDatabase autoInstallModule(String module, String state, String latestVersion, List<String> triggers, String... depends) {
        return module(module, state, latestVersion, true, List.of(depends), triggers);
    }

    private OdooModulesDatabase module(String module, String state, String latestVersion, boolean autoInstall, List<String> depends,
            List<String> triggers) {
        String columns = "name, state, latest_version, shortdesc, summary, description, author, license, application, demo, web, "
                + "sequence, auto_install, to_buy, maintainer, contributors, website, create_date, write_date, create_uid, write_uid"
                + (major >= 17 ? ", module_type, imported" : "");
        String values = "?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, 'Odoo S.A.', 'LGPL-3', false, false, false, 100, ?, false, 'Odoo S.A.', "
                + "NULL, 'https://www.odoo.com', now() at time zone 'UTC', now() at time zone 'UTC', 1, 1" + (major >= 17 ? ", 'official', false" : "");
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO ir_module_module (" + columns + ") VALUES (" + values
                        + ") RETURNING id")) {
            insert.setString(1, module);
            insert.setString(2, state);
            insert.setString(3, latestVersion);
            insert.setString(4, "{\"en_US\": \"" + module.replace('_', ' ') + "\"}");
            insert.setString(5, "{\"en_US\": \"\"}");
            insert.setString(6, "{\"en_US\": \"\"}");
            insert.setBoolean(7, autoInstall);
            long id;
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
            try (PreparedStatement dependency = connection.prepareStatement(
                    "INSERT INTO ir_module_module_dependency (module_id, name, auto_install_required) VALUES (?, ?, ?)")) {
                for (String depend : depends) {
                    dependency.setLong(1, id);
                    dependency.setString(2, depend);
                    dependency.setBoolean(3, triggers.contains(depend));
                    dependency.addBatch();
                }
                dependency.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add module " + module + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Records that {@code module} defines or extends {@code model}: an {@code ir_model} row for the model (once) and an
     * {@code ir_model_data} row {@code <module>.model_<table>} pointing at it.
     */
    public OdooModulesDatabase model(String module, String model) {
        String table = model.replace('.', '_');
        execute("INSERT INTO ir_model (model, \"order\", state, name, info, transient, create_uid, write_uid, create_date, write_date) "
                + "VALUES ('" + model + "', 'id', 'base', '{\"en_US\": \"" + model + "\"}', NULL, false, 1, 1, now() at time zone 'UTC', "
                + "now() at time zone 'UTC') ON CONFLICT (model) DO NOTHING",
                "INSERT INTO ir_model_data (name, module, model, res_id, noupdate, create_uid, write_uid) SELECT 'model_" + table + "', '"
                        + module + "', 'ir.model', id, false, 1, 1 FROM ir_model WHERE model = '" + model + "'");
        return this;
    }

    /** Creates a business table such as {@code sale_order_line} with an {@code id}, magic columns and a name. */
    public OdooModulesDatabase businessTable(String table) {
        execute("CREATE TABLE \"" + table + "\" (id serial NOT NULL PRIMARY KEY, name varchar, create_uid integer, write_uid integer, "
                + "create_date timestamp without time zone, write_date timestamp without time zone)");
        return this;
    }

    /**
     * Sets the planner statistics of a table as if ANALYZE had counted {@code rows} rows, without inserting them: about
     * 120 rows per 8 KiB page. The test server's superuser may write {@code pg_class}.
     */
    public OdooModulesDatabase rowEstimate(String table, long rows) {
        execute("UPDATE pg_class SET reltuples = " + rows + ", relpages = " + Math.max(1, rows / 120) + " WHERE oid = '\"" + table
                + "\"'::regclass");
        return this;
    }

    /** Sets a system parameter, as {@code ir.config_parameter.set_param} stores it. */
    public OdooModulesDatabase parameter(String key, String value) {
        try (Connection connection = connect();
                PreparedStatement upsert = connection.prepareStatement("INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, "
                        + "create_date, write_date) VALUES (?, ?, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC') "
                        + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
            upsert.setString(1, key);
            upsert.setString(2, value);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set parameter " + key + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Creates {@code res_lang} with the languages, the first active ones. Only the columns click-odoo-update reads
     * ({@code code}, {@code active}) and the mandatory {@code name} are created; the real table has many more.
     */
    public OdooModulesDatabase languages(List<String> active, List<String> inactive) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE res_lang (id serial NOT NULL PRIMARY KEY, name varchar NOT NULL, code varchar NOT NULL UNIQUE, active boolean)");
        active.forEach(code -> statements.add("INSERT INTO res_lang (name, code, active) VALUES ('" + code + "', '" + code + "', true)"));
        inactive.forEach(code -> statements.add("INSERT INTO res_lang (name, code, active) VALUES ('" + code + "', '" + code + "', false)"));
        execute(statements.toArray(String[]::new));
        return this;
    }

    public void execute(String... statements) {
        PostgresServer.execute(name, statements);
    }

    /** Opens a connection as the superuser; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
