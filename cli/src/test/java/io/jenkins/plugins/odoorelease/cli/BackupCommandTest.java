package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.testing.OdooDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {

    private static final Map<String, String> ENV = Map.of(
            "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY,
            "ODOO_RELEASE_DB_PASSWORD", PostgresServer.PASSWORD,
            "ODOO_RELEASE_SCRATCH_PASSWORD", PostgresServer.PASSWORD);

    @TempDir
    Path folder;

    private OdooDatabase odoo;
    private String bucket;

    @BeforeEach
    void createDatabase() {
        SystemBinaries.require("pg_dump", "postgresql-client");
        odoo = OdooDatabase.create("17.0", folder);
        odoo.addAttachments(2);
        bucket = S3Server.createBucket("cli");
    }

    private CliRunner backup(String... extra) {
        String[] args = {"backup", "--database-url", PostgresServer.url(odoo.name()), "--database-user", PostgresServer.USER,
            "--location", "s3://" + bucket + "/prod", "--endpoint", S3Server.endpoint().toString(), "--path-style",
            "--filestore", odoo.filestore().toString()};
        return CliRunner.run(ENV, concat(args, extra));
    }

    private CliRunner verify(String... extra) {
        String[] args = {"backup-verify", "--location", "s3://" + bucket + "/prod", "--endpoint", S3Server.endpoint().toString(),
            "--path-style", "--scratch-url", PostgresServer.url("postgres"), "--scratch-user", PostgresServer.USER,
            "--scratch-prefix", "cli_verify_"};
        return CliRunner.run(ENV, concat(args, extra));
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @Test
    void backupThenVerifyExitZero() throws Exception {
        Path backupJson = folder.resolve("backup.json");
        Path verifyJson = folder.resolve("history").resolve("verify-1.json");

        CliRunner backup = backup("--json", backupJson.toString());
        CliRunner verify = verify("--json", verifyJson.toString(), "--no-require-versioning", "--no-require-lifecycle",
                "--history", folder.resolve("history").toString());

        assertThat(backup.exitCode()).as(backup.err()).isZero();
        JsonNode backupReport = ReportJson.mapper().readTree(backupJson.toFile());
        assertThat(backupReport.get("result").get("key").asText()).startsWith("prod/").endsWith("-" + odoo.name() + ".zip");
        assertThat(backupReport.get("result").get("sha256").asText()).hasSize(64);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        JsonNode verifyReport = ReportJson.mapper().readTree(verifyJson.toFile());
        assertThat(verifyReport.get("result").get("key").asText()).isEqualTo(backupReport.get("result").get("key").asText());
        assertThat(verifyReport.get("result").get("attachmentsChecked").asLong()).isEqualTo(2);
        // s3proxy does not implement lifecycle rules; with --no-require-lifecycle that is information only.
        assertThat(verifyReport.get("result").get("verdict").asText()).isEqualTo("PASS");
        assertThat(verify.out()).contains("odooBackupVerify: PASS");
        assertThat(verifyReport.toString()).contains("STORAGE_POLICY_NOT_SUPPORTED", "not supported by this store");
        assertThat(backup.err() + backup.out() + verify.err() + verify.out()).doesNotContain(S3Server.SECRET_KEY)
                .doesNotContain("\tat ");
    }

    @Test
    void sigtermAbortsUploadAndLeavesNothing() throws Exception {
        // A pg_dump that writes two parts' worth and then hangs, so that the upload is in progress when SIGTERM comes.
        Path fake = folder.resolve("pg_dump");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 15.99'; exit 0; fi\n"
                + "head -c 12000000 /dev/urandom\nexec sleep 120\n");
        Files.setPosixFilePermissions(fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), OdooReleaseCli.class.getName(), "backup",
                "--database-url", PostgresServer.url(odoo.name()), "--database-user", PostgresServer.USER, "--location", "s3://" + bucket
                + "/prod", "--endpoint", S3Server.endpoint().toString(), "--path-style", "--format", "custom", "--part-size", "5MiB",
                "--pg-dump", fake.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("child.log").toFile());
        builder.environment().putAll(ENV);
        Process child = builder.start();
        try (software.amazon.awssdk.services.s3.S3Client client = S3Server.client()) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (client.listMultipartUploads(request -> request.bucket(bucket)).uploads().isEmpty() && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(client.listMultipartUploads(request -> request.bucket(bucket)).uploads())
                    .as(Files.readString(folder.resolve("child.log"))).isNotEmpty();

            new ProcessBuilder("kill", "-TERM", String.valueOf(child.pid())).start().waitFor();
            boolean exited = child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);

            String log = Files.readString(folder.resolve("child.log"));
            assertThat(exited).as(log).isTrue();
            assertThat(log).contains("Stop requested; aborting the backup", "ERROR: stopped; the upload was aborted and the objects "
                    + "the backup had written were deleted").doesNotContain("unexpected failure").doesNotContain("\tat ");
            assertThat(client.listMultipartUploads(request -> request.bucket(bucket)).uploads()).as(log).isEmpty();
            assertThat(client.listObjectsV2(request -> request.bucket(bucket)).contents()).as(log).isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void historyFeedsTheTrendChart() throws Exception {
        backup();
        Path history = folder.resolve("history");
        Files.createDirectories(history);
        verify("--json", history.resolve("1.json").toString(), "--no-require-versioning", "--no-require-lifecycle");

        CliRunner second = verify("--json", folder.resolve("2.json").toString(), "--no-require-versioning", "--no-require-lifecycle",
                "--history", history.toString());

        assertThat(second.exitCode()).isZero();
        JsonNode chart = null;
        for (JsonNode section : ReportJson.mapper().readTree(folder.resolve("2.json").toFile()).get("sections")) {
            if (section.get("type").asText().equals("chart")) {
                chart = section;
            }
        }
        assertThat(chart.get("title").asText()).isEqualTo("Restore time (RTO trend)");
        assertThat(chart.get("series").get(0).get("points")).hasSize(2);
    }

    @Test
    void failingVerificationExitsOne() {
        backup();

        CliRunner verify = verify("--rpo", "1ms", "--no-require-versioning", "--no-require-lifecycle");

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("VERIFY_BACKUP_TOO_OLD");
    }

    @Test
    void invalidOptionsExitTwoWithoutStackTrace() {
        CliRunner verify = CliRunner.run(ENV, "backup-verify", "--location", "backups/prod", "--scratch-url", "jdbc:postgresql://h/postgres",
                "--rto", "90", "--attachments", "some");

        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err()).contains("ERROR: --location: 'backups/prod': expected s3://BUCKET/PREFIX",
                "ERROR: --rto: '90': invalid duration: add a unit", "ERROR: --attachments: 'some': expected 'all', 'none' or 'sample:N'")
                .doesNotContain("\tat ");
    }

    @Test
    void missingPasswordsNameTheirVariables() {
        Map<String, String> storeKeysOnly = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);

        CliRunner backup = CliRunner.run(storeKeysOnly, "backup", "--database-url", PostgresServer.url(odoo.name()), "--database-user",
                PostgresServer.USER, "--location", "s3://" + bucket + "/prod", "--endpoint", S3Server.endpoint().toString(), "--path-style");
        CliRunner verify = CliRunner.run(storeKeysOnly, "backup-verify", "--location", "s3://" + bucket + "/prod", "--endpoint",
                S3Server.endpoint().toString(), "--path-style", "--scratch-url", PostgresServer.url("postgres"), "--scratch-user",
                PostgresServer.USER);

        assertThat(backup.exitCode()).as(backup.err()).isEqualTo(2);
        assertThat(backup.err()).contains("ERROR: the server asks for a password for postgres and none was given; set "
                + BackupCommand.PASSWORD_ENV + " (or PGPASSWORD) in the environment").doesNotContain("credentials");
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(2);
        assertThat(verify.err()).contains("ERROR: the server asks for a password for postgres and none was given; set "
                + BackupVerifyCommand.PASSWORD_ENV + " (or PGPASSWORD) in the environment").doesNotContain("credentials");
    }

    /** pg_dump and pg_restore read PGUSER by themselves, so the JDBC connection must use the same default user. */
    @Test
    void databaseUsersDefaultToEnvironment() {
        Map<String, String> backupEnv = new java.util.HashMap<>(ENV);
        backupEnv.put(BackupCommand.USER_ENV, PostgresServer.USER);
        Map<String, String> verifyEnv = new java.util.HashMap<>(ENV);
        verifyEnv.put("PGUSER", PostgresServer.USER);

        CliRunner backup = CliRunner.run(backupEnv, "backup", "--database-url", PostgresServer.url(odoo.name()), "--location",
                "s3://" + bucket + "/prod", "--endpoint", S3Server.endpoint().toString(), "--path-style", "--filestore",
                odoo.filestore().toString());
        CliRunner verify = CliRunner.run(verifyEnv, "backup-verify", "--location", "s3://" + bucket + "/prod", "--endpoint",
                S3Server.endpoint().toString(), "--path-style", "--scratch-url", PostgresServer.url("postgres"), "--scratch-prefix",
                "cli_verify_", "--no-require-versioning", "--no-require-lifecycle");

        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }

    @Test
    void wrongDatabasePasswordIsInvalidInput() {
        CliRunner backup = CliRunner.run(Map.of("ODOO_RELEASE_DB_PASSWORD", "not-the-password", "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY), "backup", "--database-url", PostgresServer.url(odoo.name()),
                "--database-user", PostgresServer.USER, "--location", "s3://" + bucket + "/prod", "--endpoint",
                S3Server.endpoint().toString(), "--path-style");

        assertThat(backup.exitCode()).isEqualTo(2);
        assertThat(backup.err()).contains("connection rejected").doesNotContain("not-the-password").doesNotContain("\tat ");
    }
}
