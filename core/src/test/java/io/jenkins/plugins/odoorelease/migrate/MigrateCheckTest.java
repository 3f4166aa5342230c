package io.jenkins.plugins.odoorelease.migrate;

import static io.jenkins.plugins.odoorelease.migrate.MigrateFixtures.findings;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.odoo.AddonChecksum;
import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.HtmlRenderer;
import io.jenkins.plugins.odoorelease.report.JUnitXmlRenderer;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import io.jenkins.plugins.odoorelease.testing.OdooModulesDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Odoo 17.0 shop database and one release of its addons, checked once; each test looks at one rule. The
 * database has Odoo's fresh modules, sale and stock, and the shop's own modules in every situation the check
 * must recognise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateCheckTest {

    /** Static, because JUnit fills an instance field only after the {@code @BeforeAll} method that builds the trees. */
    @TempDir
    static Path root;
    private AddonTree custom;
    private StepReport report;

    @BeforeAll
    void checkShopRelease() throws Exception {
        OdooModulesDatabase database = OdooModulesDatabase.create("shop", 17)
                .module("sale", "installed", "17.0.1.2", "base", "web")
                .module("stock", "installed", "17.0.1.1", "base", "web")
                .module("website_sale", "uninstalled", null, "sale")
                .module("shop_sale", "installed", "17.0.1.0.0", "sale")
                .module("shop_pos", "installed", "17.0.1.0.0", "sale")
                .module("shop_report", "installed", "17.0.2.0.0", "sale")
                .module("shop_stock", "installed", "17.0.1.0.0", "stock")
                .module("shop_account", "installed", "17.0.1.0.0", "sale")
                .module("shop_broken", "installed", "17.0.1.0.0", "base")
                .module("shop_legacy", "installed", "17.0.1.0.0", "base")
                .module("shop_old", "installed", "17.0.1.0.0", "base")
                .module("shop_pending", "to upgrade", "17.0.1.0.0", "sale")
                .module("shop_dropped", "to remove", "17.0.1.0.0", "sale")
                .model("sale", "sale.order").model("sale", "sale.order.line").model("shop_sale", "sale.order.line")
                .model("shop_sale", "sale.order").model("shop_sale", "shop.loyalty.card").model("shop_sale", "shop.report.abstract")
                .businessTable("sale_order").businessTable("sale_order_line").businessTable("shop_loyalty_card")
                .rowEstimate("sale_order_line", 5_000_000).rowEstimate("sale_order", 800_000)
                .languages(List.of("en_US", "fr_BE"), List.of("de_DE"));

        AddonTree odoo = MigrateFixtures.odooAddons(root.resolve("odoo/addons"), 17);
        odoo.module("sale", "1.2", "'base', 'web'", null);
        odoo.module("stock", "1.1", "'base', 'web'", null);
        odoo.module("website_sale", "1.0", "'sale'", null);
        custom = AddonTree.at(root.resolve("custom"));
        writeShopAddons(custom);

        Map<String, String> checksums = new LinkedHashMap<>();
        AddonChecksum checksum = new AddonChecksum(AddonChecksum.CLICK_ODOO_EXCLUDES, List.of("en_US", "fr_BE"));
        for (String module : OdooModulesDatabase.freshModules(17)) {
            checksums.put(module, checksum.compute(odoo.root().resolve(module)));
        }
        for (String module : List.of("sale", "stock")) {
            checksums.put(module, checksum.compute(odoo.root().resolve(module)));
        }
        for (String module : List.of("shop_sale", "shop_report", "shop_stock", "shop_account", "shop_pending", "shop_dropped")) {
            checksums.put(module, checksum.compute(custom.root().resolve(module)));
        }
        checksums.put("shop_pos", "0123456789abcdef0123456789abcdef01234567");
        checksums.remove("web_tour");
        database.parameter("module_auto_update.installed_checksums", ReportJson.mapper().writeValueAsString(checksums));

        report = MigrateFixtures.run(MigrateFixtures.request(database, odoo.root(), custom.root())
                .install(List.of("shop_gift,shop_typo")));
    }

    private static void writeShopAddons(AddonTree custom) {
        custom.module("shop_sale", """
                # -*- coding: utf-8 -*-
                # © 2024 Épicerie Fine — ventes en magasin
                {
                    "name": "Épicerie — Ventes",
                    'summary': "Ventes en magasin "
                               'et fidélité',
                    "version": "17.0.1.1.0",   # bumped for the loyalty cards
                    "license": "LGPL-3",
                    "depends": [
                        "sale",
                        "shop_loyalty",  # new in 1.1.0
                    ],
                    "data": [
                        "views/sale_order_views.xml",
                    ],
                    "description": \"\"\"
                Gère les ventes « pour les détaillants ».
                \"\"\",
                }
                """);
        custom.script("shop_sale", "migrations", "17.0.1.1.0", "pre-rename_columns.py");
        custom.file("shop_sale/migrations/17.0.1.1.0/post-fill_loyalty.py", "def migrate(env, version):\n    pass\n");
        custom.script("shop_sale", "migrations", "17.0.1.1.0", "fix_totals.py");
        custom.script("shop_sale", "migrations", "0.0.0", "end-refresh_views.py");
        custom.script("shop_sale", "upgrades", "1.1.0", "pre-aaa_check.py");
        custom.script("shop_sale", "migrations", "17.0.1.0.0", "post-initial.py");
        custom.script("shop_sale", "migrations", "16.0.1.0.5", "pre-port.py");
        custom.script("shop_sale", "migrations", "17.0.0.9.0", "pre-beta.py");
        custom.script("shop_sale", "migrations", "17.0.1.2.0", "pre-future.py");
        custom.file("shop_sale/migrations/1.1.0/notes.txt", "not a script");

        custom.module("shop_pos", "1.0.0", "'sale'", null);
        custom.module("shop_report", "17.0.1.9.0", "'sale'", null);
        custom.module("shop_stock", "17.0.1.0.0", "'stock', 'shop_missing'", null);
        custom.module("shop_account", "17.0.1.0.0", "'sale', 'website_sale'", null);
        custom.module("shop_broken", """
                {
                    'name': 'Broken',
                    'version': '17.0.1.0.0',
                    'depends': ['base'],
                    'data': ['views/a.xml'] + EXTRA_VIEWS,
                }
                """);
        custom.module("shop_old", "17.0.1.0.0", "'base'", "'installable': False,");
        custom.module("shop_pending", "17.0.1.0.0", "'sale'", null);
        custom.module("shop_dropped", "17.0.1.0.0", "'sale'", null);
        custom.module("shop_loyalty", "17.0.1.0.0", "'sale'", null);
        custom.module("shop_gift", "17.0.1.0.0", "'sale', 'shop_loyalty'", null);
        custom.module("shop_loyalty_bridge", "17.0.1.0.0", "'shop_loyalty', 'sale'", "'auto_install': True,");
        custom.module("shop_bridge", "17.0.1.0.0", "'shop_loyalty', 'website_sale'", "'auto_install': ['shop_loyalty', 'website_sale'],");
        custom.module("shop_newbridge", "17.0.1.0.0", "'sale', 'stock'", "'auto_install': True,");
    }

    private List<Finding> findingsOf(MigrateFindings code, String subject) {
        return findings(report, code, subject);
    }

    @SuppressWarnings("unchecked")
    private List<String> names(String key) {
        return (List<String>) report.result().get(key);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> resultList(String key) {
        return (List<Map<String, Object>>) report.result().get(key);
    }

    @Test
    void upgradeListsModulesWithHigherVersion() {
        assertThat(report.result().get("upgrade")).isEqualTo(List.of("shop_sale"));
        assertThat(findingsOf(MigrateFindings.MODULE_UPGRADE, "shop_sale")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("17.0.1.0.0 to 17.0.1.1.0"));
    }

    @Test
    void shortVersionMatchingInstalledIsUnchanged() {
        assertThat(names("upgrade")).doesNotContain("shop_pos");
        assertThat(findingsOf(MigrateFindings.MODULE_DOWNGRADE, "shop_pos")).isEmpty();
    }

    @Test
    void installCoversRequestedNewDependencyAndAutoInstall() {
        assertThat(names("install")).containsExactly("shop_loyalty", "shop_gift", "shop_loyalty_bridge");
        assertThat(findingsOf(MigrateFindings.MODULE_INSTALL, "shop_loyalty")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("new dependency of shop_sale"));
        assertThat(findingsOf(MigrateFindings.MODULE_INSTALL, "shop_gift")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("requested"));
        assertThat(findingsOf(MigrateFindings.MODULE_INSTALL, "shop_loyalty_bridge")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("auto_install: its triggers shop_loyalty, sale will all be installed"));
    }

    @Test
    void autoInstallWithOneUntriggeredDependencyIsExplained() {
        assertThat(findingsOf(MigrateFindings.AUTO_INSTALL_NOT_TRIGGERED, "shop_bridge")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.INFO);
            assertThat(finding.message()).contains("trigger dependency website_sale is not installed");
        });
        assertThat(names("install")).doesNotContain("shop_bridge");
    }

    @Test
    void newAutoInstallWithoutFreshTriggerWarns() {
        assertThat(findingsOf(MigrateFindings.AUTO_INSTALL_NOT_TRIGGERED, "shop_newbridge")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.message()).contains("every trigger (sale, stock) is installed already", "install: ['shop_newbridge']");
        });
    }

    @Test
    void scriptsRunInOdooOrder() {
        assertThat(resultList("scripts")).extracting(script -> script.get("path")).containsExactly(
                "upgrades/1.1.0/pre-aaa_check.py",
                "migrations/17.0.1.1.0/pre-rename_columns.py",
                "migrations/17.0.1.1.0/post-fill_loyalty.py",
                "migrations/0.0.0/end-refresh_views.py");
        assertThat(resultList("scripts").get(0)).containsEntry("module", "shop_sale").containsEntry("stage", "pre")
                .containsEntry("version", "1.1.0");
    }

    @Test
    void scriptWithWrongSignatureBlocks() {
        assertThat(findingsOf(MigrateFindings.MIGRATION_SCRIPT_INVALID, "shop_sale")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("post-fill_loyalty.py", "migrate(env, version)");
        });
    }

    @Test
    void folderAtInstalledVersionNeverRuns() {
        List<Finding> notRun = findingsOf(MigrateFindings.MIGRATION_FOLDER_NOT_RUN, "shop_sale");

        assertThat(notRun).filteredOn(finding -> finding.severity() == Severity.WARNING).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("17.0.1.0.0", "equals the installed version"));
        assertThat(notRun).filteredOn(finding -> finding.severity() == Severity.INFO).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("17.0.0.9.0", "below the installed version"));
        assertThat(findingsOf(MigrateFindings.MIGRATION_FOLDER_OTHER_SERIES, "shop_sale")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.INFO);
            assertThat(finding.message()).contains("belongs to series 16.0");
        });
    }

    @Test
    void folderAboveManifestVersionBlocks() {
        assertThat(findingsOf(MigrateFindings.MIGRATION_FOLDER_ABOVE_MANIFEST, "shop_sale")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("17.0.1.2.0", "above the manifest version 17.0.1.1.0");
        });
    }

    @Test
    void fileWithoutStagePrefixWarns() {
        assertThat(findingsOf(MigrateFindings.MIGRATION_FILE_NO_STAGE, "shop_sale")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("fix_totals.py"));
    }

    @Test
    void downgradeBlocks() {
        assertThat(findingsOf(MigrateFindings.MODULE_DOWNGRADE, "shop_report")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("17.0.1.9.0", "below the installed version 17.0.2.0.0");
        });
    }

    @Test
    void nonLiteralManifestBlocksWithFileAndLine() {
        assertThat(findingsOf(MigrateFindings.MODULE_MANIFEST_INVALID, "shop_broken")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("shop_broken/__manifest__.py:5: column 29", "not a literal");
            assertThat(finding.details()).containsEntry("line", 5);
        });
    }

    @Test
    void missingDependencyBlocks() {
        assertThat(findingsOf(MigrateFindings.MODULE_DEPENDENCY_MISSING, "shop_stock")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("shop_missing", "neither in the addons nor in ir_module_module"));
    }

    @Test
    void uninstalledDependencyOfUntouchedModuleBlocks() {
        assertThat(findingsOf(MigrateFindings.MODULE_DEPENDENCY_NOT_INSTALLED, "shop_account")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("website_sale", "Raise the version of shop_account"));
    }

    @Test
    void installedModuleMissingFromAddonsBlocks() {
        assertThat(findingsOf(MigrateFindings.MODULE_NOT_IN_ADDONS, "shop_legacy")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("not installable, skipped", "stuck in 'to upgrade'"));
    }

    @Test
    void installedModuleMarkedNotInstallableBlocks() {
        assertThat(findingsOf(MigrateFindings.MODULE_NOT_INSTALLABLE, "shop_old")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("installable: False"));
    }

    @Test
    void stuckStatesBlock() {
        assertThat(findingsOf(MigrateFindings.DATABASE_MODULES_STUCK, "ir_module_module")).singleElement().satisfies(finding -> {
            assertThat(finding.message()).contains("'to upgrade': shop_pending", "'to remove': shop_dropped", "no scheduled actions");
        });
        assertThat(report.result().get("remove")).isEqualTo(List.of("shop_dropped"));
    }

    @Test
    void unknownRequestedModuleBlocks() {
        assertThat(findingsOf(MigrateFindings.MODULE_NOT_FOUND, "shop_typo")).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("requested", "Check the name"));
    }

    @Test
    void largeTableWarnsByStatistics() {
        assertThat(findingsOf(MigrateFindings.TABLE_LARGE, "sale_order_line")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.message()).contains("5,000,000 rows", "sale.order.line", "shop_sale", "maintenance window", "lock_timeout");
        });
        assertThat(findingsOf(MigrateFindings.TABLE_LARGE, "sale_order")).isEmpty();
        assertThat(resultList("largeTables")).singleElement().satisfies(table -> {
            assertThat(table).containsEntry("table", "sale_order_line").containsEntry("rows", 5_000_000L);
            assertThat((Long) table.get("bytes")).isPositive();
        });
    }

    @Test
    void tablesSectionListsTouchedTables() {
        Section.Table tables = (Section.Table) report.sections().stream().filter(s -> s.title().startsWith("Tables")).findFirst().orElseThrow();

        assertThat(tables.rows()).extracting(row -> row.get(0)).containsExactly("sale_order", "sale_order_line", "shop_loyalty_card");
        assertThat(tables.rows().get(1).get(1)).isEqualTo("5,000,000");
        assertThat(tables.rows().get(1).get(5)).isEqualTo("large");
    }

    @Test
    void changedCodeWithoutVersionBumpWarns() {
        assertThat(findingsOf(MigrateFindings.CHECKSUM_CODE_CHANGED, "shop_pos")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.message()).contains("code of shop_pos changed", "version is still 17.0.1.0.0", "no migration script runs");
        });
        assertThat(findingsOf(MigrateFindings.CHECKSUM_CODE_CHANGED, "shop_sale")).isEmpty();
        assertThat(findingsOf(MigrateFindings.CHECKSUM_NOT_STORED, "web_tour")).hasSize(1);
        assertThat(report.result().get("updatedByChecksum")).isEqualTo(List.of("shop_pos", "web_tour"));
    }

    @Test
    void canaryIsUnsafeAndNamesModules() {
        assertThat(report.result().get("canarySafe")).isEqualTo(false);
        assertThat(names("canaryReasons")).containsExactly(
                "installs shop_loyalty, shop_gift, shop_loyalty_bridge",
                "upgrades shop_sale",
                "removes shop_dropped",
                "updates (code changed, version not bumped) shop_pos, web_tour",
                "reloads (marked 'to upgrade') shop_pending");
    }

    @Test
    void blockersAndWarningsInResult() {
        List<Map<String, Object>> blockers = resultList("blockers");

        assertThat(blockers).extracting(blocker -> blocker.get("code")).contains("MODULE_DOWNGRADE", "MODULE_MANIFEST_INVALID",
                "MODULE_NOT_IN_ADDONS", "MODULE_NOT_INSTALLABLE", "DATABASE_MODULES_STUCK", "MODULE_DEPENDENCY_MISSING",
                "MODULE_DEPENDENCY_NOT_INSTALLED", "MODULE_NOT_FOUND", "MIGRATION_FOLDER_ABOVE_MANIFEST", "MIGRATION_SCRIPT_INVALID");
        assertThat(resultList("warnings")).extracting(warning -> warning.get("code")).contains("TABLE_LARGE", "CHECKSUM_CODE_CHANGED",
                "MIGRATION_FOLDER_NOT_RUN", "MIGRATION_FILE_NO_STAGE", "AUTO_INSTALL_NOT_TRIGGERED");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.title()).isEqualTo("1 to upgrade, 3 to install, 1 to remove, 2 to update (code changed); 4 migration scripts; "
                + blockers.size() + " blockers");
    }

    @Test
    void oneJUnitCasePerModule() {
        List<Check> checks = report.checks();
        String xml = JUnitXmlRenderer.render(report);

        assertThat(checks).extracting(Check::name).contains("base", "sale", "shop_sale", "shop_pos", "shop_loyalty", "shop_legacy",
                "website_sale");
        assertThat(checks).extracting(Check::name).doesNotHaveDuplicates();
        assertThat(checks).filteredOn(check -> check.name().equals("shop_report")).singleElement()
                .satisfies(check -> assertThat(check.verdict()).isEqualTo(Verdict.FAIL));
        assertThat(checks).filteredOn(check -> check.name().equals("base")).singleElement()
                .satisfies(check -> assertThat(check.verdict()).isEqualTo(Verdict.PASS));
        assertThat(checks).filteredOn(check -> check.name().equals("shop_sale")).singleElement()
                .satisfies(check -> assertThat(check.message()).contains("upgrade 17.0.1.0.0 -> 17.0.1.1.0", "pre-rename_columns.py"));
        assertThat(xml).contains("classname=\"odoorelease.odooMigrateCheck.modules\" name=\"shop_sale\"");
    }

    @Test
    void htmlListsModulesScriptsAndTables() {
        String html = HtmlRenderer.renderPage(report);

        assertThat(html).contains("Modules", "Migration scripts, in the order Odoo runs them", "Tables of the models the update touches",
                "sale_order_line", "pre-rename_columns.py", "shop_loyalty_bridge");
    }
}
