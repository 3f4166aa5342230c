package io.jenkins.plugins.odoorelease.odoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Kind;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Level;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddonsScannerTest {

    private static final OdooSeries SEVENTEEN = new OdooSeries(17);

    @TempDir
    Path folder;

    @Test
    void findsModulesInEveryPath() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop_sale", "17.0.1.0.0", "'sale'", null);
        custom.module("shop_stock", "17.0.1.0.0", "'stock'", "'auto_install': True,");
        custom.file("not_a_module/README.md", "docs");
        custom.file("notes.txt", "x");
        AddonTree oca = AddonTree.at(folder.resolve("oca"));
        oca.module("queue_job", "17.0.1.1.0", "'base', 'web'", null);

        AddonsScan scan = new AddonsScanner(SEVENTEEN).scan(List.of(custom.root(), oca.root()));

        assertThat(scan.addons().keySet()).containsExactly("queue_job", "shop_sale", "shop_stock");
        assertThat(scan.addon("queue_job").addonsPath()).isEqualTo(oca.root());
        assertThat(scan.addon("shop_stock").manifest().autoInstall().triggers()).containsExactly("stock");
        assertThat(scan.allIssues()).isEmpty();
    }

    @Test
    void duplicateModuleNamesBothPaths() throws Exception {
        AddonTree first = AddonTree.at(folder.resolve("first"));
        first.module("shop_sale", "17.0.1.1.0", "'sale'", null);
        AddonTree second = AddonTree.at(folder.resolve("second"));
        second.module("shop_sale", "17.0.1.0.0", "'sale'", null);

        AddonsScan scan = new AddonsScanner(SEVENTEEN).scan(List.of(first.root(), second.root()));

        assertThat(scan.addon("shop_sale").version().full()).isEqualTo("17.0.1.1.0");
        assertThat(scan.shadowed().get("shop_sale")).containsExactly(second.root().resolve("shop_sale"));
        assertThat(scan.addon("shop_sale").issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.DUPLICATE_MODULE);
            assertThat(issue.level()).isEqualTo(Level.ERROR);
            assertThat(issue.message()).contains(first.root().toString(), second.root().toString());
        });
    }

    @Test
    void samePathTwiceIsReadOnce() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop_sale", "17.0.1.0.0", "'sale'", null);

        AddonsScan scan = new AddonsScanner(SEVENTEEN).scan(List.of(custom.root(), custom.root()));

        assertThat(scan.addonsPaths()).hasSize(1);
        assertThat(scan.addon("shop_sale").issues()).isEmpty();
    }

    @Test
    void brokenManifestDoesNotHideOthers() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("broken", "{'name': 'Broken', 'version': VERSION}");
        custom.module("fine", "17.0.1.0.0", "'base'", null);

        AddonsScan scan = new AddonsScanner(SEVENTEEN).scan(List.of(custom.root()));

        assertThat(scan.addon("broken").manifest()).isNull();
        assertThat(scan.addon("broken").hasErrors()).isTrue();
        assertThat(scan.addon("fine").hasErrors()).isFalse();
    }

    @Test
    void folderAboveManifestVersionIsAnError() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop_sale", "17.0.1.1.0", "'sale'", null);
        custom.script("shop_sale", "migrations", "17.0.1.1.0", "pre-rename.py");
        custom.script("shop_sale", "migrations", "17.0.1.2.0", "post-fill.py");
        custom.script("shop_sale", "upgrades", "1.3", "end-clean.py");
        custom.script("shop_sale", "migrations", "16.0.1.0.1", "pre-old.py");
        custom.script("shop_sale", "migrations", "18.0.1.0.0", "pre-next.py");

        AddonsScan scan = new AddonsScanner(SEVENTEEN).scan(List.of(custom.root()));

        List<AddonIssue> issues = scan.addon("shop_sale").issues();
        assertThat(issues).filteredOn(issue -> issue.kind() == Kind.MIGRATION_FOLDER_ABOVE_MANIFEST)
                .extracting(issue -> issue.file().getFileName().toString())
                .containsExactly("17.0.1.2.0", "1.3");
        assertThat(issues).filteredOn(issue -> issue.kind() == Kind.MIGRATION_FOLDER_OTHER_SERIES)
                .extracting(issue -> issue.file().getFileName().toString() + " " + issue.level())
                .containsExactly("16.0.1.0.1 INFO", "18.0.1.0.0 WARNING");
    }

    @Test
    void threePartFolderNeverRunsOnSixteen() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("shop_sale", "1.3.0", "'sale'", null);
        custom.script("shop_sale", "migrations", "1.2.0", "pre-rename.py");

        AddonsScan scan = new AddonsScanner(new OdooSeries(16)).scan(List.of(custom.root()));

        assertThat(scan.addon("shop_sale").issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MIGRATION_FOLDER_NEVER_RUNS);
            assertThat(issue.message()).contains("rename it 16.0.1.2.0");
        });
    }

    @Test
    void cyclesAreReported() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("a_mod", "17.0.1.0.0", "'b_mod'", null);
        custom.module("b_mod", "17.0.1.0.0", "'a_mod'", null);

        AddonsScan scan = new AddonsScanner(SEVENTEEN).scan(List.of(custom.root()));

        assertThat(scan.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.DEPENDENCY_CYCLE);
            assertThat(issue.message()).contains("a_mod, b_mod");
        });
    }

    @Test
    void badPathsAreListedTogether() throws IOException {
        Path file = Files.writeString(folder.resolve("file.txt"), "x");
        Path module = AddonTree.at(folder.resolve("custom")).module("shop_sale", "17.0.1.0.0", "'sale'", null);

        assertThatThrownBy(() -> new AddonsScanner(SEVENTEEN).scan(List.of(folder.resolve("missing"), file, module)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).hasSize(3);
                    assertThat(e.problems().get(0).describe()).contains("addons[0]", "no such folder");
                    assertThat(e.problems().get(1).describe()).contains("addons[1]", "not a folder");
                    assertThat(e.problems().get(2).describe()).contains("addons[2]", "this is a module folder", folder.resolve("custom").toString());
                });
    }

    @Test
    void inventoryListsVersionsAndChecksums() throws Exception {
        AddonTree custom = AddonTree.at(folder.resolve("custom"));
        custom.module("demo_addon", "{\"name\": \"Demo\", \"version\": \"17.0.1.0.0\", \"depends\": [\"base\"]}\n");
        custom.module("caf\u00e9", "17.0.1.0.0", "'base'", null);
        AddonsScan scan = new AddonsScanner(SEVENTEEN).scan(List.of(custom.root()));

        AddonsInventory inventory = AddonsInventory.of(scan, AddonChecksum.clickOdooDefaults());

        assertThat(inventory.modules()).extracting(AddonsInventory.Module::name).containsExactly("caf\u00e9", "demo_addon");
        assertThat(inventory.checksums().get("demo_addon")).isEqualTo("3b53101f4bcb59200b2aac1125df5f3e295560ba");
        assertThat(inventory.modules().get(1).version()).isEqualTo("17.0.1.0.0");
        assertThat(inventory.modules().get(1).valid()).isTrue();
        assertThat(inventory.installedChecksumsJson()).startsWith("{\"caf\\u00e9\": \"")
                .endsWith(", \"demo_addon\": \"3b53101f4bcb59200b2aac1125df5f3e295560ba\"}");
        assertThat(inventory.toMap()).containsEntry("series", "17.0");
    }
}
