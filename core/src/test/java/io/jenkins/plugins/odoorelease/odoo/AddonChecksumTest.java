package io.jenkins.plugins.odoorelease.odoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.testing.AddonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expected digests were computed by click-odoo-contrib's algorithm (checked against its own
 * {@code addon_hash} on real addons) over the same trees.
 */
class AddonChecksumTest {

    @TempDir
    Path folder;

    @Test
    void workedExampleDigest() throws Exception {
        Path addon = folder.resolve("demo_addon");
        AddonTree.write(addon.resolve("__init__.py"), "");
        AddonTree.write(addon.resolve("__manifest__.py"), "{\"name\": \"Demo\", \"version\": \"17.0.1.0.0\", \"depends\": [\"base\"]}\n");

        String digest = AddonChecksum.clickOdooDefaults().compute(addon);

        assertThat(digest).isEqualTo("3b53101f4bcb59200b2aac1125df5f3e295560ba");
    }

    @Test
    void addonWithoutKeptFilesHashesNothing() throws Exception {
        Path addon = folder.resolve("only_static");
        AddonTree.write(addon.resolve("static/description/icon.png"), new byte[] {1, 2, 3});

        assertThat(AddonChecksum.clickOdooDefaults().compute(addon)).isEqualTo(AddonChecksum.EMPTY);
    }

    @Test
    void walkOrderAndExcludesFollowClickOdoo() throws Exception {
        Path addon = shopTree();

        AddonChecksum checksum = AddonChecksum.clickOdooDefaults();

        assertThat(checksum.keptFiles(addon)).containsExactly("__init__.py", "__manifest__.py", "a b.txt", "data/\u00e9.xml", "i18n/de.po",
                "i18n/fr.po", "i18n/fr_BE.po", "i18n_extra/nl.po", "models/Zeta.py", "models/__init__.py", "models/sale.py", "views/de.po",
                "views/tests/x.py");
        assertThat(checksum.compute(addon)).isEqualTo("192e3d4852c882d0e8795905473b6d4a30a70916");
    }

    @Test
    void activeLanguagesFilterTopLevelTranslations() throws Exception {
        Path addon = shopTree();

        AddonChecksum checksum = new AddonChecksum(AddonChecksum.CLICK_ODOO_EXCLUDES, List.of("fr_FR", "en_US"));

        assertThat(checksum.keptFiles(addon)).contains("i18n/fr.po", "i18n/fr_BE.po", "views/de.po")
                .doesNotContain("i18n/de.po", "i18n_extra/nl.po");
        assertThat(checksum.compute(addon)).isEqualTo("d651cadcd41fed5389d5e754f4102cc4628c006d");
    }

    @Test
    void ocaDefaultsKeepTests() throws Exception {
        Path addon = shopTree();

        AddonChecksum checksum = new AddonChecksum(AddonChecksum.OCA_EXCLUDES, List.of());

        assertThat(checksum.keptFiles(addon)).contains("tests/test_x.py");
        assertThat(checksum.compute(addon)).isEqualTo("47162e2409c2f5d3b4e069e06d105efc0b0f3c01");
    }

    @Test
    void brokenSymbolicLinkFailsLikePython() throws Exception {
        Path addon = folder.resolve("broken");
        AddonTree.write(addon.resolve("__manifest__.py"), "{}");
        Files.createSymbolicLink(addon.resolve("gone.py"), addon.resolve("missing.py"));

        assertThatThrownBy(() -> AddonChecksum.clickOdooDefaults().compute(addon)).isInstanceOf(IOException.class);
    }

    @Test
    void fnmatchStarCrossesSlashes() {
        Pattern pattern = AddonChecksum.Fnmatch.toRegex("static/*");

        assertThat(pattern.matcher("static/src/js/app.js").matches()).isTrue();
        assertThat(pattern.matcher("views/static/x").matches()).isFalse();
        assertThat(AddonChecksum.Fnmatch.toRegex("*.pyc").matcher("models/deep/x.pyc").matches()).isTrue();
        assertThat(AddonChecksum.Fnmatch.toRegex("i18n/?r.po").matcher("i18n/fr.po").matches()).isTrue();
        assertThat(AddonChecksum.Fnmatch.toRegex("[!a-c]x").matcher("dx").matches()).isTrue();
        assertThat(AddonChecksum.Fnmatch.toRegex("[!a-c]x").matcher("bx").matches()).isFalse();
        assertThat(AddonChecksum.Fnmatch.toRegex("[]]x").matcher("]x").matches()).isTrue();
        assertThat(AddonChecksum.Fnmatch.toRegex("[z-a]x").matcher("mx").matches()).isFalse();
        assertThat(AddonChecksum.Fnmatch.toRegex("a[b").matcher("a[b").matches()).isTrue();
        assertThat(AddonChecksum.Fnmatch.toRegex("a.b").matcher("axb").matches()).isFalse();
        assertThat(AddonChecksum.Fnmatch.toRegex("[&&]").matcher("&").matches()).isTrue();
    }

    @Test
    void patternListSplitsOnCommas() {
        assertThat(AddonChecksum.parsePatterns("*.pyc, static/* ,tests/*")).containsExactly("*.pyc", "static/*", "tests/*");
    }

    /** The tree the expected digests were computed over. */
    private Path shopTree() throws IOException {
        Path addon = folder.resolve("shop_ext");
        AddonTree.write(addon.resolve("__init__.py"), "from . import models\n");
        AddonTree.write(addon.resolve("__manifest__.py"), "{'name': 'Shop', 'version': '17.0.1.0.0'}\n");
        AddonTree.write(addon.resolve("models/__init__.py"), "");
        AddonTree.write(addon.resolve("models/sale.py"), "# sale\r\n");
        AddonTree.write(addon.resolve("models/Zeta.py"), "z");
        AddonTree.write(addon.resolve("static/src/app.js"), "js");
        AddonTree.write(addon.resolve("tests/test_x.py"), "t");
        AddonTree.write(addon.resolve("i18n/fr.po"), "fr");
        AddonTree.write(addon.resolve("i18n/fr_BE.po"), "frbe");
        AddonTree.write(addon.resolve("i18n/de.po"), "de");
        AddonTree.write(addon.resolve("i18n/shop.pot"), "pot");
        AddonTree.write(addon.resolve("i18n_extra/nl.po"), "nl");
        AddonTree.write(addon.resolve("data/\u00e9.xml"), "<odoo/>".getBytes(StandardCharsets.UTF_8));
        AddonTree.write(addon.resolve("views/tests/x.py"), "v");
        AddonTree.write(addon.resolve("models/x.pyc"), "bin");
        AddonTree.write(addon.resolve("a b.txt"), "ab");
        AddonTree.write(addon.resolve("views/de.po"), "po");
        Files.createSymbolicLink(addon.resolve("link_dir"), addon.resolve("models"));
        return addon;
    }
}
