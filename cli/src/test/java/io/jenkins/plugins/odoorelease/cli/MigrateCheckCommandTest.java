package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import io.jenkins.plugins.odoorelease.testing.OdooModulesDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCheckCommandTest {

    private static final String PASSWORD = "Check-" + UUID.randomUUID();
    private static String role;

    @TempDir
    static Path folder;

    private static OdooModulesDatabase database;
    private static Path odooAddons;
    private static Path custom;

    /** Creates a 17.0 database where shop goes from 17.0.1.0.0 to 17.0.1.1.0, and a role with its own password. */
    @BeforeAll
    static void shopDatabase() {
        role = "check_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        database = OdooModulesDatabase.create("cli", 17).module("shop", "installed", "17.0.1.0.0", "web").readOnlyRole(role, PASSWORD);
        odooAddons = OdooModulesDatabase.writeOdooAddons(folder.resolve("odoo"), 17).root();
        AddonTree tree = AddonTree.at(folder.resolve("custom"));
        tree.module("shop", "17.0.1.1.0", "'web'", null);
        tree.script("shop", "migrations", "17.0.1.1.0", "pre-rename.py");
        custom = tree.root();
    }

    private static List<String> args(Path addons, String... more) {
        List<String> args = new ArrayList<>(List.of("migrate-check", "--addons", odooAddons + "," + addons, "--database-url", database.url(),
                "--database-user", role));
        args.addAll(List.of(more));
        return args;
    }

    private static CliRunner run(Map<String, String> env, List<String> args) {
        return CliRunner.run(env, args.toArray(String[]::new));
    }

    @Test
    void planPrintedAndExitZero() throws Exception {
        Path json = folder.resolve("plan.json");

        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), args(custom, "--json", json.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Plan for Odoo 17.0:", "upgrade shop 17.0.1.0.0 -> 17.0.1.1.0",
                "1. shop pre migrations/17.0.1.1.0/pre-rename.py", "Canary safe: no, the update upgrades shop",
                "odooMigrateCheck: PASS - 1 to upgrade; 1 migration script");
        JsonNode report = ReportJson.mapper().readTree(json.toFile());
        assertThat(report.get("step").asText()).isEqualTo("odooMigrateCheck");
        assertThat(report.get("result").get("upgrade").get(0).asText()).isEqualTo("shop");
        assertThat(report.get("result").get("canarySafe").asBoolean()).isFalse();
        assertThat(report.get("result").get("blockers").size()).isZero();
    }

    @Test
    void blockersExitOne() {
        AddonTree downgraded = AddonTree.at(folder.resolve("downgraded"));
        downgraded.module("shop", "17.0.0.9.0", "'web'", null);

        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), args(downgraded.root()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("downgrade shop 17.0.1.0.0 -> 17.0.0.9.0", "ERROR MODULE_DOWNGRADE [shop]");
    }

    @Test
    void warningFailsOnlyWithFailOnWarning() {
        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), args(custom, "--fail-on", "warning",
                "--long-transaction", "1ms", "--connection-usage", "1"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("WARNING POSTGRES_CONNECTIONS_HIGH");
    }

    @Test
    void passwordFromEnvironmentNeverPrinted() throws Exception {
        Path json = folder.resolve("secret.json");
        Path junit = folder.resolve("secret.xml");

        List<String> args = new ArrayList<>(List.of("--verbose"));
        args.addAll(args(custom, "--json", json.toString(), "--junit", junit.toString()));

        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), args);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain(PASSWORD);
        assertThat(result.err()).doesNotContain(PASSWORD);
        assertThat(Files.readString(json)).doesNotContain(PASSWORD).contains("\"databaseUser\" : \"" + role + "\"");
        assertThat(Files.readString(junit)).doesNotContain(PASSWORD).contains("name=\"shop\"");
    }

    @Test
    void pgPasswordIsTheFallback() {
        CliRunner result = run(Map.of("PGPASSWORD", PASSWORD), args(custom));

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void passwordFromFile() throws Exception {
        Path file = folder.resolve("db-password");
        Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        CliRunner result = run(Map.of(), args(custom, "--database-password-file", file.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("readable by other users");
    }

    @Test
    void readablePasswordFileWarns() throws Exception {
        Path file = folder.resolve("shared-password");
        Files.writeString(file, PASSWORD, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        CliRunner result = run(Map.of(), args(custom, "--database-password-file", file.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("WARNING: The password file " + file + " is readable by other users; restrict it with chmod 600.");
    }

    @Test
    void passwordOptionRejectedWithoutEcho() {
        CliRunner result = run(Map.of(), args(custom, "--database-password", "hunter2-on-the-command-line"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--database-password: a password on the command line shows in the process list",
                MigrateCheckCommand.PASSWORD_ENV, "--database-password-file");
        assertThat(result.err()).doesNotContain("hunter2-on-the-command-line").doesNotContain("\tat ");
    }

    @Test
    void wrongPasswordExitsTwo() {
        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, "not-the-password"), args(custom));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("connection rejected", "check the URL and the credentials").doesNotContain("not-the-password")
                .doesNotContain("\tat ");
    }

    @Test
    void missingPasswordExitsTwoAndNamesTheWays() {
        CliRunner result = run(Map.of(), args(custom));

        assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: " + MigrateCheckCommand.PASSWORD_ENV + ": the server asks for a password for " + role
                + " and none was given",
                "$" + MigrateCheckCommand.PASSWORD_ENV, "--database-password-file", "credentialsId").doesNotContain("\tat ");
    }

    @Test
    void timeoutAbovePostgresLimitExitsTwo() {
        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), args(custom, "--statement-timeout", "30d"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --statement-timeout: '30d': expected a timeout of at most 2147483647ms")
                .doesNotContain("statementTimeout").doesNotContain("\tat ");
    }

    @Test
    void unreachableServerPrintsOneErrorWithContext() {
        String url = "jdbc:postgresql://127.0.0.1:1/shop";

        CliRunner result = CliRunner.run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), "-q", "migrate-check", "--addons",
                custom.toString(), "--database-url", url);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(result.err()).startsWith("ERROR: cannot connect to PostgreSQL: Connection to 127.0.0.1:1 refused")
                .contains("\n  database: " + url + "\n").doesNotContain("{database=").doesNotContain("\tat ");
        assertThat(result.err().lines().filter(line -> line.startsWith("ERROR"))).hasSize(1);
    }

    @Test
    void verboseShowsStackTraceOfFault() {
        CliRunner result = CliRunner.run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), "--verbose", "migrate-check", "--addons",
                custom.toString(), "--database-url", "jdbc:postgresql://127.0.0.1:1/shop");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(result.err()).contains("ERROR: cannot connect to PostgreSQL", "InfrastructureException", "\tat ");
    }

    @Test
    void planPrintsDashForMissingVersion() {
        AddonTree blocked = AddonTree.at(folder.resolve("blocked"));
        blocked.module("shop", "17.0.1.1.0", "'web', 'shop_gone'", null);

        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), args(blocked.root(), "--install", "nowhere_module"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("not loaded nowhere_module - (requested; not loaded because it is neither in the addons nor "
                + "in ir_module_module)", "not loaded shop 17.0.1.0.0 -> 17.0.1.1.0 (17.0.1.0.0 to 17.0.1.1.0; not loaded because its "
                + "dependency shop_gone cannot be loaded)").doesNotContain("null").doesNotContain("upgrade shop");
    }

    @Test
    void missingAddonsPathExitsTwo() {
        CliRunner result = run(Map.of(MigrateCheckCommand.PASSWORD_ENV, PASSWORD), args(folder.resolve("nowhere")));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --addons: '" + folder.resolve("nowhere") + "': no such folder");
    }

    @Test
    void invalidOptionsListedTogether() {
        CliRunner result = run(Map.of(), args(custom, "--series", "15.0", "--large-table-rows", "many", "--lock-timeout", "0s"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --series: '15.0': unsupported Odoo series", "ERROR: --large-table-rows: 'many'",
                "ERROR: --lock-timeout: '0s': expected a timeout of at least 1ms");
    }

    /** Runs the real entry point in its own JVM: the password reaches it through the environment only, never argv. */
    @Test
    void separateProcessTakesPasswordFromEnvironment() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OdooReleaseCli.class.getName()));
        command.add("--quiet");
        command.addAll(args(custom));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(MigrateCheckCommand.PASSWORD_ENV, PASSWORD);
        File output = folder.resolve("process.log").toFile();
        builder.redirectOutput(output);

        Process process = builder.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);

        assertThat(finished).isTrue();
        assertThat(process.exitValue()).as(Files.readString(output.toPath())).isZero();
        assertThat(String.join(" ", process.info().arguments().orElse(new String[0]))).doesNotContain(PASSWORD);
        assertThat(String.join(" ", command)).doesNotContain(PASSWORD);
        assertThat(Files.readString(output.toPath())).contains("odooMigrateCheck: PASS").doesNotContain(PASSWORD);
    }
}
