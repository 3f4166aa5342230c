package io.jenkins.plugins.odoorelease.migrate;

import static io.jenkins.plugins.odoorelease.migrate.MigrateFixtures.findings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.odoo.AddonChecksum;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import io.jenkins.plugins.odoorelease.testing.OdooModulesDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check against real Odoo-shaped databases of each series, one database per test. */
class MigrateDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void unchangedDatabaseIsCanarySafe() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("fresh", 18);
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 18);

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root()));

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.result()).containsEntry("series", "18.0").containsEntry("canarySafe", true)
                .containsEntry("upgrade", List.of()).containsEntry("install", List.of());
        assertThat(report.title()).isEqualTo("No module to upgrade or install");
        assertThat(report.parameters()).containsEntry("series", "18.0 (from the database)");
        assertThat(report.checks()).hasSize(OdooModulesDatabase.freshModules(18).size());
    }

    @Test
    void seriesMismatchBlocks() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("old", 16);
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 16);

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root()).series("17.0"));

        assertThat(findings(report, MigrateFindings.DATABASE_SERIES_MISMATCH, null)).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("at Odoo 16.0", "checked for 17.0", "major upgrade"));
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void sixteenReadsThreePartFolderAsFullVersion() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("sixteen", 16).module("shop", "installed", "16.0.1.0", "web");
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 16);
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop", "1.3", "'web'", null);
        custom.script("shop", "migrations", "1.1", "pre-a.py");
        custom.script("shop", "migrations", "1.2.0", "pre-b.py");
        custom.module("draft", "1", "'web'", null);

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root(), custom.root()));

        assertThat(report.result().get("upgrade")).isEqualTo(List.of("shop"));
        assertThat((List<?>) report.result().get("scripts")).singleElement()
                .satisfies(script -> assertThat(((Map<?, ?>) script).get("path")).isEqualTo("migrations/1.1/pre-a.py"));
        assertThat(findings(report, MigrateFindings.MIGRATION_FOLDER_NEVER_RUNS, "shop")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.message()).contains("rename it 16.0.1.2.0");
        });
        assertThat(findings(report, MigrateFindings.MODULE_VERSION_NONSTANDARD, "draft")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("read as 16.0.1"));
    }

    @Test
    void eighteenCountryRestrictionIsNoted() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("countries", 18);
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 18);
        odoo.module("l10n_be", "1.0", "'web'", null);
        odoo.module("l10n_be_shop", "1.0", "'l10n_be'", "'auto_install': True, 'countries': ['be'],");

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root()).install(List.of("l10n_be")));

        assertThat(report.result().get("install")).isEqualTo(List.of("l10n_be", "l10n_be_shop"));
        assertThat(findings(report, MigrateFindings.AUTO_INSTALL_COUNTRIES, "l10n_be_shop")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("[be]", "only when a company is in one of them"));
    }

    @Test
    void plainDatabaseIsNotOdoo() throws Exception {
        String plain = PostgresServer.createDatabase("plain");
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 17);

        assertThatThrownBy(() -> new MigrateCheck(java.time.Clock.systemUTC()).run(MigrateRequest.builder().databaseUrl(PostgresServer.url(plain))
                .databaseUser(PostgresServer.USER).databasePassword(io.jenkins.plugins.odoorelease.common.SecretValue.of(PostgresServer.PASSWORD))
                .addons(List.of(odoo.root().toString())).build(), io.jenkins.plugins.odoorelease.common.EventSink.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not an Odoo database: the tables ir_module_module and ir_module_module_dependency are missing");
    }

    @Test
    void badAddonsPathFailsBeforeConnecting() {
        MigrateRequest.Builder request = MigrateRequest.builder().databaseUrl("jdbc:postgresql://127.0.0.1:1/none").series("17.0")
                .addons(List.of(folder.resolve("missing").toString()));

        assertThatThrownBy(() -> MigrateFixtures.run(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("addons[0]")
                .hasMessageContaining("no such folder");
    }

    @Test
    void sessionsThatBlockTheUpdateAreReported() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("busy", 17)
                .module("sale", "installed", "17.0.1.0", "web")
                .model("sale", "sale.order.line")
                .businessTable("sale_order_line");
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 17);
        odoo.module("sale", "1.1", "'web'", null);

        try (Connection holder = database.connect(); Connection waiter = database.connect()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("LOCK TABLE sale_order_line IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try (Statement statement = waiter.createStatement()) {
                    statement.executeQuery("SELECT count(*) FROM sale_order_line").close();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitWaitingLock(database);

            StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root()).longTransaction("1ms").lockTimeout("200ms")
                    .connectionUsage("1%"));

            holder.rollback();
            waiting.join();
            int holderPid = pid(holder);
            assertThat(findings(report, MigrateFindings.POSTGRES_LONG_TRANSACTION, "pid " + holderPid)).singleElement()
                    .satisfies(finding -> assertThat(finding.message()).contains("has had a transaction open for"));
            assertThat(findings(report, MigrateFindings.POSTGRES_LOCK_WAITING, "pid " + pid(waiter))).singleElement()
                    .satisfies(finding -> assertThat(finding.message()).contains("AccessShareLock", "sale_order_line",
                            "blocked by session " + holderPid));
            assertThat(findings(report, MigrateFindings.TABLE_LOCKED, "sale_order_line")).singleElement()
                    .satisfies(finding -> assertThat(finding.message()).contains("planner statistics"));
            assertThat(findings(report, MigrateFindings.POSTGRES_CONNECTIONS_HIGH, "max_connections")).hasSize(1);
            assertThat(report.result().get("upgrade")).isEqualTo(List.of("sale"));
        }
    }

    private static void awaitWaitingLock(OdooModulesDatabase database) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the second session never waited for the lock");
    }

    private static int pid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    @Test
    void checksumsFollowInstalledTool() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("oca", 17)
                .module("module_auto_update", "installed", "17.0.1.0.0", "base")
                .module("shop", "installed", "17.0.1.0.0", "web");
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 17);
        odoo.module("module_auto_update", "17.0.1.0.0", "'base'", null);
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop", "17.0.1.0.0", "'web'", null);
        custom.file("shop/tests/test_shop.py", "def test_shop():\n    pass\n");
        String shopChecksum = new AddonChecksum(AddonChecksum.OCA_EXCLUDES, List.of()).compute(custom.root().resolve("shop"));
        database.parameter("module_auto_update.installed_checksums", "{\"shop\": \"" + shopChecksum + "\", \"module_auto_update\": false}");

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root(), custom.root()));

        assertThat(findings(report, MigrateFindings.CHECKSUM_CODE_CHANGED, "shop")).isEmpty();
        assertThat(findings(report, MigrateFindings.CHECKSUM_NOT_STORED, null)).extracting(Finding::subject)
                .contains("module_auto_update", "base", "web").doesNotContain("shop");
    }

    @Test
    void excludeParameterOverridesDefaults() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("patterns", 17).module("shop", "installed", "17.0.1.0.0", "web");
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 17);
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop", "17.0.1.0.0", "'web'", null);
        String before = new AddonChecksum(List.of("*.md"), List.of()).compute(custom.root().resolve("shop"));
        custom.file("shop/README.md", "changed documentation only");
        database.parameter("module_auto_update.installed_checksums", "{\"shop\": \"" + before + "\"}");
        database.parameter("module_auto_update.exclude_patterns", " *.md ");

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root(), custom.root()));

        assertThat(findings(report, MigrateFindings.CHECKSUM_CODE_CHANGED, "shop")).isEmpty();
    }

    @Test
    void unreadableStoredChecksumsWarn() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("badjson", 17);
        database.parameter("module_auto_update.installed_checksums", "{not json");
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 17);

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root()));

        assertThat(findings(report, MigrateFindings.CHECKSUM_UNREADABLE, null)).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.message()).contains("not valid JSON");
        });
        assertThat(report.result()).containsEntry("updatedByChecksum", List.of());
    }

    @Test
    void checksumComparisonCanBeTurnedOff() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("nochecksums", 17);
        database.parameter("module_auto_update.installed_checksums", "{\"base\": \"0000000000000000000000000000000000000000\"}");
        AddonTree odoo = MigrateFixtures.odooAddons(folder.resolve("odoo"), 17);

        StepReport report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root()).checksums(false));

        assertThat(report.result()).containsEntry("updatedByChecksum", List.of()).containsEntry("canarySafe", true);
    }
}
