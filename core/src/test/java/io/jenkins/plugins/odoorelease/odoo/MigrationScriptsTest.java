package io.jenkins.plugins.odoorelease.odoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.odoo.MigrationScripts.FolderStatus;
import io.jenkins.plugins.odoorelease.odoo.MigrationScripts.Stage;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe module and the expected orders repeat an experiment on real 16.0, 17.0 and 18.0 servers: a module
 * installed at 1.0 and updated to 1.3, with scripts in every kind of folder.
 */
class MigrationScriptsTest {

    @TempDir
    Path folder;

    private Path probe(int major) {
        AddonTree tree = AddonTree.at(folder.resolve("addons"));
        tree.module("or_probe", "1.3", "'base'", null);
        for (String script : List.of("0.0.0/pre-a.py", "0.0.0/post-a.py", "0.0.0/end-a.py", "1.0/pre-g.py", "1.1/pre-a.py", "1.1/pre-b.py",
                "1.1/post-b.py", "1.1/end-b.py", "1.2.0/pre-c.py", "1.4/pre-f.py", major + ".0.1.3/pre-d.py", (major - 1) + ".0.1.3/pre-e.py",
                "not_a_version/pre-x.py")) {
            String[] parts = script.split("/");
            tree.script("or_probe", "migrations", parts[0], parts[1]);
        }
        tree.script("or_probe", "upgrades", "1.1", "pre-h.py");
        return tree.root().resolve("or_probe");
    }

    private static List<String> run(MigrationScripts.ModuleScripts scripts, OdooSeries series, String installed, String target) throws Exception {
        ModuleVersion version = series.adaptVersion(target);
        List<String> order = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            MigrationScripts.toRun(scripts, series, installed, version, stage).forEach(script -> order.add(script.relativePath()));
        }
        return order;
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 18})
    void orderMatchesOdooSeventeenAndLater(int major) throws Exception {
        OdooSeries series = new OdooSeries(major);
        List<AddonIssue> issues = new ArrayList<>();
        MigrationScripts.ModuleScripts scripts = MigrationScripts.discover("or_probe", probe(major), series, List.of(), issues);

        List<String> order = run(scripts, series, major + ".0.1.0", "1.3");

        assertThat(order).containsExactly(
                "migrations/0.0.0/pre-a.py",
                "migrations/1.1/pre-a.py",
                "migrations/1.1/pre-b.py",
                "upgrades/1.1/pre-h.py",
                "migrations/1.2.0/pre-c.py",
                "migrations/" + major + ".0.1.3/pre-d.py",
                "migrations/1.1/post-b.py",
                "migrations/0.0.0/post-a.py",
                "migrations/1.1/end-b.py",
                "migrations/0.0.0/end-a.py");
        assertThat(issues).extracting(AddonIssue::kind).containsExactly(AddonIssue.Kind.MIGRATION_FOLDER_INVALID_NAME);
    }

    @Test
    void orderMatchesOdooSixteen() throws Exception {
        OdooSeries series = new OdooSeries(16);
        List<AddonIssue> issues = new ArrayList<>();
        MigrationScripts.ModuleScripts scripts = MigrationScripts.discover("or_probe", probe(16), series, List.of(), issues);

        List<String> order = run(scripts, series, "16.0.1.0", "1.3");

        assertThat(order).containsExactly(
                "migrations/0.0.0/pre-a.py",
                "migrations/1.1/pre-a.py",
                "migrations/1.1/pre-b.py",
                "upgrades/1.1/pre-h.py",
                "migrations/16.0.1.3/pre-d.py",
                "migrations/1.1/post-b.py",
                "migrations/0.0.0/post-a.py",
                "migrations/1.1/end-b.py",
                "migrations/0.0.0/end-a.py");
        assertThat(MigrationScripts.status("1.2.0", series, "16.0.1.0", series.adaptVersion("1.3"))).isEqualTo(FolderStatus.NEVER_RUNS);
        assertThat(MigrationScripts.status("not_a_version", series, "16.0.1.0", series.adaptVersion("1.3")))
                .isNotEqualTo(FolderStatus.RUNS);
        assertThat(issues).extracting(AddonIssue::kind).containsExactly(AddonIssue.Kind.MIGRATION_FOLDER_INVALID_NAME);
    }

    @Test
    void updateAtSameVersionRunsNothing() throws Exception {
        OdooSeries series = new OdooSeries(17);
        MigrationScripts.ModuleScripts scripts = MigrationScripts.discover("or_probe", probe(17), series, List.of(), new ArrayList<>());

        assertThat(run(scripts, series, "17.0.1.3", "1.3")).isEmpty();
        assertThat(MigrationScripts.status("0.0.0", series, "17.0.1.3", series.adaptVersion("1.3"))).isEqualTo(FolderStatus.NO_VERSION_CHANGE);
    }

    @Test
    void installRunsNoScript() throws Exception {
        OdooSeries series = new OdooSeries(17);
        MigrationScripts.ModuleScripts scripts = MigrationScripts.discover("or_probe", probe(17), series, List.of(), new ArrayList<>());

        assertThat(run(scripts, series, null, "1.3")).isEmpty();
        assertThat(MigrationScripts.status("1.1", series, null, series.adaptVersion("1.3"))).isEqualTo(FolderStatus.NOT_UPDATED);
    }

    @Test
    void folderStatusesAroundTheRange() throws Exception {
        OdooSeries series = new OdooSeries(17);
        ModuleVersion target = series.adaptVersion("1.3");

        assertThat(MigrationScripts.status("1.0", series, "17.0.1.0", target)).isEqualTo(FolderStatus.AT_OR_BELOW_INSTALLED);
        assertThat(MigrationScripts.status("17.0.1.0", series, "17.0.1.0", target)).isEqualTo(FolderStatus.AT_OR_BELOW_INSTALLED);
        assertThat(MigrationScripts.status("1.4", series, "17.0.1.0", target)).isEqualTo(FolderStatus.ABOVE_MANIFEST);
        assertThat(MigrationScripts.status("1.4", series, null, target)).isEqualTo(FolderStatus.ABOVE_MANIFEST);
        assertThat(MigrationScripts.status("16.0.1.3", series, "17.0.1.0", target)).isEqualTo(FolderStatus.OTHER_SERIES);
        assertThat(MigrationScripts.status("1.3", series, "17.0.1.0", target)).isEqualTo(FolderStatus.RUNS);
    }

    @Test
    void relativeFolderDoesNotRunAgainOnSeriesChange() throws Exception {
        OdooSeries series = new OdooSeries(17);
        ModuleVersion target = series.adaptVersion("2.0");

        assertThat(MigrationScripts.status("2.0", series, "16.0.2.0", target)).isEqualTo(FolderStatus.AT_OR_BELOW_INSTALLED);
        assertThat(MigrationScripts.status("0.0.0", series, "16.0.2.0", target)).isEqualTo(FolderStatus.RUNS);
        assertThat(MigrationScripts.status("16.0.2.1", series, "16.0.2.0", target)).isEqualTo(FolderStatus.RUNS);
    }

    @Test
    void upgradePathScriptsMergeByFileName() throws Exception {
        OdooSeries series = new OdooSeries(17);
        AddonTree tree = AddonTree.at(folder.resolve("addons"));
        Path module = tree.module("shop", "1.1", "'base'", null);
        tree.script("shop", "migrations", "1.1", "pre-b.py");
        AddonTree upgrades = AddonTree.at(folder.resolve("upgrade-path"));
        upgrades.script("shop", "", "1.1", "pre-a.py");
        upgrades.script("shop", "", "1.1", "pre-b.py");

        MigrationScripts.ModuleScripts scripts = MigrationScripts.discover("shop", module, series, List.of(upgrades.root()), new ArrayList<>());
        List<MigrationScripts.Script> pre = MigrationScripts.toRun(scripts, series, "17.0.1.0", series.adaptVersion("1.1"), Stage.PRE);

        assertThat(pre).extracting(MigrationScripts.Script::relativePath)
                .containsExactly("<upgrade path>/shop/1.1/pre-a.py", "migrations/1.1/pre-b.py", "<upgrade path>/shop/1.1/pre-b.py");
    }

    @Test
    void fileWithoutStagePrefixIsReported() {
        OdooSeries series = new OdooSeries(17);
        AddonTree tree = AddonTree.at(folder.resolve("addons"));
        Path module = tree.module("shop", "1.1", "'base'", null);
        tree.script("shop", "migrations", "1.1", "fix_prices.py");
        tree.file("shop/migrations/1.1/__init__.py", "");
        tree.file("shop/migrations/1.1/data.sql", "UPDATE x SET y = 1;");
        tree.script("shop", "migrations", "tests", "test_migration.py");
        List<AddonIssue> issues = new ArrayList<>();

        MigrationScripts.discover("shop", module, series, List.of(), issues);

        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(AddonIssue.Kind.MIGRATION_FILE_NO_STAGE);
            assertThat(issue.file().getFileName().toString()).isEqualTo("fix_prices.py");
        });
    }

    @Test
    void entryPointChecks() {
        OdooSeries seventeen = new OdooSeries(17);
        OdooSeries sixteen = new OdooSeries(16);
        Path good = AddonTree.write(folder.resolve("good.py"), "def migrate(cr, version):\n    pass\n");
        Path underscored = AddonTree.write(folder.resolve("under.py"), "def migrate(_cr, _version):\n    pass\n");
        Path annotated = AddonTree.write(folder.resolve("annotated.py"), "def migrate(\n    cr: Cursor,\n    version: str,\n):\n    pass\n");
        Path missing = AddonTree.write(folder.resolve("missing.py"), "def upgrade(cr, version):\n    pass\n");
        Path imported = AddonTree.write(folder.resolve("imported.py"), "from .common import migrate  # noqa\n");
        Path renamed = AddonTree.write(folder.resolve("renamed.py"), "import os\n\n\ndef migrate(env, version):\n    pass\n");

        assertThat(MigrationScripts.checkEntryPoint("m", good, seventeen)).isEmpty();
        assertThat(MigrationScripts.checkEntryPoint("m", underscored, seventeen)).isEmpty();
        assertThat(MigrationScripts.checkEntryPoint("m", annotated, seventeen)).isEmpty();
        assertThat(MigrationScripts.checkEntryPoint("m", imported, seventeen)).isEmpty();
        Optional<AddonIssue> noMigrate = MigrationScripts.checkEntryPoint("m", missing, seventeen);
        assertThat(noMigrate).get().extracting(AddonIssue::kind, AddonIssue::level)
                .containsExactly(AddonIssue.Kind.MIGRATION_SCRIPT_NO_MIGRATE, AddonIssue.Level.ERROR);
        assertThat(MigrationScripts.checkEntryPoint("m", missing, sixteen)).get().extracting(AddonIssue::level)
                .isEqualTo(AddonIssue.Level.WARNING);
        Optional<AddonIssue> badSignature = MigrationScripts.checkEntryPoint("m", renamed, seventeen);
        assertThat(badSignature).get().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(AddonIssue.Kind.MIGRATION_SCRIPT_BAD_SIGNATURE);
            assertThat(issue.line()).isEqualTo(4);
            assertThat(issue.message()).contains("migrate(env, version)");
        });
        assertThat(MigrationScripts.checkEntryPoint("m", renamed, sixteen)).isEmpty();
    }
}
