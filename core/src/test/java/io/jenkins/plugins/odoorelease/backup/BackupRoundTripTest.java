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

class BackupRoundTripTest {

    private static final String SCRATCH = "rt_verify_";

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} backup of Odoo {1}")
    @CsvSource({"zip, 17.0", "custom, 16.0", "zip, 18.0"})
    void backupRestoresAndPassesEveryLevel(String format, String series) throws Exception {
        SystemBinaries.require("pg_dump", "postgresql-client");
        SystemBinaries.require("pg_restore", "postgresql-client");
        OdooDatabase odoo = OdooDatabase.create(series, folder);
        odoo.addAttachments(5);
        odoo.addUrlAttachment("https://www.odoo.com");
        String bucket = S3Server.createBucket("roundtrip");
        StepReport backup = BackupFixtures.backup(BackupFixtures.backupRequest(odoo.name(), bucket, format)
                .filestore(odoo.filestore().toString()).build());

        StepReport report = VerifyFixtures.verify(VerifyFixtures.verifyRequest(bucket, "odoo/" + odoo.name(), SCRATCH)
                .requireVersioning(false).requireLifecycle(false).build());

        assertThat(report.findingsAtLeast(io.jenkins.plugins.odoorelease.report.Severity.ERROR)).isEmpty();
        assertThat(report.result()).containsEntry("key", backup.result().get("key")).containsEntry("attachmentsChecked", 5L)
                .containsEntry("format", format);
        assertThat((Double) report.result().get("restoreSeconds")).isPositive();
        assertThat((Long) report.result().get("ageSeconds")).isBetween(0L, 120L);
        assertThat(report.checks()).extracting(Check::name).containsExactly("1 freshness", "2 integrity", "3 structure", "4 restore",
                "5 odoo consistency", "6 attachments", "7 storage policy");
        assertThat(report.findings(VerifyFindings.STORAGE_POLICY_NOT_SUPPORTED.code())).hasSize(2);
        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.result().get("levels")).isEqualTo(Map.of("freshness", "PASS", "integrity", "PASS", "structure", "PASS",
                "restore", "PASS", "consistency", "PASS", "attachments", "PASS", "storage", "WARN"));
        assertThat(PostgresServer.databasesStartingWith(SCRATCH)).isEmpty();
    }
}
