package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreezeGuardCommandTest {

    @TempDir
    Path folder;

    private Path calendar;

    @BeforeEach
    void writeCalendar() throws Exception {
        calendar = folder.resolve("freeze.yaml");
        Files.writeString(calendar, """
                timeZone: America/New_York
                windows:
                  - id: black-friday-2027
                    name: Black Friday week
                    category: campaign
                    severity: block
                    environments: [production]
                    start: 2027-11-22T00:00
                    end: 2027-11-30T00:00
                  - id: year-end-close
                    category: financial-close
                    severity: approval
                    environments: [production]
                    start: 2027-12-31T12:00
                    end: 2028-01-02T12:00
                """);
    }

    @Test
    void frozenDecisionWritesJsonAndExitsOne() throws Exception {
        Path json = folder.resolve("out.json");

        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2027-11-26T09:00:00Z", "--json", json.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode report = ReportJson.mapper().readTree(json.toFile());
        assertThat(report.get("step").asText()).isEqualTo("odooFreezeGuard");
        assertThat(report.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(report.get("result").get("frozen").asBoolean()).isTrue();
        assertThat(report.get("result").get("window").asText()).isEqualTo("black-friday-2027");
        assertThat(report.get("result").get("endsAt").asText()).isEqualTo("2027-11-30T05:00:00Z");
        assertThat(report.get("findings").get(0).get("code").asText()).isEqualTo("FREEZE_ACTIVE");
        assertThat(result.out()).contains("odooFreezeGuard: FAIL - Frozen by black-friday-2027");
    }

    @Test
    void openDecisionExitsZero() throws Exception {
        Path json = folder.resolve("out.json");

        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2027-12-06T09:00:00Z", "--json", json.toString());

        assertThat(result.exitCode()).isZero();
        JsonNode report = ReportJson.mapper().readTree(json.toFile());
        assertThat(report.get("result").get("frozen").asBoolean()).isFalse();
        assertThat(report.get("result").get("nextWindow").asText()).isEqualTo("year-end-close");
        assertThat(report.get("result").get("nextStartsAt").asText()).isEqualTo("2027-12-31T17:00:00Z");
    }

    @Test
    void overrideFromConfiguredApprover() throws Exception {
        Path config = folder.resolve("odoo-release.yaml");
        Files.writeString(config, """
                freeze:
                  overrideApprovers: [carol]
                """);

        CliRunner result = CliRunner.run(Map.of("GITLAB_USER_LOGIN", "dave"), "--config", config.toString(), "freeze-guard",
                "--calendar", calendar.toString(), "--environment", "production", "--at", "2028-01-01T09:00:00Z",
                "--override-reason", "Card terminal outage needs the payment fix", "--override-approver", "carol",
                "--override-expires", "2028-01-01T15:00:00Z", "--override-ticket", "INC-7");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Not frozen: overridden by carol");
    }

    @Test
    void overrideWithoutConfiguredApproversRejected() {
        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2028-01-01T09:00:00Z", "--override-reason", "Card terminal outage needs the payment fix",
                "--override-approver", "carol", "--override-expires", "4h");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FREEZE_OVERRIDE_REJECTED", "no override approvers are configured");
    }

    @Test
    void platformCalendarFromConfigAlwaysApplies() throws Exception {
        Path platform = folder.resolve("platform").resolve("platform.yaml");
        Files.createDirectories(platform.getParent());
        Files.writeString(platform, """
                timeZone: UTC
                windows:
                  - id: platform-maintenance
                    severity: block
                    start: 2027-06-01T00:00
                    end: 2027-06-01T06:00
                """);
        Path config = folder.resolve("odoo-release.yaml");
        Files.writeString(config, """
                freeze:
                  calendars: [platform/platform.yaml]
                """);

        CliRunner result = CliRunner.run(Map.of("ODOO_RELEASE_CONFIG", config.toString()), "freeze-guard", "--environment",
                "staging", "--at", "2027-06-01T01:00:00Z");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("Frozen by platform-maintenance");
    }

    @Test
    void outputsAllFormats() throws Exception {
        Path evidence = folder.resolve("evidence");

        CliRunner result = CliRunner.run(Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "shop/odoo", "GITHUB_RUN_ID", "77",
                "GITHUB_SERVER_URL", "https://github.example", "GITHUB_SHA", "0123abc"), "freeze-guard", "--calendar",
                calendar.toString(), "--environment", "production", "--at", "2027-11-26T09:00:00Z", "--fail-on", "never",
                "--markdown", folder.resolve("r.md").toString(), "--html", folder.resolve("r.html").toString(), "--junit",
                folder.resolve("r.xml").toString(), "--evidence", evidence.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(folder.resolve("r.md"))).startsWith("# odooFreezeGuard: FAIL");
        assertThat(Files.readString(folder.resolve("r.html"))).contains("<!DOCTYPE html>");
        assertThat(Files.readString(folder.resolve("r.xml"))).contains("<failure");
        JsonNode bundle = ReportJson.mapper().readTree(evidence.resolve("evidence.json").toFile());
        assertThat(bundle.get("schema").asText()).isEqualTo("odoo-release/evidence/v1");
        assertThat(bundle.get("run").get("name").asText()).isEqualTo("shop/odoo run 77");
        assertThat(bundle.get("run").get("revision").asText()).isEqualTo("0123abc");
        assertThat(bundle.get("reports")).hasSize(1);
    }

    @Test
    void jsonToStandardOutput() throws Exception {
        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2027-11-26T09:00:00Z", "--json", "-");

        assertThat(ReportJson.readReport(result.out()).step()).isEqualTo("odooFreezeGuard");
    }

    @Test
    void malformedCalendarNamesFileAndPath() throws Exception {
        Files.writeString(calendar, """
                timeZone: UTC
                windows:
                  - id: ok
                    severity: block
                    start: 2027-01-01T00:00
                    end: 2027-01-02T00:00
                  - id: broken
                    severity: block
                    start: 2027-01-01T00:00
                    end: 2027-01-32T00:00
                """);

        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2027-01-01T12:00:00Z");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(calendar + ": windows[1].end: '2027-01-32T00:00': invalid date-time");
        assertThat(result.out()).contains("Frozen by ok");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void missingCalendarIsInvalidInput() {
        CliRunner result = CliRunner.run("freeze-guard", "--calendar", folder.resolve("nope.yaml").toString(), "--environment",
                "production");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --calendar: '" + folder.resolve("nope.yaml") + "': calendar file not found");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void invalidValuesAreInvalidInput() {
        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--on-freeze", "sometimes", "--expected-duration", "45", "--fail-on", "always");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--fail-on: 'always': expected 'error', 'warning' or 'never'");
    }

    @Test
    void invalidRequestListsEveryProblem() {
        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--on-freeze", "sometimes", "--expected-duration", "45", "--at", "tomorrow");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --on-freeze: 'sometimes': expected 'fail', 'warn' or 'wait'",
                "ERROR: --expected-duration: '45': invalid duration: add a unit", "ERROR: --at: 'tomorrow': invalid instant");
        assertThat(result.err()).doesNotContain("onFreeze", "expectedDuration", "ERROR: at:");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void missingRequiredOptionIsUsageError() {
        CliRunner result = CliRunner.run("freeze-guard");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--environment=NAME'", "--help");
    }

    @Test
    void misspeltRequiredOptionReportedAsUnknown() {
        CliRunner result = CliRunner.run("freeze-guard", "--enviroment", "production");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: Unknown options: '--enviroment', 'production'", "--environment",
                "ERROR: Missing required option: '--environment=NAME'");
    }

    @Test
    void overrideWithoutExpiryNamesOption() {
        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2028-01-01T09:00:00Z", "--override-reason", "Tax rate fix must ship before invoicing",
                "--override-approver", "alice", "--requested-by", "bob");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FREEZE_OVERRIDE_REJECTED", "missing expiry; set --override-expires to an instant")
                .doesNotContain("overrideExpires");
    }

    @Test
    void configurationKeyKeepsItsName() throws Exception {
        Path config = Files.writeString(folder.resolve("odoo-release.yaml"), "freeze:\n  expectedDuration: 45\n");

        CliRunner result = CliRunner.run("--config", config.toString(), "freeze-guard", "--environment", "production");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(config + ": freeze.expectedDuration: '45': invalid duration").doesNotContain("--expected-duration");
    }

    @Test
    void invalidConfigNamesKey() throws Exception {
        Path config = folder.resolve("odoo-release.yaml");
        Files.writeString(config, """
                freeze:
                  overridePolicy:
                    maxValidity: forever
                  approvers: [x]
                """);

        CliRunner result = CliRunner.run("--config", config.toString(), "freeze-guard", "--environment", "production");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(config + ": freeze.approvers: unknown key",
                config + ": freeze.overridePolicy.maxValidity: 'forever': invalid duration");
    }

    @Test
    void unwritableOutputIsInvalidInput() throws Exception {
        Path directory = Files.createDirectories(folder.resolve("a-directory"));

        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2027-12-06T09:00:00Z", "--json", directory.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--json: '" + directory + "': cannot write the file");
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void evidenceFileInsteadOfFolderRejectedBeforeRun() throws Exception {
        Path file = Files.writeString(folder.resolve("evidence.txt"), "notes");
        Path json = folder.resolve("out.json");

        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2027-12-06T09:00:00Z", "--evidence", file.toString(), "--json", json.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --evidence: '" + file + "': not a folder: " + file + " is a file");
        assertThat(json).doesNotExist();
        assertThat(Files.readString(file)).isEqualTo("notes");
    }

    @Test
    void foreignEvidenceFileIsInvalidInput() throws Exception {
        Path evidence = Files.createDirectories(folder.resolve("evidence"));
        Files.writeString(evidence.resolve("evidence.json"), "{\"schema\":\"something/else\",\"reports\":[]}");

        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--at", "2027-12-06T09:00:00Z", "--evidence", evidence.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--evidence: '" + evidence + "': cannot add the report", "something/else");
    }

    @Test
    void hugeHorizonIsInvalidInput() {
        CliRunner result = CliRunner.run("freeze-guard", "--calendar", calendar.toString(), "--environment", "production",
                "--horizon", "400000000000d");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--horizon: '400000000000d': duration too large");
    }

    @Test
    void importOutsideCalendarFolderRejected() throws Exception {
        Path secret = folder.resolve("secret.env");
        Files.writeString(secret, "DB_PASSWORD=hunter2\n");
        Path nested = Files.createDirectories(folder.resolve("repo"));
        Path importing = nested.resolve("freeze.yaml");
        Files.writeString(importing, """
                timeZone: UTC
                imports:
                  - path: ../secret.env
                """);

        CliRunner result = CliRunner.run("freeze-guard", "--calendar", importing.toString(), "--environment", "production");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("'../secret.env' is outside the calendar's folder");
        assertThat(result.out()).doesNotContain("DB_PASSWORD", "hunter2");
    }
}
