package io.jenkins.plugins.odoorelease.odoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Kind;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Level;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    private static final OdooSeries SEVENTEEN = new OdooSeries(17);

    @TempDir
    Path folder;

    private ManifestReader.Reading read(OdooSeries series, String manifest) {
        Path module = AddonTree.at(folder.resolve("addons")).module("epicerie_sale", manifest);
        return new ManifestReader(series).read(module);
    }

    private static List<Kind> kinds(ManifestReader.Reading reading) {
        return reading.issues().stream().map(AddonIssue::kind).toList();
    }

    @Test
    void realisticManifestWithCommentsUnicodeAndTrailingCommas() {
        ManifestReader.Reading reading = read(SEVENTEEN, """
                # -*- coding: utf-8 -*-
                # Copyright 2024 Épicerie Fine SARL
                {
                    "name": "Épicerie — Ventes",  # shown in the Apps menu
                    'summary': "Ventes en magasin "
                               'et en ligne',
                    "version": "17.0.1.2.0",
                    "category": "Sales",
                    "author": "Épicerie Fine, Odoo Community Association (OCA)",
                    "license": "AGPL-3",
                    "depends": [
                        "sale_management",
                        "stock",   # stock moves
                    ],
                    "data": [
                        "security/ir.model.access.csv",
                        "views/sale_order_views.xml",
                    ],
                    "description": \"\"\"
                Ventes
                ======
                Gère les ventes « pour les détaillants ».
                \"\"\",
                    "installable": True,
                    "auto_install": False,
                    "external_dependencies": {"python": ["phonenumbers"],},
                    "sequence": 10,
                }
                """);

        assertThat(reading.issues()).isEmpty();
        Manifest manifest = reading.manifest();
        assertThat(manifest.title()).isEqualTo("Épicerie — Ventes");
        assertThat(manifest.values().get("summary")).isEqualTo("Ventes en magasin et en ligne");
        assertThat((String) manifest.values().get("description")).contains("« pour les détaillants »");
        assertThat(manifest.version().full()).isEqualTo("17.0.1.2.0");
        assertThat(manifest.depends()).containsExactly("sale_management", "stock");
        assertThat(manifest.installable()).isTrue();
        assertThat(manifest.autoInstall()).isEqualTo(Manifest.AutoInstall.NONE);
        assertThat(manifest.license()).isEqualTo("AGPL-3");
        assertThat(manifest.values().get("external_dependencies")).isEqualTo(Map.of("python", List.of("phonenumbers")));
    }

    @Test
    void nonLiteralValueIsAnErrorWithFileAndLine() {
        ManifestReader.Reading reading = read(SEVENTEEN, """
                {
                    'name': 'Shop',
                    'version': '17.0.1.0.0',
                    'depends': ['base'],
                    'data': ['views/a.xml'] + EXTRA_VIEWS,
                }
                """);

        assertThat(reading.manifest()).isNull();
        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MANIFEST_NOT_LITERAL);
            assertThat(issue.level()).isEqualTo(Level.ERROR);
            assertThat(issue.line()).isEqualTo(5);
            assertThat(issue.file().getFileName().toString()).isEqualTo("__manifest__.py");
            assertThat(issue.describe()).contains("epicerie_sale: ", "__manifest__.py:5: column 29", "operator '+'");
        });
    }

    @Test
    void missingVersionBecomesOneZero() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'name': 'Shop', 'depends': ['base'], 'license': 'LGPL-3'}");

        assertThat(reading.manifest().version().full()).isEqualTo("17.0.1.0");
        assertThat(reading.manifest().declaredVersion()).isNull();
        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.VERSION_MISSING);
            assertThat(issue.level()).isEqualTo(Level.WARNING);
        });
    }

    @Test
    void shortVersionGetsSeriesPrefix() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '2.1', 'license': 'LGPL-3'}");

        assertThat(reading.manifest().version().full()).isEqualTo("17.0.2.1");
        assertThat(reading.manifest().declaredVersion()).isEqualTo("2.1");
        assertThat(reading.issues()).isEmpty();
    }

    @Test
    void versionOfAnotherSeriesIsAnError() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '16.0.1.0.0', 'license': 'LGPL-3'}");

        assertThat(reading.manifest().version()).isNull();
        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.VERSION_OTHER_SERIES);
            assertThat(issue.level()).isEqualTo(Level.ERROR);
            assertThat(issue.message()).contains("belongs to series 16.0");
        });
    }

    @Test
    void notInstallableModuleKeepsInvalidVersionQuietly() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '16.0.1.0.0', 'installable': False, 'license': 'LGPL-3'}");

        assertThat(reading.hasErrors()).isFalse();
        assertThat(reading.manifest().installable()).isFalse();
        assertThat(reading.issues()).extracting(AddonIssue::level).containsExactly(Level.INFO);
    }

    @Test
    void oneNumberVersionDependsOnSeries() {
        ManifestReader.Reading seventeen = read(SEVENTEEN, "{'version': '1', 'license': 'LGPL-3'}");
        ManifestReader.Reading sixteen = new ManifestReader(new OdooSeries(16)).read(folder.resolve("addons/epicerie_sale"));

        assertThat(kinds(seventeen)).containsExactly(Kind.VERSION_INVALID);
        assertThat(sixteen.manifest().version().full()).isEqualTo("16.0.1");
        assertThat(kinds(sixteen)).containsExactly(Kind.VERSION_NONSTANDARD);
    }

    @Test
    void versionMustBeAString() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': 1.0, 'license': 'LGPL-3'}");

        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MANIFEST_INVALID_VALUE);
            assertThat(issue.message()).contains("version is a float");
        });
    }

    @Test
    void autoInstallTrueTriggersOnEveryDependency() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '1.0', 'license': 'LGPL-3', 'depends': ['sale', 'stock'], 'auto_install': True}");

        assertThat(reading.manifest().autoInstall().enabled()).isTrue();
        assertThat(reading.manifest().autoInstall().triggers()).containsExactly("sale", "stock");
    }

    @Test
    void autoInstallListNamesTheTriggers() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '1.0', 'license': 'LGPL-3', 'depends': ['sale', 'stock', 'web'], "
                + "'auto_install': ['sale', 'stock']}");

        assertThat(reading.manifest().autoInstall().triggers()).containsExactly("sale", "stock");
        assertThat(reading.issues()).isEmpty();
    }

    @Test
    void emptyAutoInstallListHasNoTrigger() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '1.0', 'license': 'LGPL-3', 'depends': ['sale'], 'auto_install': []}");

        assertThat(reading.manifest().autoInstall().enabled()).isTrue();
        assertThat(reading.manifest().autoInstall().triggers()).isEmpty();
    }

    @Test
    void autoInstallTriggerOutsideDependsIsAnError() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '1.0', 'license': 'LGPL-3', 'depends': ['sale'], 'auto_install': ['stock']}");

        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.AUTO_INSTALL_NOT_DEPENDENCY);
            assertThat(issue.message()).contains("[stock]");
        });
    }

    @Test
    void autoInstallStringIsReadAsCharacters() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '1.0', 'license': 'LGPL-3', 'depends': ['sale'], 'auto_install': 'sale'}");

        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.AUTO_INSTALL_NOT_DEPENDENCY);
            assertThat(issue.message()).contains("auto_install is a string");
        });
    }

    @Test
    void dependsAsStringIsAnError() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '1.0', 'license': 'LGPL-3', 'depends': 'sale'}");

        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MANIFEST_INVALID_VALUE);
            assertThat(issue.message()).contains("write ['sale']");
        });
    }

    @Test
    void byteOrderMarkIsRejected() {
        Path module = AddonTree.at(folder.resolve("addons")).module("bom", "");
        AddonTree.write(module.resolve("__manifest__.py"), ("\ufeff{'version': '1.0'}").getBytes(StandardCharsets.UTF_8));

        ManifestReader.Reading reading = new ManifestReader(SEVENTEEN).read(module);

        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MANIFEST_UNREADABLE);
            assertThat(issue.message()).contains("byte order mark");
        });
    }

    @Test
    void invalidUtf8NamesTheLine() {
        Path module = AddonTree.at(folder.resolve("addons")).module("latin1", "");
        AddonTree.write(module.resolve("__manifest__.py"), "{\n 'name': 'caf\u00e9'}".getBytes(StandardCharsets.ISO_8859_1));

        ManifestReader.Reading reading = new ManifestReader(SEVENTEEN).read(module);

        assertThat(reading.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.kind()).isEqualTo(Kind.MANIFEST_UNREADABLE);
            assertThat(issue.line()).isEqualTo(2);
        });
    }

    @Test
    void legacyManifestNameIsDeprecatedFromSeventeen() {
        AddonTree tree = AddonTree.at(folder.resolve("addons"));
        tree.file("old_shop/__openerp__.py", "{'version': '1.0', 'license': 'LGPL-3'}");

        ManifestReader.Reading seventeen = new ManifestReader(SEVENTEEN).read(tree.root().resolve("old_shop"));
        ManifestReader.Reading sixteen = new ManifestReader(new OdooSeries(16)).read(tree.root().resolve("old_shop"));

        assertThat(seventeen.manifest().legacyFileName()).isTrue();
        assertThat(seventeen.issues()).extracting(AddonIssue::kind, AddonIssue::level)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.MANIFEST_LEGACY_NAME, Level.WARNING));
        assertThat(sixteen.issues()).extracting(AddonIssue::level).containsExactly(Level.INFO);
    }

    @Test
    void manifestMayBeListOfPairs() {
        ManifestReader.Reading reading = read(SEVENTEEN, "[('version', '1.0'), ('license', 'LGPL-3')]");

        assertThat(reading.manifest().version().full()).isEqualTo("17.0.1.0");
    }

    @Test
    void manifestMustBeDict() {
        ManifestReader.Reading reading = read(SEVENTEEN, "['version', '1.0']");

        assertThat(kinds(reading)).containsExactly(Kind.MANIFEST_NOT_DICT);
    }

    @Test
    void missingLicenseDefaultsToLgpl() {
        ManifestReader.Reading reading = read(SEVENTEEN, "{'version': '1.0'}");

        assertThat(reading.manifest().license()).isEqualTo("LGPL-3");
        assertThat(kinds(reading)).containsExactly(Kind.LICENSE_MISSING);
    }

    @Test
    void countriesOnlyFromEighteen() {
        String manifest = "{'version': '1.0', 'license': 'LGPL-3', 'countries': ['be', 'nl']}";

        assertThat(read(new OdooSeries(18), manifest).manifest().countries()).containsExactly("be", "nl");
        assertThat(read(SEVENTEEN, manifest).manifest().countries()).isEmpty();
    }
}
