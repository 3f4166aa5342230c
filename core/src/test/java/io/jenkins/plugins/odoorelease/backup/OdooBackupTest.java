package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.OdooDatabase;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

class OdooBackupTest {

    @TempDir
    Path folder;

    private OdooDatabase odoo;
    private String bucket;

    @BeforeEach
    void createDatabase() {
        SystemBinaries.require("pg_dump", "postgresql-client");
        odoo = OdooDatabase.create("17.0", folder);
        odoo.addAttachment("hello.txt", "hello odoo\n".getBytes(StandardCharsets.UTF_8));
        odoo.addAttachment("second.txt", "second file\n".getBytes(StandardCharsets.UTF_8));
        bucket = S3Server.createBucket("backup");
    }

    @Test
    void zipHasOdooLayoutAndRecordedDigest() throws Exception {
        StepReport report = BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, "zip")
                .filestore(odoo.filestore().toString()).build());

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        String key = (String) report.result().get("key");
        assertThat(key).matches("odoo/" + odoo.name() + "/\\d{8}T\\d{9}Z-" + odoo.name() + "\\.zip");
        byte[] zip = BackupFixtures.download(bucket, key);
        assertThat(report.result().get("sha256")).isEqualTo(io.jenkins.plugins.odoorelease.common.Sha256.hex(zip));
        assertThat(report.result().get("size")).isEqualTo((long) zip.length);
        try (S3Client client = S3Server.client()) {
            assertThat(client.headObject(request -> request.bucket(bucket).key(key)).metadata()).containsEntry("sha256", io.jenkins.plugins.odoorelease.common.Sha256.hex(zip));
        }
        List<String> names = new ArrayList<>();
        JsonNode manifest = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                if (entry.getName().equals("manifest.json")) {
                    manifest = ReportJson.mapper().readTree(in.readAllBytes());
                }
            }
        }
        assertThat(names.subList(0, 2)).containsExactly("dump.sql", "manifest.json");
        String hello = OdooDatabase.sha1("hello odoo\n".getBytes(StandardCharsets.UTF_8));
        assertThat(names).contains("filestore/67/" + hello, "filestore/checklist/67/" + hello);
        List<String> keys = new ArrayList<>();
        manifest.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("odoo_dump", "db_name", "version", "version_info", "major_version", "pg_version", "modules");
        assertThat(manifest.get("odoo_dump").asText()).isEqualTo("1");
        assertThat(manifest.get("db_name").asText()).isEqualTo(odoo.name());
        assertThat(manifest.get("major_version").asText()).isEqualTo("17.0");
        assertThat(manifest.get("version_info").toString()).isEqualTo("[17,0,0,\"final\",0,\"\"]");
        assertThat(manifest.get("pg_version").asText()).isEqualTo("15.0");
        assertThat(manifest.get("modules").toString()).isEqualTo("{\"base\":\"17.0.1.3\",\"sale\":\"17.0.1.2\",\"web\":\"17.0.1.0\"}");
    }

    @Test
    void manifestObjectListsObjectsAndCounts() throws Exception {
        StepReport report = BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, "custom")
                .filestore(odoo.filestore().toString()).build());

        String key = (String) report.result().get("key");
        assertThat(key).endsWith(".dump");
        byte[] dump = BackupFixtures.download(bucket, key);
        assertThat(new String(dump, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        BackupManifest manifest = ReportJson.mapper().readValue(BackupFixtures.download(bucket, BackupKeys.manifestKeyOf(key)),
                BackupManifest.class);
        assertThat(manifest.format()).isEqualTo("custom");
        assertThat(manifest.objects()).extracting(BackupManifest.Entry::role).containsExactly("database", "filestore");
        assertThat(manifest.object("database").sha256()).isEqualTo(io.jenkins.plugins.odoorelease.common.Sha256.hex(dump));
        assertThat(manifest.rowCounts()).containsEntry("ir_attachment", 2L).containsEntry("res_partner", 3L);
        assertThat(manifest.filestore().files()).isEqualTo(4);
        byte[] tar = BackupFixtures.download(bucket, manifest.object("filestore").key());
        assertThat(manifest.object("filestore").sha256()).isEqualTo(io.jenkins.plugins.odoorelease.common.Sha256.hex(tar));
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        assertThat(names).hasSize(4).allMatch(name -> name.startsWith("filestore/"));
    }

    @Test
    void filestoreFromPrefixIsCopied() throws Exception {
        byte[] content = "stored in s3\n".getBytes(StandardCharsets.UTF_8);
        String sha1 = OdooDatabase.sha1(content);
        BackupFixtures.upload(bucket, "filestores/" + odoo.name() + "/" + sha1.substring(0, 2) + "/" + sha1, content, java.util.Map.of());

        StepReport report = BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, "zip")
                .filestore("s3://" + bucket + "/filestores/" + odoo.name()).build());

        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(BackupFixtures.download(bucket, (String) report.result().get("key"))))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactly("dump.sql", "manifest.json", "filestore/" + sha1.substring(0, 2) + "/" + sha1);
    }

    @Test
    void missingFilestoreIsAnError() throws Exception {
        StepReport report = BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, "zip").build());

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(BackupFindings.BACKUP_FILESTORE_NOT_GIVEN.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("2 attachments"));
    }

    @Test
    void olderPgDumpRejectedNamingBothVersions() throws Exception {
        Path fake = folder.resolve("pg_dump");
        Files.writeString(fake, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.4'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, "zip")
                .filestore(odoo.filestore().toString()).pgDump(fake.toString()).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pg_dump 12.4 is older than the server")
                .hasMessageContaining(" 15.");
        try (S3Client client = S3Server.client()) {
            assertThat(client.listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
        }
    }

    @Test
    void snapshotTimeComesFromClock() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2031-05-04T03:02:01.123Z");

        StepReport report = new OdooBackup(java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)).run(
                BackupFixtures.backupRequest(odoo.name(), bucket, "zip").build(), io.jenkins.plugins.odoorelease.common.EventSink.NONE);

        assertThat(report.result().get("createdAt")).isEqualTo("2031-05-04T03:02:01.123Z");
        assertThat((String) report.result().get("key")).contains("/20310504T030201123Z-");
    }

    @Test
    void fileRemovedDuringBackupLeftOut() throws Exception {
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(odoo.filestore())) {
            files = walk.filter(java.nio.file.Files::isRegularFile).sorted().toList();
        }
        java.nio.file.Path last = files.get(files.size() - 1);
        String lastName = odoo.filestore().relativize(last).toString();
        // Deletes the last file once the first is copied, as Odoo's garbage collection may at any time.
        io.jenkins.plugins.odoorelease.common.EventSink collector = new io.jenkins.plugins.odoorelease.common.EventSink() {
            @Override
            public void log(io.jenkins.plugins.odoorelease.common.LogLevel level, String message) {
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
                if (task.equals("Filestore files copied") && done == 1) {
                    last.toFile().delete();
                }
            }
        };

        StepReport report = new OdooBackup(java.time.Clock.systemUTC()).run(BackupFixtures.backupRequest(odoo.name(), bucket, "zip")
                .filestore(odoo.filestore().toString()).build(), collector);

        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.findings(BackupFindings.BACKUP_FILES_VANISHED.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("1 filestore file was removed", lastName));
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(BackupFixtures.download(bucket,
                (String) report.result().get("key"))))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        assertThat(names).contains("filestore/" + odoo.filestore().relativize(files.get(0))).doesNotContain("filestore/" + lastName);
    }

    @Test
    void failedDumpLeavesNoObject() throws Exception {
        Path fake = folder.resolve("pg_dump");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 15.99'; exit 0; fi\n"
                + "head -c 7000000 /dev/zero\necho 'pg_dump: error: connection lost' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, "custom")
                .filestore(odoo.filestore().toString()).pgDump(fake.toString()).partSize("5MiB").build()))
                .hasMessageContaining("pg_dump failed with exit code 1: pg_dump: error: connection lost");
        try (S3Client client = S3Server.client()) {
            assertThat(client.listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
            assertThat(client.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
        }
    }

    @Test
    void missingBucketFailsBeforeDump() throws Exception {
        Path fake = folder.resolve("pg_dump");
        Path started = folder.resolve("dump-started");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 15.99'; exit 0; fi\n"
                + "touch " + started + "\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        for (String format : List.of("zip", "custom")) {
            assertThatThrownBy(() -> BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), "no-such-bucket-" + bucket, format)
                    .filestore(odoo.filestore().toString()).pgDump(fake.toString()).build()))
                    .as(format).isInstanceOf(InfrastructureException.class).hasMessageContaining("could not start");
        }

        assertThat(started).doesNotExist();
    }

    @Test
    void passwordNeverOnCommandLine() throws Exception {
        Path fake = folder.resolve("pg_dump");
        Path seen = folder.resolve("seen.txt");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'pg_dump (PostgreSQL) 15.99'; exit 0; fi\n"
                + "echo \"$@\" > " + seen + "\nenv | grep '^PG' | sort >> " + seen + "\nls -l \"$PGPASSFILE\" | cut -c1-10 >> " + seen
                + "\ncat \"$PGPASSFILE\" >> " + seen + "\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, "custom")
                .filestore(odoo.filestore().toString()).pgDump(fake.toString()).build()));

        List<String> lines = Files.readAllLines(seen);
        assertThat(lines.get(0)).doesNotContain("postgres").startsWith("--no-owner --format=custom --snapshot=");
        assertThat(lines).doesNotContain("PGPASSWORD=postgres").contains("PGUSER=postgres", "-rw-------");
        assertThat(lines.get(lines.size() - 1)).endsWith(":*:postgres:postgres");
        String passfile = lines.stream().filter(line -> line.startsWith("PGPASSFILE=")).findFirst().orElseThrow().substring(11);
        assertThat(Path.of(passfile)).doesNotExist();
    }

    @Test
    void invalidValuesListedTogether() {
        assertThatThrownBy(() -> BackupRequest.builder().database("mysql://db", null, null).location("backups/odoo").format("tar")
                .partSize("1MiB").filestore(folder.resolve("missing").toString()).build())
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    Iterator<String> paths = ((InvalidInputException) e).problems().stream().map(p -> p.path()).iterator();
                    List<String> names = new ArrayList<>();
                    paths.forEachRemaining(names::add);
                    assertThat(names).containsExactlyInAnyOrder("databaseUrl", "location", "format", "filestore", "partSize");
                });
    }
}
