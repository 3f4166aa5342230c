import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.migrate.MigrateCheck;
import io.jenkins.plugins.odoorelease.migrate.MigrateRequest;
import io.jenkins.plugins.odoorelease.odoo.AddonChecksum;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import io.jenkins.plugins.odoorelease.testing.OdooModulesDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures odooMigrateCheck end to end (addons scan, database reads, checksums, plan, tables, report) on 2,000 addons
 * against an Odoo 17.0 database whose ir_module_module has 2,000 rows, on the embedded PostgreSQL server.
 *
 * <p>Arguments: {@code [modules] [warm-up runs] [measured runs] [work folder]}, default {@code 2000 3 7 <temp>}.
 * Prints one line per run, then the minimum, median and maximum, and whether every measured run stayed under 2 s.
 */
public final class MigratePlanningBenchmark {

    private static final double TARGET_SECONDS = 2.0;

    public static void main(String[] args) throws Exception {
        int modules = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Path work = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("migrate-bench");

        long setupStart = System.nanoTime();
        OdooModulesDatabase database = OdooModulesDatabase.create("bench", 17);
        AddonTree odoo = OdooModulesDatabase.writeOdooAddons(work.resolve("odoo"), 17);
        AddonTree custom = AddonTree.at(work.resolve("custom"));
        int benchModules = modules - OdooModulesDatabase.freshModules(17).size();
        List<String> install = writeShop(custom, database, benchModules);
        storeChecksums(database, odoo, custom, benchModules);
        // A production database has planner statistics; without them autovacuum would analyse during the measured runs.
        database.execute("VACUUM ANALYZE");
        System.out.printf(Locale.ROOT, "setup: %d addons in %s and %s, %d ir_module_module rows, in %.1f s%n", modules, odoo.root(),
                custom.root(), modules, (System.nanoTime() - setupStart) / 1e9);

        MigrateRequest request = MigrateRequest.builder()
                .addons(List.of(odoo.root().toString(), custom.root().toString()))
                .databaseUrl(database.url())
                .databaseUser(PostgresServer.USER)
                .databasePassword(SecretValue.of(PostgresServer.PASSWORD))
                .install(install)
                .build();
        MigrateCheck check = new MigrateCheck(Clock.systemUTC());
        StepReport report = null;
        for (int i = 0; i < warmups; i++) {
            report = check.run(request, EventSink.NONE);
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            report = check.run(request, EventSink.NONE);
            seconds[i] = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: %.3f s%n", i + 1, seconds[i]);
        }
        System.out.println("phases of one more run (time since the previous line):");
        long[] last = {System.nanoTime()};
        check.run(request, new EventSink() {
            @Override
            public void log(LogLevel level, String message) {
                long now = System.nanoTime();
                String shown = message.length() > 90 ? message.substring(0, 90) + "..." : message;
                System.out.printf(Locale.ROOT, "  +%4d ms  %s%n", (now - last[0]) / 1_000_000, shown);
                last[0] = now;
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        });
        Arrays.sort(seconds);
        double median = seconds[runs / 2];
        System.out.printf(Locale.ROOT, "plan: %s; %d checks (one per module), %d findings%n", report.title(), report.checks().size(),
                report.findings().size());
        System.out.printf(Locale.ROOT, "end to end: min %.3f s, median %.3f s, max %.3f s over %d runs after %d warm-up runs%n",
                seconds[0], median, seconds[runs - 1], runs, warmups);
        double max = seconds[runs - 1];
        System.out.printf(Locale.ROOT, "target: every run under %.1f s (max %.3f s): %s%n", TARGET_SECONDS, max,
                max < TARGET_SECONDS ? "met" : "MISSED");
        System.exit(max < TARGET_SECONDS ? 0 : 1);
    }

    /**
     * Writes the shop's modules and their ir_module_module rows. Module i depends on module i/2, so the graph is a tree
     * about 11 levels deep. Every tenth module is upgraded (with three migration scripts), the last 100 are known but not
     * installed, the first 20 of those are requested for installation, and the last 20 are auto_install bridges that
     * each requested module triggers.
     *
     * @return the modules to install
     */
    private static List<String> writeShop(AddonTree custom, OdooModulesDatabase database, int count) throws Exception {
        List<String> install = new ArrayList<>();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            PreparedStatement module = connection.prepareStatement("INSERT INTO ir_module_module (name, state, latest_version, shortdesc, "
                    + "author, license, auto_install, create_date, write_date) VALUES (?, ?, ?, ?::jsonb, 'Shop', 'LGPL-3', ?, "
                    + "now() at time zone 'UTC', now() at time zone 'UTC') RETURNING id");
            PreparedStatement dependency = connection.prepareStatement("INSERT INTO ir_module_module_dependency (module_id, name, "
                    + "auto_install_required) VALUES (?, ?, true)");
            PreparedStatement model = connection.prepareStatement("WITH m AS (INSERT INTO ir_model (model, \"order\", state, name, transient) "
                    + "VALUES (?, 'id', 'base', ?::jsonb, false) RETURNING id) INSERT INTO ir_model_data (name, module, model, res_id) "
                    + "SELECT ?, ?, 'ir.model', id FROM m");
            int bridges = 0;
            for (int i = 1; i <= count; i++) {
                String name = name(i);
                String parent = i == 1 ? "web" : name(i / 2);
                boolean installed = i <= count - 100;
                boolean upgraded = installed && i % 10 == 0;
                boolean bridge = !installed && i > count - 20;
                String depends = bridge ? "'" + name(i - 80) + "', 'web'" : "'" + parent + "'";
                writeModule(custom, name, upgraded ? "17.0.1.1.0" : "17.0.1.0.0", depends, bridge);
                if (upgraded) {
                    custom.script(name, "migrations", "17.0.1.1.0", "pre-rename_fields.py");
                    custom.script(name, "migrations", "17.0.1.1.0", "post-fill_values.py");
                    custom.script(name, "migrations", "0.0.0", "end-refresh.py");
                }
                if (!installed && !bridge && install.size() < 20) {
                    install.add(name);
                }
                bridges += bridge ? 1 : 0;
                module.setString(1, name);
                module.setString(2, installed ? "installed" : "uninstalled");
                module.setString(3, installed ? "17.0.1.0.0" : null);
                module.setString(4, "{\"en_US\": \"" + name + "\"}");
                module.setBoolean(5, bridge);
                long id;
                try (var row = module.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
                dependency.setLong(1, id);
                dependency.setString(2, bridge ? name(i - 80) : parent);
                dependency.executeUpdate();
                String modelName = "shop." + name;
                model.setString(1, modelName);
                model.setString(2, "{\"en_US\": \"" + modelName + "\"}");
                model.setString(3, "model_shop_" + name);
                model.setString(4, name);
                model.executeUpdate();
                if (upgraded) {
                    try (var statement = connection.createStatement()) {
                        statement.execute("CREATE TABLE shop_" + name + " (id serial PRIMARY KEY, name varchar, amount numeric)");
                    }
                }
            }
            connection.commit();
            System.out.printf(Locale.ROOT, "shop: %d modules, %d upgraded, %d to install, %d auto_install bridges%n", count, count / 10 - 10,
                    install.size(), bridges);
        }
        return install;
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "shop_%04d", i);
    }

    /** Writes a module of typical size: manifest, model, view, access rules and a translation. */
    private static void writeModule(AddonTree custom, String name, String version, String depends, boolean autoInstall) {
        custom.module(name, """
                # Copyright 2024 Shop
                # License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
                {
                    "name": "Shop %s",
                    "summary": "Retail extension %s",
                    "version": "%s",
                    "category": "Sales",
                    "author": "Shop, Odoo Community Association (OCA)",
                    "website": "https://example.com/shop",
                    "license": "LGPL-3",
                    "depends": [%s],
                    "data": [
                        "security/ir.model.access.csv",
                        "views/%s_views.xml",
                    ],
                    "installable": True,
                    "auto_install": %s,
                }
                """.formatted(name, name, version, depends, name, autoInstall ? "True" : "False"));
        custom.file(name + "/__init__.py", "from . import models\n");
        custom.file(name + "/models/__init__.py", "from . import " + name + "\n");
        custom.file(name + "/models/" + name + ".py", """
                from odoo import api, fields, models


                class ShopRecord(models.Model):
                    _name = "shop.%s"
                    _description = "Shop record"

                    name = fields.Char(required=True)
                    amount = fields.Monetary(currency_field="currency_id")
                    currency_id = fields.Many2one("res.currency")
                    partner_id = fields.Many2one("res.partner", index=True)

                    @api.depends("amount")
                    def _compute_display_name(self):
                        for record in self:
                            record.display_name = "%%s (%%s)" %% (record.name, record.amount)
                """.formatted(name));
        custom.file(name + "/views/" + name + "_views.xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <odoo>
                    <record id="view_%s_form" model="ir.ui.view">
                        <field name="name">shop.%s.form</field>
                        <field name="model">shop.%s</field>
                        <field name="arch" type="xml">
                            <form>
                                <field name="name"/>
                                <field name="amount"/>
                                <field name="partner_id"/>
                            </form>
                        </field>
                    </record>
                </odoo>
                """.formatted(name, name, name));
        custom.file(name + "/security/ir.model.access.csv", "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n"
                + "access_" + name + ",access_" + name + ",model_shop_" + name + ",base.group_user,1,1,1,0\n");
        custom.file(name + "/i18n/fr.po", "msgid \"Shop record\"\nmsgstr \"Enregistrement boutique\"\n");
        custom.file(name + "/static/description/index.html", "<p>" + name + "</p>\n");
    }

    /** Stores click-odoo-update checksums for every installed module; one in 50 has changed code since, without a version bump. */
    private static void storeChecksums(OdooModulesDatabase database, AddonTree odoo, AddonTree custom, int count) throws Exception {
        AddonChecksum checksum = AddonChecksum.clickOdooDefaults();
        StringBuilder json = new StringBuilder("{");
        for (String module : OdooModulesDatabase.freshModules(17)) {
            json.append('"').append(module).append("\": \"").append(checksum.compute(odoo.root().resolve(module))).append("\", ");
        }
        for (int i = 1; i <= count - 100; i++) {
            String digest = i % 50 == 7 ? "0".repeat(40) : checksum.compute(custom.root().resolve(name(i)));
            json.append('"').append(name(i)).append("\": \"").append(digest).append("\", ");
        }
        json.setLength(json.length() - 2);
        database.parameter("module_auto_update.installed_checksums", json.append('}').toString());
    }
}
