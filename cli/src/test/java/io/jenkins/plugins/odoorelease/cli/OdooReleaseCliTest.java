package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
    void versionPrintedByEverySubcommand() {
        for (String subcommand : subcommands()) {
            for (String option : List.of("--version", "-V")) {
                CliRunner result = CliRunner.run(subcommand, option);

                assertThat(result.exitCode()).as(subcommand + " " + option).isZero();
                assertThat(result.out()).as(subcommand + " " + option).containsPattern("odoo-release \\d+\\.\\d+\\.\\d+");
            }
        }
    }

    @Test
    void releaseHelpShowsEnvironmentReference() {
        CliRunner result = CliRunner.run("release", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("through ${env:NAME} references").doesNotContain("null");
    }

    /** Picocli expands ${...} in help texts and prints null for an unknown name; every help must be free of that. */
    @Test
    void helpTextsExpandNothingToNull() {
        for (String subcommand : subcommands()) {
            CliRunner result = CliRunner.run(subcommand, "--help");

            assertThat(result.out()).as(subcommand).doesNotContainPattern("\\bnull\\b");
        }
    }

    /** A usage line that breaks inside an entry, as {@code [--[no-]} then {@code require-lifecycle]}, leaves brackets open. */
    @Test
    void usageLinesKeepEntriesWhole() {
        for (String subcommand : subcommands()) {
            List<String> lines = CliRunner.run(subcommand, "--help").out().lines().toList();

            for (String line : lines.subList(0, synopsisEnd(lines))) {
                assertThat(line.chars().filter(c -> c == '[').count()).as(subcommand + ": " + line)
                        .isEqualTo(line.chars().filter(c -> c == ']').count());
            }
            assertThat(String.join("\n", lines)).as(subcommand).doesNotContain("=<");
        }
    }

    private static int synopsisEnd(List<String> lines) {
        int end = 1;
        while (end < lines.size() && lines.get(end).startsWith(" ")) {
            end++;
        }
        return end;
    }

    private static List<String> subcommands() {
        PrintStream discard = new PrintStream(PrintStream.nullOutputStream());
        return List.copyOf(new CommandLine(new OdooReleaseCommand(Map.of(), discard, discard)).getSubcommands().keySet());
    }

    @Test
    void unknownSubcommandSuggestsOne() {
        CliRunner result = CliRunner.run("freeze-gaurd");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument", "freeze-guard");
    }

    @Test
    void demoRunsWholeReleaseTwice(@TempDir Path folder) throws Exception {
        for (int run = 1; run <= 2; run++) {
            CliRunner result = CliRunner.run("demo", "--output", folder.toString());

            assertThat(result.exitCode()).as("run %d: %s", run, result.err()).isZero();
            assertThat(result.out()).contains("odooFreezeGuard: PASS", "odooBuildImage: PASS", "odooMigrateCheck: WARN",
                    "odooCanary: WARN - Dry run", "odooRelease: WARN - Release finished: ", "steps, canary dry run, not promoted",
                    "Demo verdict: WARN",
                    "Evidence bundle: " + folder.resolve("evidence/evidence.html").toAbsolutePath());
            assertThat(result.err()).contains("Release step: freeze guard.", "Release step: canary.",
                    "Stopped the embedded servers and deleted their data.");
            String evidence = Files.readString(folder.resolve("evidence/evidence.json"));
            assertThat(evidence).contains("\"step\" : \"odooMigrateCheck\"", "\"step\" : \"odooRelease\"");
            assertThat(evidence.split("\"step\" : \"odooRelease\"", -1)).as("odooRelease reports after run %d", run).hasSize(2);
            assertThat(folder.resolve("release.yaml")).isRegularFile();
            assertThat(folder.resolve("image/odoo-demo.tar")).isRegularFile();
        }
    }

    @Test
    void demoBacksUpAndVerifiesEmbeddedDatabase(@TempDir Path folder) throws Exception {
        io.jenkins.plugins.odoorelease.testing.SystemBinaries.require("pg_dump", "postgresql-client");

        CliRunner result = CliRunner.run("demo", "--output", folder.toString());

        assertThat(result.err()).contains("Release step: backup.", "Release step: backup verification.", "Dropped the scratch database")
                .doesNotContain("pg_dump was not found");
        assertThat(result.out()).contains("odooBackup: PASS - Backed up demo_shop", "odooBackupVerify: PASS");
        // The demo enables versioning. Lifecycle rules stay unchecked because s3proxy returns 501 for them, which is
        // information, because the demo does not require them.
        assertThat(result.out()).doesNotContain("STORAGE_VERSIONING_OFF");
        assertThat(Files.readString(folder.resolve("evidence/evidence.json"))).contains("\"step\" : \"odooBackupVerify\"",
                "\"attachmentsChecked\" : 2", "STORAGE_POLICY_NOT_SUPPORTED");
    }
}
