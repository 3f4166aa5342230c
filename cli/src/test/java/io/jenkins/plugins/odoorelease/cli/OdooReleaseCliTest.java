package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OdooReleaseCliTest {

    @Test
    void helpListsSubcommandsAndExitCodes() {
        CliRunner result = CliRunner.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: odoo-release", "freeze-guard", "demo", "3 an infrastructure fault");
    }

    @Test
    void versionPrinted() {
        CliRunner result = CliRunner.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("odoo-release \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void unknownSubcommandSuggestsOne() {
        CliRunner result = CliRunner.run("freeze-gaurd");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument", "freeze-guard");
    }

    @Test
    void demoWritesEvidenceAndPasses(@TempDir Path folder) throws Exception {
        CliRunner result = CliRunner.run("demo", "--output", folder.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("odooFreezeGuard: PASS", "odooFreezeGuard: WARN - Frozen by demo-campaign",
                "Demo verdict: WARN", "Evidence bundle: " + folder.resolve("evidence/evidence.html").toAbsolutePath());
        assertThat(Files.readString(folder.resolve("evidence/evidence.json"))).contains("\"step\" : \"odooFreezeGuard\"");
        assertThat(folder.resolve("freeze-calendar.yaml")).exists();
        assertThat(result.err()).contains("Stage 1: odooFreezeGuard");
        assertThat(result.out()).contains("odooBuildImage: PASS - Wrote odoo-demo.tar (oci layout): sha256:");
        assertThat(folder.resolve("image/odoo-demo.tar")).isRegularFile();
        assertThat(Files.readString(folder.resolve("evidence/evidence.json"))).contains("\"step\" : \"odooBuildImage\"");
    }

    @Test
    void demoBacksUpAndVerifiesEmbeddedDatabase(@TempDir Path folder) throws Exception {
        io.jenkins.plugins.odoorelease.testing.SystemBinaries.require("pg_dump", "postgresql-client");

        CliRunner result = CliRunner.run("demo", "--output", folder.toString());

        assertThat(result.err()).contains("Stage 3: odooBackup", "Stage 4: odooBackupVerify", "Dropped the scratch database")
                .doesNotContain("The backup stages could not run", "The backup stages failed");
        assertThat(result.out()).contains("odooBackup: PASS - Backed up demo_shop", "odooBackupVerify: WARN");
        assertThat(Files.readString(folder.resolve("evidence/evidence.json"))).contains("\"step\" : \"odooBackupVerify\"",
                "\"attachmentsChecked\" : 2");
    }
}
