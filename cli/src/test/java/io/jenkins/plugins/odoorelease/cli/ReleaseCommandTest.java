package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release command's wiring: reading the file, secrets from the environment, evidence, JUnit XML and exit codes. */
class ReleaseCommandTest {

    @TempDir
    Path folder;

    private Path releaseFile(String freezeWindow) throws Exception {
        Files.writeString(folder.resolve("freeze.yaml"), """
                timeZone: UTC
                windows:
                  - id: campaign
                    severity: block
                    start: %s
                """.formatted(freezeWindow));
        Path file = folder.resolve("release.yaml");
        Files.writeString(file, """
                release:
                  name: shop release 42
                  environment: production
                  revision: ${env:CI_COMMIT_SHA}
                freeze:
                  calendars: [freeze.yaml]
                  expectedDuration: 30m
                """);
        return file;
    }

    @Test
    void freezeOnlyReleasePasses() throws Exception {
        Path file = releaseFile("2099-01-01T00:00\n    end: 2099-01-02T00:00");

        CliRunner result = CliRunner.run(Map.of("CI_COMMIT_SHA", "9f1c2e7"), "release", "--config", file.toString(), "--junit",
                folder.resolve("junit.xml").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("odooFreezeGuard: PASS", "odooRelease: PASS", "Release verdict: PASS",
                "Evidence bundle: " + folder.resolve("release-evidence/evidence.html").toAbsolutePath());
        var bundle = ReportJson.mapper().readTree(folder.resolve("release-evidence/evidence.json").toFile());
        assertThat(bundle.get("run").get("name").asText()).isEqualTo("shop release 42");
        assertThat(bundle.get("run").get("revision").asText()).isEqualTo("9f1c2e7");
        assertThat(bundle.get("reports")).hasSize(2);
        assertThat(Files.readString(folder.resolve("junit.xml"))).contains("<testsuite name=\"odooRelease\"");
    }

    @Test
    void ciServerNamesRunWhenFileDoesNot() throws Exception {
        Path file = releaseFile("2099-01-01T00:00\n    end: 2099-01-02T00:00");
        Files.writeString(file, Files.readString(file).replace("  name: shop release 42\n", ""));

        CliRunner result = CliRunner.run(Map.of("GITLAB_CI", "true", "CI_PROJECT_PATH", "shop/odoo", "CI_PIPELINE_ID", "812",
                "CI_PIPELINE_URL", "https://gitlab.example/shop/odoo/-/pipelines/812", "CI_COMMIT_SHA", "9f1c2e7"),
                "release", "--config", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        var run = ReportJson.mapper().readTree(folder.resolve("release-evidence/evidence.json").toFile()).get("run");
        assertThat(run.get("name").asText()).isEqualTo("shop/odoo pipeline 812");
        assertThat(run.get("url").asText()).isEqualTo("https://gitlab.example/shop/odoo/-/pipelines/812");
        assertThat(run.get("revision").asText()).isEqualTo("9f1c2e7");
    }

    @Test
    void frozenReleaseExitsOne() throws Exception {
        Path file = releaseFile("2000-01-01T00:00\n    end: 2099-01-02T00:00");

        CliRunner result = CliRunner.run(Map.of("CI_COMMIT_SHA", "9f1c2e7"), "release", "--config", file.toString(), "--evidence",
                folder.resolve("out").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("odooFreezeGuard: FAIL - Frozen by campaign", "odooRelease: FAIL - Release stopped by the "
                + "freeze guard");
        assertThat(folder.resolve("out/evidence.json")).isRegularFile();
    }

    @Test
    void stepFaultExitsThree() throws Exception {
        Files.createDirectories(folder.resolve("addons"));
        Path file = folder.resolve("release.yaml");
        Files.writeString(file, """
                release:
                  environment: production
                database:
                  url: jdbc:postgresql://127.0.0.1:1/shop
                  user: odoo
                  password: ${env:DB_PASSWORD}
                migrate:
                  addons: [addons]
                  series: "17.0"
                """);

        CliRunner result = CliRunner.run(Map.of("DB_PASSWORD", "unused"), "release", "--config", file.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).contains("odooMigrateCheck: FAIL - The migration check could not finish",
                "odooRelease: FAIL - Release stopped by the migration check", "Release verdict: FAIL");
        assertThat(result.out()).doesNotContain("{database=");
    }

    @Test
    void releaseAddsToStepCommandEvidence() throws Exception {
        Path file = releaseFile("2000-01-01T00:00\n    end: 2099-01-02T00:00");
        Path evidence = folder.resolve("evidence");
        CliRunner frozen = CliRunner.run("freeze-guard", "--calendar", folder.resolve("freeze.yaml").toString(), "--environment",
                "production", "--evidence", evidence.toString());
        assertThat(frozen.exitCode()).as(frozen.err()).isEqualTo(1);
        releaseFile("2099-01-01T00:00\n    end: 2099-01-02T00:00");

        CliRunner result = CliRunner.run(Map.of("CI_COMMIT_SHA", "9f1c2e7"), "release", "--config", file.toString(), "--evidence",
                evidence.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Release verdict: PASS", "(after 1 report of earlier commands)");
        assertThat(result.out()).doesNotContain("odooFreezeGuard: FAIL");
        var reports = ReportJson.mapper().readTree(evidence.resolve("evidence.json").toFile()).get("reports");
        assertThat(reports).hasSize(3);
        assertThat(reports.get(0).get("verdict").asText()).isEqualTo("FAIL");
        assertThat(reports.get(2).get("step").asText()).isEqualTo("odooRelease");
    }

    @Test
    void brokenConfigurationNamesKeys() throws Exception {
        Path file = folder.resolve("release.yaml");
        Files.writeString(file, """
                release:
                  environment: production
                  revison: abc
                database:
                  url: jdbc:postgresql://127.0.0.1:1/shop
                  password: s3cret-in-the-file
                backup:
                  format: zip
                s3:
                  accessKeyId: ${env:MISSING_KEY}
                """);

        CliRunner result = CliRunner.run("release", "--config", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("release.revison: unknown key", "database.password: a secret must not be written into the file",
                "backup.location: missing location", "s3.accessKeyId: '${env:MISSING_KEY}': the environment variable MISSING_KEY is not set");
        assertThat(result.err()).doesNotContain("s3cret-in-the-file", "\tat ");
        assertThat(folder.resolve("release-evidence")).doesNotExist();
    }

    @Test
    void missingFileIsInvalidInput() {
        CliRunner result = CliRunner.run("release", "--config", folder.resolve("nope.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nope.yaml: release configuration not found");
    }
}
