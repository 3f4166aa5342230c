package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.OdooDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

class BackupRoundTripTest {

    private static final String SCRATCH = "rt_verify_";

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} backup of Odoo {1}, bucket versioning {2}")
    @CsvSource({"zip, 17.0, true", "custom, 16.0, true", "zip, 18.0, false"})
    void backupRestoresAndPassesEveryLevel(String format, String series, boolean versioned) throws Exception {
        SystemBinaries.require("pg_dump", "postgresql-client");
        SystemBinaries.require("pg_restore", "postgresql-client");
        OdooDatabase odoo = OdooDatabase.create(series, folder);
        odoo.addAttachments(5);
        odoo.addUrlAttachment("https://www.odoo.com");
        String bucket = S3Server.createBucket("roundtrip");
        if (versioned) {
            S3Server.setVersioning(bucket, BucketVersioningStatus.ENABLED);
        }
        StepReport backup = BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, format)
                .filestore(odoo.filestore().toString()).build());

        StepReport report = VerifyFixtures.verify(VerifyFixtures.verifyRequest(bucket, "odoo/" + odoo.name(), SCRATCH)
                .requireVersioning(versioned).requireLifecycle(false).build());

        assertThat(report.findingsAtLeast(io.jenkins.plugins.odoorelease.report.Severity.ERROR)).isEmpty();
        assertThat(report.result()).containsEntry("key", backup.result().get("key")).containsEntry("attachmentsChecked", 5L)
                .containsEntry("format", format);
        assertThat((Double) report.result().get("restoreSeconds")).isPositive();
        assertThat((Long) report.result().get("ageSeconds")).isBetween(0L, 120L);
        assertThat(report.checks()).extracting(Check::name).containsExactly("1 freshness", "2 integrity", "3 structure", "4 restore",
                "5 odoo consistency", "6 attachments", "7 storage policy");
        String integrity = report.checks().get(1).message();
        assertThat(integrity).contains(format.equals("zip") ? ".zip: SHA-256 " : ".dump: SHA-256 ", "matches the recorded one");
        if (format.equals("custom")) {
            assertThat(integrity).contains("; ", ".tar: SHA-256 ");
        }
        // The store implements versioning but returns 501 to lifecycle requests, which is information here because the
        // lifecycle check is not required.
        assertThat(report.findings(VerifyFindings.STORAGE_POLICY_NOT_SUPPORTED.code())).singleElement()
                .satisfies(finding -> assertThat(finding.severity()).isEqualTo(io.jenkins.plugins.odoorelease.report.Severity.INFO));
        assertThat(report.findings(VerifyFindings.STORAGE_VERSIONING_OFF.code())).hasSize(versioned ? 0 : 1);
        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.result().get("levels")).isEqualTo(Map.of("freshness", "PASS", "integrity", "PASS", "structure", "PASS",
                "restore", "PASS", "consistency", "PASS", "attachments", "PASS", "storage", "PASS"));
        assertThat(PostgresServer.databasesStartingWith(SCRATCH)).isEmpty();
    }
}
