package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.migrate.MigrateCheck;
import io.jenkins.plugins.odoorelease.migrate.MigrateRequest;
import io.jenkins.plugins.odoorelease.odoo.AddonChecksum;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The demo's odooMigrateCheck stage: a sample shop release checked against a sample Odoo 17.0 database, created on the
 * PostgreSQL server the front end's sandbox provides on this machine. The release upgrades shop_sale with three
 * migration scripts. shop_sale now depends on the new shop_loyalty, which brings its auto_install bridge with stock.
 * shop_sale extends sale.order.line, whose table has about 5 million rows by its statistics, so the plan carries a
 * large-table warning.
 */
final class MigrateDemo {

    static final String DATABASE = "demo_migrate";
    private static final int SERIES = 17;

    private MigrateDemo() {
    }

    /**
     * Writes the sample addons into {@code folder/addons}, creates the sample database, runs the check, and stops the
     * sandbox's servers again.
     *
     * @param stage the stage number the demo's log shows
     * @throws IOException when the folder cannot be written or the sample database cannot be created
     */
    static StepReport run(Supplier<BackupSandbox> servers, Path folder, EventSink events, Clock clock, int stage) throws IOException {
        Path odooAddons = folder.resolve("addons/odoo");
        Path shopAddons = folder.resolve("addons/shop");
        writeAddons(odooAddons, shopAddons);
        events.info("Wrote the sample addons to " + folder.resolve("addons") + ".");
        events.info("Starting an embedded PostgreSQL server on 127.0.0.1 for the migration check stage.");
        StepReport report;
        try (BackupSandbox sandbox = servers.get()) {
            PgTarget server = sandbox.server();
            try (Connection admin = connect(server); Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
            PgTarget database = server.withDatabase(DATABASE);
            seed(database, odooAddons, shopAddons);
            events.info("Stage " + stage + ": odooMigrateCheck of a sample shop release against the sample Odoo 17.0 database " + DATABASE + ".");
            MigrateRequest request = MigrateRequest.builder()
                    .addons(List.of(odooAddons.toString(), shopAddons.toString()))
                    .databaseUrl(database.url())
                    .databaseUser(database.user())
                    .databasePassword(database.password())
                    .build();
            report = new MigrateCheck(clock).run(request, events);
        } catch (SQLException e) {
            throw new IOException("cannot create the sample database: " + e.getMessage(), e);
        } catch (InvalidInputException | InfrastructureException e) {
            throw new IllegalStateException("the demo's own migration check failed: " + e.getMessage(), e);
        }
        events.info("Stopped the embedded servers of the migration check stage and deleted their data.");
        return report;
    }

    private static Connection connect(PgTarget target) throws SQLException {
        return DriverManager.getConnection(target.url(), target.user(), target.password() == null ? null : target.password().reveal());
    }

    private static void writeAddons(Path odooAddons, Path shopAddons) throws IOException {
        for (String module : SampleOdooDatabase.freshModules(SERIES)) {
            String depends = switch (module) {
                case "base" -> "";
                case "web" -> "'base'";
                default -> "'base', 'web'";
            };
            writeModule(odooAddons, module, module.equals("base") ? "1.3" : "1.0", depends, "");
        }
        writeModule(odooAddons, "sale", "1.2", "'base', 'web'", "");
        writeModule(odooAddons, "stock", "1.1", "'base', 'web'", "");
        writeModule(shopAddons, "shop_sale", "17.0.1.1.0", "'sale', 'shop_loyalty'", "");
        writeScript(shopAddons, "shop_sale/migrations/17.0.1.1.0/pre-split_loyalty_points.py");
        writeScript(shopAddons, "shop_sale/migrations/17.0.1.1.0/post-fill_loyalty_cards.py");
        writeScript(shopAddons, "shop_sale/migrations/0.0.0/end-refresh_views.py");
        writeModule(shopAddons, "shop_loyalty", "17.0.1.0.0", "'sale'", "");
        writeModule(shopAddons, "shop_loyalty_stock", "17.0.1.0.0", "'shop_loyalty', 'stock'", "'auto_install': True,");
    }

    private static void writeModule(Path addons, String name, String version, String depends, String more) throws IOException {
        Path module = addons.resolve(name);
        Files.createDirectories(module);
        Files.writeString(module.resolve("__init__.py"), "", StandardCharsets.UTF_8);
        Files.writeString(module.resolve("__manifest__.py"), """
                # Sample module written by 'odoo-release demo'.
                {
                    'name': '%s',
                    'version': '%s',
                    'depends': [%s],
                    'license': 'LGPL-3',
                    %s
                }
                """.formatted(name, version, depends, more), StandardCharsets.UTF_8);
    }

    private static void writeScript(Path addons, String relative) throws IOException {
        Path script = addons.resolve(relative);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "def migrate(cr, version):\n    cr.execute(\"SELECT 1\")\n", StandardCharsets.UTF_8);
    }

    /** Creates the Odoo tables, the installed modules, the models of shop_sale, and click-odoo-update's checksums. */
    private static void seed(PgTarget database, Path odooAddons, Path shopAddons) throws SQLException, IOException {
        try (Connection connection = connect(database)) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SampleOdooDatabase.schema(SERIES)) {
                    statement.execute(ddl);
                }
            }
            List<String[]> modules = new ArrayList<>();
            for (String module : SampleOdooDatabase.freshModules(SERIES)) {
                modules.add(new String[] {module, module.equals("base") ? "17.0.1.3" : "17.0.1.0", module.equals("base") ? "" : "base"});
            }
            modules.add(new String[] {"sale", "17.0.1.2", "base"});
            modules.add(new String[] {"stock", "17.0.1.1", "base"});
            modules.add(new String[] {"shop_sale", "17.0.1.0.0", "sale"});
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ir_module_module (name, state, latest_version, "
                    + "shortdesc, author, license, auto_install) VALUES (?, 'installed', ?, ?::jsonb, 'Odoo S.A.', 'LGPL-3', false) RETURNING id");
                    PreparedStatement dependency = connection.prepareStatement("INSERT INTO ir_module_module_dependency (module_id, name, "
                            + "auto_install_required) VALUES (?, ?, true)")) {
                for (String[] module : modules) {
                    insert.setString(1, module[0]);
                    insert.setString(2, module[1]);
                    insert.setString(3, "{\"en_US\": \"" + module[0] + "\"}");
                    try (var row = insert.executeQuery()) {
                        row.next();
                        if (!module[2].isEmpty()) {
                            dependency.setLong(1, row.getLong(1));
                            dependency.setString(2, module[2]);
                            dependency.executeUpdate();
                        }
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO ir_model (model, \"order\", state, name, transient) VALUES "
                        + "('sale.order', 'id', 'base', '{\"en_US\": \"Sales Order\"}', false), "
                        + "('sale.order.line', 'id', 'base', '{\"en_US\": \"Sales Order Line\"}', false)");
                statement.execute("INSERT INTO ir_model_data (name, module, model, res_id) SELECT 'model_' || replace(m.model, '.', '_'), "
                        + "x.module, 'ir.model', m.id FROM ir_model m CROSS JOIN (VALUES ('sale'), ('shop_sale')) AS x(module)");
                statement.execute("CREATE TABLE sale_order (id serial PRIMARY KEY, name varchar)");
                statement.execute("CREATE TABLE sale_order_line (id serial PRIMARY KEY, order_id integer, name text)");
                // Planner statistics as ANALYZE leaves them for a table of 5 million rows, without inserting them.
                statement.execute("UPDATE pg_class SET reltuples = 5000000, relpages = 41667 WHERE oid = 'sale_order_line'::regclass");
            }
            storeChecksums(connection, modules, odooAddons, shopAddons);
        }
    }

    private static void storeChecksums(Connection connection, List<String[]> modules, Path odooAddons, Path shopAddons)
            throws SQLException, IOException {
        AddonChecksum checksum = AddonChecksum.clickOdooDefaults();
        StringBuilder json = new StringBuilder("{");
        for (String[] module : modules) {
            Path directory = Files.isDirectory(odooAddons.resolve(module[0])) ? odooAddons.resolve(module[0]) : shopAddons.resolve(module[0]);
            json.append(json.length() > 1 ? ", " : "").append('"').append(module[0]).append("\": \"").append(checksum.compute(directory))
                    .append('"');
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ir_config_parameter (key, value) VALUES (?, ?)")) {
            insert.setString(1, "module_auto_update.installed_checksums");
            insert.setString(2, json.append('}').toString());
            insert.executeUpdate();
        }
    }
}
