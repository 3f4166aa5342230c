package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.OdooDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Every way a backup can be broken, each against a real PostgreSQL and S3 server. After each run no scratch database
 * may remain, and the backup object must be byte for byte what it was before.
 */
class BackupFailureTest {

    private static final String SCRATCH = "fail_verify_";

    @TempDir
    Path folder;

    private OdooDatabase odoo;
    private String bucket;
    private String prefix;
    private String checkedKey;
    private String checkedSha;

    @BeforeEach
    void createDatabase() {
        SystemBinaries.require("pg_dump", "postgresql-client");
        odoo = OdooDatabase.create("17.0", folder);
        odoo.addAttachments(3);
        bucket = S3Server.createBucket("failures");
        prefix = "odoo/" + odoo.name();
    }

    @AfterEach
    void leavesNothingBehind() {
        assertThat(PostgresServer.databasesStartingWith(SCRATCH)).as("scratch databases left behind").isEmpty();
        if (checkedKey != null) {
            assertThat(io.jenkins.plugins.odoorelease.common.Sha256.hex(BackupFixtures.download(bucket, checkedKey))).as("backup object changed").isEqualTo(checkedSha);
        }
    }

    private String backup(String format, boolean withFilestore) throws Exception {
        BackupRequest.Builder request = BackupFixtures.backupRequest(odoo.name(), bucket, format);
        if (withFilestore) {
            request.filestore(odoo.filestore().toString());
        }
        String key = (String) BackupFixtures.backup(request.build()).result().get("key");
        watch(key);
        return key;
    }

    private void watch(String key) {
        checkedKey = key;
        checkedSha = io.jenkins.plugins.odoorelease.common.Sha256.hex(BackupFixtures.download(bucket, key));
    }

    private StepReport verify(VerifyRequest.Builder request) throws Exception {
        return VerifyFixtures.verify(request.requireVersioning(false).requireLifecycle(false).build());
    }

    private VerifyRequest.Builder request() {
        return VerifyFixtures.verifyRequest(bucket, prefix, SCRATCH);
    }

    private static Finding only(StepReport report, VerifyFindings code) {
        List<Finding> found = report.findings(code.code());
        assertThat(found).as("findings %s in %s", code, report.findings()).hasSize(1);
        return found.get(0);
    }

    @Test
    void wrongChecksumDetected() throws Exception {
        String key = backup("zip", true);
        byte[] zip = BackupFixtures.download(bucket, key);
        // Bytes 10-13 are the modification time of the first local header, which no reader depends on.
        zip[10] ^= 0x01;
        replace(key, zip);

        StepReport report = verify(request());

        assertThat(only(report, VerifyFindings.VERIFY_CHECKSUM_MISMATCH).message()).contains("was recorded when it was written");
        assertThat(report.findings(VerifyFindings.VERIFY_RESTORE_FAILED.code())).isEmpty();
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void truncatedObjectDetected() throws Exception {
        String key = backup("zip", true);
        byte[] zip = BackupFixtures.download(bucket, key);
        replace(key, Arrays.copyOf(zip, zip.length / 2));

        StepReport report = verify(request());

        assertThat(only(report, VerifyFindings.VERIFY_SIZE_MISMATCH).message()).contains("truncated");
        assertThat(only(report, VerifyFindings.VERIFY_ARCHIVE_UNREADABLE).message()).contains("central directory");
        assertThat(only(report, VerifyFindings.VERIFY_CHECKSUM_MISMATCH).severity()).isEqualTo(Severity.ERROR);
        assertThat(report.result().get("restoreSeconds")).isNull();
    }

    @Test
    void nestedDumpRejected() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        Map<String, byte[]> nested = new LinkedHashMap<>();
        entries.forEach((name, content) -> nested.put("backup/" + name, content));
        String key = uploadArchive(nested);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_DUMP_NESTED).message()).contains("dump.sql is at backup/dump.sql");
        assertThat(only(report, VerifyFindings.VERIFY_MANIFEST_MISSING).message()).contains("there is one at backup/manifest.json");
        assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("restore", "SKIPPED");
    }

    @Test
    void customDumpRenamedZipDetected() throws Exception {
        SystemBinaries.require("pg_restore", "postgresql-client");
        String dumpKey = backup("custom", true);
        String renamed = prefix + "/" + BackupKeys.TIME.format(Instant.now()) + "-renamed.zip";
        BackupFixtures.upload(bucket, renamed, BackupFixtures.download(bucket, dumpKey), Map.of());
        watch(renamed);

        StepReport report = verify(request().key(renamed));

        assertThat(only(report, VerifyFindings.VERIFY_FORMAT_MISMATCH).message())
                .contains("its name ends in .zip, but the content is a pg_dump custom-format archive (PGDMP, archive version 1.1");
        assertThat(report.result()).containsEntry("format", "custom");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void missingManifestReported() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        entries.remove("manifest.json");
        String key = uploadArchive(entries);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_MANIFEST_MISSING).message()).startsWith("The archive has no manifest.json,");
        assertThat(report.findings(VerifyFindings.VERIFY_RESTORE_FAILED.code())).isEmpty();
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void missingFilestoreReported() throws Exception {
        backup("zip", false);

        StepReport report = verify(request());

        Finding finding = only(report, VerifyFindings.VERIFY_FILESTORE_MISSING);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.message()).contains("3 attachments of the restored database keep their content there");
    }

    @Test
    void missingAndCorruptedAttachmentsReportedWithIds() throws Exception {
        int missingId = odoo.addAttachment("lost.pdf", "lost content\n".getBytes(StandardCharsets.UTF_8));
        int corruptId = odoo.addAttachment("rotten.pdf", "rotten content\n".getBytes(StandardCharsets.UTF_8));
        String lost = OdooDatabase.sha1("lost content\n".getBytes(StandardCharsets.UTF_8));
        String rotten = OdooDatabase.sha1("rotten content\n".getBytes(StandardCharsets.UTF_8));
        Files.delete(odoo.filestore().resolve(lost.substring(0, 2)).resolve(lost));
        Files.writeString(odoo.filestore().resolve(rotten.substring(0, 2)).resolve(rotten), "bit rot\n");
        backup("zip", true);

        StepReport report = verify(request());

        Finding missing = only(report, VerifyFindings.ATTACHMENT_MISSING);
        assertThat(missing.message()).startsWith("1 of 5 checked files are not in the filestore; attachment ids [" + missingId + "]");
        assertThat(missing.details()).containsEntry("sampleIds", List.of(missingId));
        Finding mismatch = only(report, VerifyFindings.ATTACHMENT_CHECKSUM_MISMATCH);
        assertThat(mismatch.details()).containsEntry("sampleIds", List.of(corruptId));
        assertThat(report.result()).containsEntry("attachmentsChecked", 4L);
    }

    @Test
    void orphanFilesAndChecklistMarkersTold() throws Exception {
        Path orphan = odoo.filestore().resolve("ff").resolve("ff00000000000000000000000000000000000000");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "nobody points here");
        backup("zip", true);

        StepReport report = verify(request().attachments("sample:2"));

        Finding finding = only(report, VerifyFindings.ATTACHMENT_ORPHAN_FILES);
        assertThat(finding.severity()).isEqualTo(Severity.INFO);
        assertThat(finding.message()).startsWith("1 files of the filestore are referenced by no attachment");
        assertThat(report.result()).containsEntry("attachmentsChecked", 2L);
    }

    @Test
    void stuckModuleReported() throws Exception {
        odoo.installModule("stock", "17.0.1.1", "to upgrade");
        backup("zip", true);

        StepReport report = verify(request());

        assertThat(only(report, VerifyFindings.VERIFY_MODULE_STUCK).subject()).isEqualTo("stock");
        assertThat(report.findings(VerifyFindings.VERIFY_MODULES_DIFFER.code())).isEmpty();
    }

    @Test
    void localHeaderNameMismatchFailsRestore() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        assertThat(entries.keySet()).first().isEqualTo("dump.sql");
        byte[] zip = zipOf(entries);
        // The first local header starts at byte 0 and its name at byte 30; the central directory keeps "dump.sql".
        assertThat(new String(zip, 30, 8, StandardCharsets.US_ASCII)).isEqualTo("dump.sql");
        zip[37] = 'X';
        String key = uploadArchive(zip);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_ARCHIVE_UNREADABLE).message())
                .contains("only in the central directory: dump.sql", "only in the local headers: dump.sqX");
        assertThat(report.findings(VerifyFindings.VERIFY_RESTORE_FAILED.code())).extracting(Finding::message)
                .anyMatch(message -> message.contains("dump.sql was not found while streaming the archive"));
        assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("restore", "FAIL");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void dumpWithoutAttachmentTableReported() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        String dump = new String(entries.get("dump.sql"), StandardCharsets.UTF_8);
        entries.put("dump.sql", (dump + "\nDROP TABLE public.ir_attachment CASCADE;\n").getBytes(StandardCharsets.UTF_8));
        String key = uploadArchive(entries);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_TABLE_MISSING).subject()).isEqualTo("ir_attachment");
        assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("restore", "PASS").containsEntry("consistency", "FAIL").containsEntry("attachments", "SKIPPED");
        assertThat(report.findings(VerifyFindings.VERIFY_LEVEL_SKIPPED.code())).extracting(Finding::message)
                .contains("the restored database has no ir_attachment table");
    }

    @Test
    void emptyObjectReportedAsUnknownFormat() throws Exception {
        String key = prefix + "/" + BackupKeys.TIME.format(Instant.now()) + "-empty.zip";
        BackupFixtures.upload(bucket, key, new byte[0], Map.of());
        watch(key);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_UNKNOWN_FORMAT).message()).contains("nothing (the object is empty)");
        assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("restore", "SKIPPED");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void damagedNewestManifestReportedAndOlderVerified() throws Exception {
        String good = backup("zip", true);
        String damaged = prefix + "/" + BackupKeys.TIME.format(Instant.now().plusSeconds(60)) + "-" + odoo.name() + BackupManifest.SUFFIX;
        BackupFixtures.upload(bucket, damaged, "{\"schema\": \"odoo-release/backup/v1\", \"objects\": [".getBytes(StandardCharsets.UTF_8),
                Map.of());

        StepReport report = verify(request());

        assertThat(only(report, VerifyFindings.VERIFY_BACKUP_MANIFEST_INVALID).subject()).isEqualTo(damaged);
        assertThat(report.result().get("key")).isEqualTo(good);
        assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("freshness", "FAIL").containsEntry("restore", "PASS");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void escapingEntryRejected() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        entries.put("../../etc/cron.d/evil", "* * * * * root true\n".getBytes(StandardCharsets.UTF_8));
        String key = uploadArchive(entries);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_ENTRY_ESCAPES).message()).contains("../../etc/cron.d/evil");
        assertThat(report.result().get("scratchDatabase")).isNull();
    }

    @Test
    void zipBombRejected() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        entries.put("filestore/00/zeros", new byte[64 << 20]);
        String key = uploadArchive(entries);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_COMPRESSION_RATIO).message()).contains("filestore/00/zeros", "above the limit of 200:1");
    }

    @Test
    void manySmallZeroEntriesRejectedTogether() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        byte[] zeros = new byte[(int) ArchiveStructure.RATIO_MIN_SIZE];
        for (int i = 0; i < 80; i++) {
            entries.put("filestore/zz/zeros-" + i, zeros);
        }
        String key = uploadArchive(entries);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_COMPRESSION_RATIO).message()).contains(ArchiveStructure.WHOLE_ARCHIVE,
                "above the limit of 200:1");
        assertThat(report.result().get("scratchDatabase")).isNull();
    }

    @Test
    void backupOlderThanRpoReported() throws Exception {
        backup("zip", true);
        Clock twoDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));

        StepReport report = new BackupVerifier(twoDaysLater).run(request().rpo("1d").requireVersioning(false).requireLifecycle(false)
                .build(), EventSink.NONE);

        assertThat(only(report, VerifyFindings.VERIFY_BACKUP_TOO_OLD).message()).contains("older than the recovery point objective");
        assertThat((Long) report.result().get("ageSeconds")).isGreaterThanOrEqualTo(Duration.ofDays(2).toSeconds());
    }

    @Test
    void storeWithoutLifecycleSupportIsNeitherPassNorCrash() throws Exception {
        S3Server.setVersioning(bucket, BucketVersioningStatus.ENABLED);
        backup("zip", true);

        StepReport report = VerifyFixtures.verify(request().requireLifecycle(true).requireVersioning(true).build());

        Finding unsupported = only(report, VerifyFindings.STORAGE_POLICY_NOT_SUPPORTED);
        assertThat(unsupported.severity()).isEqualTo(Severity.WARNING);
        assertThat(unsupported.message()).contains("lifecycle rules: not supported by this store", "501");
        assertThat(report.findings(VerifyFindings.STORAGE_VERSIONING_OFF.code())).isEmpty();
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void exemptStoreWithoutLifecycleSupportIsInformation() throws Exception {
        backup("zip", true);

        StepReport report = VerifyFixtures.verify(request().requireLifecycle(false).requireVersioning(false).build());

        assertThat(only(report, VerifyFindings.STORAGE_POLICY_NOT_SUPPORTED).severity()).isEqualTo(Severity.INFO);
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void versioningNeverEnabledFailsWhenRequired() throws Exception {
        backup("zip", true);

        StepReport report = VerifyFixtures.verify(request().requireLifecycle(false).requireVersioning(true).build());

        Finding off = only(report, VerifyFindings.STORAGE_VERSIONING_OFF);
        assertThat(off.severity()).isEqualTo(Severity.ERROR);
        assertThat(off.message()).contains("has never been enabled");
        assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("restore", "PASS").containsEntry("storage", "FAIL");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void failingStatementStopsRestoreWithLine() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        String dump = new String(entries.get("dump.sql"), StandardCharsets.UTF_8);
        entries.put("dump.sql", dump.replaceFirst("CREATE TABLE public.res_partner", "CREATE TABLE public.res_partner_broken (\n  id integer REFERENCES nowhere(id)\n);\n"
                + "CREATE TABLE public.res_partner").getBytes(StandardCharsets.UTF_8));
        String key = uploadArchive(entries);

        StepReport report = verify(request().key(key));

        assertThat(only(report, VerifyFindings.VERIFY_RESTORE_FAILED).message())
                .containsPattern("dump.sql line \\d+: .*relation \"nowhere\" does not exist")
                .contains("in: CREATE TABLE public.res_partner_broken");
        assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("consistency", "SKIPPED");
    }

    @Test
    void failedRestoreWithoutFilestoreLeavesNeedUnknown() throws Exception {
        Map<String, byte[]> entries = odooEntries();
        entries.keySet().removeIf(name -> name.startsWith("filestore/"));
        entries.put("dump.sql", "CREATE TABLE broken (id integer REFERENCES nowhere(id));\n".getBytes(StandardCharsets.UTF_8));
        String key = uploadArchive(entries);

        StepReport report = verify(request().key(key));

        Finding filestore = only(report, VerifyFindings.VERIFY_FILESTORE_MISSING);
        assertThat(filestore.severity()).isEqualTo(Severity.INFO);
        assertThat(filestore.message()).contains("unknown, because the database was not restored");
        assertThat(report.findings(VerifyFindings.VERIFY_RESTORE_FAILED.code())).hasSize(1);
    }

    private static String scratchName(Duration age, String suffix) {
        return SCRATCH + LocalDateTime.now(ZoneOffset.UTC).minus(age).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "_" + suffix;
    }

    private static String[] createMarked(String name) {
        return new String[] {"CREATE DATABASE " + name, "COMMENT ON DATABASE " + name + " IS '" + ScratchDatabases.MARK + "'"};
    }

    @Test
    void staleScratchDatabaseDroppedAndReported() throws Exception {
        backup("zip", true);
        String stale = scratchName(Duration.ofDays(2), "deadbeef");
        String recent = scratchName(Duration.ofHours(1), "0badcafe");
        String foreign = scratchName(Duration.ofDays(3), "f0f0f0f0");
        PostgresServer.execute("postgres", createMarked(stale));
        PostgresServer.execute("postgres", createMarked(recent));
        PostgresServer.execute("postgres", "CREATE DATABASE " + foreign);

        StepReport report = verify(request());

        assertThat(only(report, VerifyFindings.VERIFY_STALE_SCRATCH_DROPPED).message()).contains(stale).doesNotContain(recent, foreign);
        Finding leftAlone = only(report, VerifyFindings.VERIFY_STALE_SCRATCH_KEPT);
        assertThat(leftAlone.severity()).isEqualTo(Severity.INFO);
        assertThat(leftAlone.message()).contains(foreign, "lacks the comment");
        assertThat(PostgresServer.databasesStartingWith(SCRATCH)).containsExactlyInAnyOrder(recent, foreign);
        PostgresServer.execute("postgres", "DROP DATABASE " + recent, "DROP DATABASE " + foreign);
    }

    @Test
    void undroppableStaleScratchDoesNotStopVerification() throws Exception {
        backup("zip", true);
        String role = "fail_verifier_" + Long.toHexString(System.nanoTime());
        String stale = scratchName(Duration.ofDays(2), "00c0ffee");
        PostgresServer.execute("postgres", "CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD 'verifier-pw-77'");
        PostgresServer.execute("postgres", createMarked(stale));
        try {
            StepReport report = verify(request().scratch(PostgresServer.url("postgres"), role,
                    io.jenkins.plugins.odoorelease.common.SecretValue.of("verifier-pw-77")));

            Finding kept = only(report, VerifyFindings.VERIFY_STALE_SCRATCH_KEPT);
            assertThat(kept.severity()).isEqualTo(Severity.WARNING);
            assertThat(kept.message()).contains(stale, "must be owner");
            assertThat(report.result().get("levels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("restore", "PASS");
            assertThat(PostgresServer.databasesStartingWith(SCRATCH)).containsExactly(stale);
        } finally {
            PostgresServer.execute("postgres", "DROP DATABASE IF EXISTS " + stale, "DROP ROLE " + role);
        }
    }

    @Test
    void keepScratchKeepsDatabase() throws Exception {
        backup("zip", true);

        StepReport report = verify(request().keepScratch(true));

        String kept = (String) report.result().get("scratchDatabase");
        assertThat(only(report, VerifyFindings.VERIFY_SCRATCH_KEPT).subject()).isEqualTo(kept);
        assertThat(PostgresServer.queryInt(kept, "SELECT count(*) FROM res_partner")).isEqualTo(3);
        PostgresServer.execute("postgres", "DROP DATABASE " + kept);
    }

    @Test
    void interruptDropsScratchDatabase() throws Exception {
        backup("zip", true);
        VerifyRequest verify = request().requireVersioning(false).requireLifecycle(false).build();
        List<String> created = new java.util.ArrayList<>();
        EventSink abortAfterCreate = new EventSink() {
            @Override
            public void log(io.jenkins.plugins.odoorelease.common.LogLevel level, String message) {
                if (message.startsWith("Created the scratch database ")) {
                    created.add(message);
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        };
        Throwable[] thrown = new Throwable[1];
        Thread run = new Thread(() -> {
            try {
                new BackupVerifier(Clock.systemUTC()).run(verify, abortAfterCreate);
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });

        run.start();
        run.join();

        assertThat(created).hasSize(1);
        assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
    }

    /** Returns the entries of a real Odoo backup zip of the test database, in order. */
    private Map<String, byte[]> odooEntries() throws Exception {
        BackupRequest request = BackupFixtures.backupRequest(odoo.name(), bucket, "zip").location("s3://" + bucket + "/source")
                .filestore(odoo.filestore().toString()).build();
        String key = (String) BackupFixtures.backup(request).result().get("key");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(BackupFixtures.download(bucket, key)))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zipOf(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Uploads a zip of the entries under a key of the naming scheme, with no backup manifest, and watches it. */
    private String uploadArchive(Map<String, byte[]> entries) throws Exception {
        return uploadArchive(zipOf(entries));
    }

    private String uploadArchive(byte[] zip) {
        String key = prefix + "/" + BackupKeys.TIME.format(Instant.now()) + "-crafted.zip";
        BackupFixtures.upload(bucket, key, zip, Map.of("sha256", io.jenkins.plugins.odoorelease.common.Sha256.hex(zip)));
        watch(key);
        return key;
    }

    /** Overwrites an object, keeping the metadata it had, as damage in the store would. */
    private void replace(String key, byte[] content) {
        try (S3Client client = S3Server.client()) {
            Map<String, String> metadata = client.headObject(request -> request.bucket(bucket).key(key)).metadata();
            BackupFixtures.upload(bucket, key, content, metadata);
        }
        watch(key);
    }
}
