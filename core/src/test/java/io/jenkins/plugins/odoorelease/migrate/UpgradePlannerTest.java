package io.jenkins.plugins.odoorelease.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.Action;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.AddonsScanner;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planning rules without a database: the modules of ir_module_module are given as values. */
class UpgradePlannerTest {

    private static final OdooSeries SERIES = new OdooSeries(17);

    @TempDir
    Path folder;

    private AddonTree addons;
    private final Map<String, DbModule> database = new TreeMap<>();

    @BeforeEach
    void baseAndWeb() {
        addons = AddonTree.at(folder.resolve("addons"));
        addons.module("base", "1.3", "", null);
        addons.module("web", "1.0", "'base'", null);
        installed("base", "17.0.1.3");
        installed("web", "17.0.1.0", "base");
    }

    private void installed(String name, String version, String... depends) {
        database.put(name, new DbModule(name, ModuleState.INSTALLED, version, false,
                Arrays.stream(depends).map(d -> new DbModule.Dependency(d, true)).toList()));
    }

    private void known(String name, ModuleState state, String... depends) {
        database.put(name, new DbModule(name, state, null, false, Arrays.stream(depends).map(d -> new DbModule.Dependency(d, true)).toList()));
    }

    private UpgradePlan plan(String... requested) throws Exception {
        return planWith(List.of(addons.root()), requested);
    }

    private UpgradePlan planWith(List<Path> addonsPaths, String... requested) throws Exception {
        AddonsScan scan = new AddonsScanner(SERIES).scan(addonsPaths);
        return new UpgradePlanner(new UpgradePlanner.Input(SERIES, scan, database, List.of(requested), ChecksumComparison.none())).plan();
    }

    private static List<Finding> findings(UpgradePlan plan, MigrateFindings code) {
        return plan.findings().stream().filter(finding -> finding.code().equals(code.code())).toList();
    }

    @Test
    void nothingChangedIsCanarySafe() throws Exception {
        UpgradePlan plan = plan();

        assertThat(plan.upgrade()).isEmpty();
        assertThat(plan.install()).isEmpty();
        assertThat(plan.canarySafe()).isTrue();
        assertThat(plan.findings()).isEmpty();
        assertThat(plan.loadOrder()).containsExactly("base", "web");
    }

    @Test
    void autoInstallChainsThroughNewInstalls() throws Exception {
        addons.module("loyalty", "1.0", "'web'", null);
        addons.module("loyalty_web", "1.0", "'loyalty', 'web'", "'auto_install': ['loyalty'],");
        addons.module("loyalty_web_theme", "1.0", "'loyalty_web'", "'auto_install': True,");

        UpgradePlan plan = plan("loyalty");

        assertThat(plan.install()).containsExactly("loyalty", "loyalty_web", "loyalty_web_theme");
        assertThat(plan.autoInstall()).extracting(UpgradePlan.AutoInstallNote::module, UpgradePlan.AutoInstallNote::installs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("loyalty_web", true), org.assertj.core.groups.Tuple.tuple("loyalty_web_theme", true));
        assertThat(plan.canaryReasons()).containsExactly("installs loyalty, loyalty_web, loyalty_web_theme");
    }

    @Test
    void autoInstallInstallsNonTriggerDependencies() throws Exception {
        addons.module("loyalty", "1.0", "'web'", null);
        addons.module("report_engine", "1.0", "'base'", null);
        addons.module("loyalty_report", "1.0", "'loyalty', 'report_engine'", "'auto_install': ['loyalty'],");

        UpgradePlan plan = plan("loyalty");

        assertThat(plan.install()).containsExactlyInAnyOrder("loyalty", "loyalty_report", "report_engine");
        assertThat(plan.modules().get("report_engine").reason()).isEqualTo("dependency of loyalty_report");
    }

    @Test
    void emptyAutoInstallListNeverFiresOnUpdate() throws Exception {
        addons.module("loyalty", "1.0", "'web'", null);
        addons.module("always", "1.0", "'loyalty'", "'auto_install': [],");

        UpgradePlan plan = plan("loyalty");

        assertThat(plan.install()).containsExactly("loyalty");
        assertThat(plan.autoInstall()).singleElement().satisfies(note -> {
            assertThat(note.installs()).isFalse();
            assertThat(note.reason()).contains("only when it creates a database");
        });
    }

    @Test
    void upgradeReloadsDependentsAndInstallsTheirNewDependencies() throws Exception {
        addons.module("sale", "1.1", "'web'", null);
        addons.module("shop", "17.0.1.0.0", "'sale', 'loyalty'", null);
        addons.module("loyalty", "1.0", "'web'", null);
        installed("sale", "17.0.1.0", "web");
        installed("shop", "17.0.1.0.0", "sale");

        UpgradePlan plan = plan();

        assertThat(plan.upgrade()).containsExactly("sale");
        assertThat(plan.modules().get("shop").action()).isEqualTo(Action.RELOAD);
        assertThat(plan.modules().get("shop").reason()).isEqualTo("depends on updated sale");
        assertThat(plan.install()).containsExactly("loyalty");
        assertThat(plan.modules().get("loyalty").reason()).isEqualTo("new dependency of shop");
        assertThat(findings(plan, MigrateFindings.MODULE_DEPENDENCY_NOT_INSTALLED)).isEmpty();
    }

    @Test
    void baseUpgradeReloadsEveryModule() throws Exception {
        addons.module("base", "1.4", "", null);
        addons.module("sale", "1.0", "'web'", null);
        installed("sale", "17.0.1.0", "web");

        UpgradePlan plan = plan();

        assertThat(plan.upgrade()).containsExactly("base");
        assertThat(plan.modules().get("web").action()).isEqualTo(Action.RELOAD);
        assertThat(plan.modules().get("sale").action()).isEqualTo(Action.RELOAD);
    }

    @Test
    void dependentOfUnloadableModuleDoesNotLoad() throws Exception {
        addons.module("sale", "1.0", "'web'", null);
        installed("sale", "17.0.1.0", "web");
        installed("gone", "17.0.1.0", "sale");
        addons.module("shop", "1.0", "'gone'", null);
        installed("shop", "17.0.1.0", "gone");

        UpgradePlan plan = plan();

        assertThat(findings(plan, MigrateFindings.MODULE_NOT_IN_ADDONS)).extracting(Finding::subject).containsExactly("gone");
        assertThat(findings(plan, MigrateFindings.MODULE_NOT_LOADED)).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo("shop");
            assertThat(finding.message()).contains("its dependency gone cannot be loaded");
        });
        assertThat(plan.loadOrder()).doesNotContain("gone", "shop");
    }

    @Test
    void withoutOdooAddonsInstalledModulesAreExternal() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop", "17.0.1.1.0", "'sale'", null);
        installed("sale", "17.0.1.0", "web");
        installed("shop", "17.0.1.0.0", "sale");
        AddonsScan scan = new AddonsScanner(SERIES).scan(List.of(custom.root()));

        UpgradePlan plan = new UpgradePlanner(new UpgradePlanner.Input(SERIES, scan, database, List.of(), ChecksumComparison.none())).plan();

        assertThat(plan.upgrade()).containsExactly("shop");
        assertThat(plan.modules().get("sale").action()).isEqualTo(Action.EXTERNAL);
        assertThat(findings(plan, MigrateFindings.ODOO_ADDONS_NOT_GIVEN)).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("the 3 installed modules outside them"));
        assertThat(findings(plan, MigrateFindings.MODULE_NOT_IN_ADDONS)).isEmpty();
        assertThat(plan.loadOrder()).containsExactly("base", "web", "sale", "shop");
    }

    @Test
    void moduleMarkedToInstallIsPlanned() throws Exception {
        addons.module("loyalty", "1.0", "'web'", null);
        known("loyalty", ModuleState.TO_INSTALL, "web");

        UpgradePlan plan = plan();

        assertThat(plan.install()).containsExactly("loyalty");
        assertThat(findings(plan, MigrateFindings.DATABASE_MODULES_STUCK)).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("'to install': loyalty"));
    }

    @Test
    void requestedInstalledModuleIsNoted() throws Exception {
        UpgradePlan plan = plan("web");

        assertThat(plan.install()).isEmpty();
        assertThat(findings(plan, MigrateFindings.MODULE_ALREADY_INSTALLED)).singleElement()
                .satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void brokenUninstalledModuleOnlyWarns() throws Exception {
        addons.module("draft", "{'name': 'Draft', 'version': VERSION}");

        UpgradePlan plan = plan();

        assertThat(findings(plan, MigrateFindings.MODULE_MANIFEST_INVALID)).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.message()).contains("does not stop the update");
        });
    }

    @Test
    void brokenModuleToInstallBlocks() throws Exception {
        addons.module("draft", "{'name': 'Draft', 'version': VERSION}");

        UpgradePlan plan = plan("draft");

        assertThat(findings(plan, MigrateFindings.MODULE_MANIFEST_INVALID)).singleElement()
                .satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.ERROR));
        assertThat(plan.install()).isEmpty();
    }

    @Test
    void checksumChangeMakesUpdateAndReloadsDependents() throws Exception {
        addons.module("sale", "1.0", "'web'", null);
        addons.module("shop", "1.0", "'sale'", null);
        installed("sale", "17.0.1.0", "web");
        installed("shop", "17.0.1.0", "sale");
        AddonsScan scan = new AddonsScanner(SERIES).scan(List.of(addons.root()));
        ChecksumComparison checksums = new ChecksumComparison(true, List.of(), "test", List.of(), java.util.Set.of("sale"), java.util.Set.of(),
                List.of());

        UpgradePlan plan = new UpgradePlanner(new UpgradePlanner.Input(SERIES, scan, database, List.of(), checksums)).plan();

        assertThat(plan.updatedByChecksum()).containsExactly("sale");
        assertThat(plan.modules().get("shop").action()).isEqualTo(Action.RELOAD);
        assertThat(plan.canaryReasons()).containsExactly("updates (code changed, version not bumped) sale");
        assertThat(findings(plan, MigrateFindings.CHECKSUM_CODE_CHANGED)).hasSize(1);
    }

    @Test
    void scriptsFollowLoadOrderWithEndStageLast() throws Exception {
        addons.module("sale", "1.1", "'web'", null);
        addons.module("shop", "1.1", "'sale'", null);
        installed("sale", "17.0.1.0", "web");
        installed("shop", "17.0.1.0", "sale");
        addons.script("shop", "migrations", "1.1", "pre-a.py");
        addons.script("shop", "migrations", "1.1", "end-a.py");
        addons.script("sale", "migrations", "1.1", "post-a.py");
        addons.script("sale", "migrations", "1.1", "end-a.py");

        UpgradePlan plan = plan();

        List<String> order = new ArrayList<>();
        plan.scripts().forEach(script -> order.add(script.module() + ":" + script.relativePath()));
        assertThat(order).containsExactly("sale:migrations/1.1/post-a.py", "shop:migrations/1.1/pre-a.py", "sale:migrations/1.1/end-a.py",
                "shop:migrations/1.1/end-a.py");
        assertThat(plan.upgrade()).containsExactly("sale", "shop");
    }

    @Test
    void autoInstallWithFolderAboveManifestIsInstalled() throws Exception {
        addons.module("sale", "1.0", "'web'", null);
        addons.module("stock", "1.0", "'web'", null);
        addons.module("sale_stock", "1.0", "'sale', 'stock'", "'auto_install': True,");
        addons.script("sale_stock", "migrations", "9.0", "pre-a.py");
        installed("sale", "17.0.1.0", "web");
        known("stock", ModuleState.UNINSTALLED, "web");

        UpgradePlan plan = plan("stock");

        assertThat(plan.install()).containsExactly("stock", "sale_stock");
        assertThat(plan.modules().get("sale_stock").action()).isEqualTo(Action.INSTALL);
        assertThat(plan.canaryReasons()).containsExactly("installs stock, sale_stock");
        assertThat(findings(plan, MigrateFindings.MIGRATION_FOLDER_ABOVE_MANIFEST)).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).doesNotContain("nothing installs it");
        });
    }

    @Test
    void requestedDuplicateModuleIsInstalledFromFirstPath() throws Exception {
        addons.module("loyalty", "1.0", "'web'", null);
        AddonTree more = AddonTree.at(folder.resolve("more"));
        more.module("loyalty", "2.0", "'web'", null);

        UpgradePlan plan = planWith(List.of(addons.root(), more.root()), "loyalty");

        assertThat(plan.install()).containsExactly("loyalty");
        assertThat(plan.modules().get("loyalty").targetVersion()).isEqualTo("17.0.1.0");
        assertThat(findings(plan, MigrateFindings.MODULE_INSTALL)).extracting(Finding::subject).containsExactly("loyalty");
        assertThat(findings(plan, MigrateFindings.MODULE_DUPLICATE)).singleElement()
                .satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.ERROR));
    }

    @Test
    void moduleMarkedToUpgradeIsNotCanarySafe() throws Exception {
        addons.module("sale", "1.0", "'web'", null);
        database.put("sale", new DbModule("sale", ModuleState.TO_UPGRADE, "17.0.1.0", false, List.of(new DbModule.Dependency("web", false))));

        UpgradePlan plan = plan();

        assertThat(plan.modules().get("sale").action()).isEqualTo(Action.RELOAD);
        assertThat(plan.canarySafe()).isFalse();
        assertThat(plan.canaryReasons()).containsExactly("reloads (marked 'to upgrade') sale");
        assertThat(findings(plan, MigrateFindings.CANARY_UNSAFE)).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("reloads (marked 'to upgrade') sale"));
    }

    @Test
    void reloadOfDependentIsNoCanaryReasonOfItsOwn() throws Exception {
        addons.module("sale", "1.1", "'web'", null);
        addons.module("shop", "1.0", "'sale'", null);
        installed("sale", "17.0.1.0", "web");
        installed("shop", "17.0.1.0", "sale");

        UpgradePlan plan = plan();

        assertThat(plan.modules().get("shop").action()).isEqualTo(Action.RELOAD);
        assertThat(plan.canaryReasons()).containsExactly("upgrades sale");
    }

    @Test
    void upgradeWithMissingDependencyIsNotLoaded() throws Exception {
        addons.module("sale", "1.1", "'web', 'gone'", null);
        installed("sale", "17.0.1.0", "web");

        UpgradePlan plan = plan();

        assertThat(plan.upgrade()).isEmpty();
        assertThat(plan.modules().get("sale").action()).isEqualTo(Action.NOT_LOADED);
        assertThat(plan.modules().get("sale").reason()).isEqualTo("17.0.1.0 to 17.0.1.1; not loaded because its dependency gone cannot be loaded");
        assertThat(plan.modules().get("gone").action()).isEqualTo(Action.NOT_LOADED);
        assertThat(plan.modules().get("gone").reason()).isEqualTo("new dependency of sale; not loaded because it is neither in the "
                + "addons nor in ir_module_module");
        assertThat(findings(plan, MigrateFindings.MODULE_UPGRADE)).isEmpty();
        assertThat(findings(plan, MigrateFindings.MODULE_INSTALL)).isEmpty();
        assertThat(findings(plan, MigrateFindings.MODULE_NOT_LOADED)).extracting(Finding::subject).containsExactly("sale");
        assertThat(plan.canarySafe()).isTrue();
    }

    @Test
    void untouchedModuleWithUninstalledDependencyIsNotLoaded() throws Exception {
        addons.module("loyalty", "1.0", "'web'", null);
        addons.module("shop", "1.0", "'web', 'loyalty'", null);
        known("loyalty", ModuleState.UNINSTALLED, "web");
        installed("shop", "17.0.1.0", "web");

        UpgradePlan plan = plan();

        assertThat(plan.modules().get("shop").action()).isEqualTo(Action.NOT_LOADED);
        assertThat(plan.modules().get("shop").reason()).isEqualTo("at 17.0.1.0; not loaded because its dependency loyalty is not installed");
        assertThat(findings(plan, MigrateFindings.MODULE_DEPENDENCY_NOT_INSTALLED)).extracting(Finding::subject).containsExactly("shop");
    }
}
