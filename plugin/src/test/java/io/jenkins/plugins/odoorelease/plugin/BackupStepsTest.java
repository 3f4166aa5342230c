package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.OdooDatabase;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class BackupStepsTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** A database role whose password appears nowhere else, so that a leak of it can be searched for. */
    private static final String DB_USER = "backup_bot";
    private static final String DB_PASSWORD = "Db-Secret-7f3a91c2e5";

    @TempDir
    Path folder;

    private static void addCredentials(JenkinsRule r) throws Exception {
        PostgresServer.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + DB_USER + "') THEN "
                + "CREATE ROLE " + DB_USER + " LOGIN SUPERUSER PASSWORD '" + DB_PASSWORD + "'; END IF; END $$");
        var store = CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "shop-db", "database",
                DB_USER, DB_PASSWORD));
        store.addCredentials(Domain.global(), new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "backup-s3", "store",
                S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
    }

    private WorkflowJob pipeline(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "backups");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    private String backupAndVerifyScript(OdooDatabase odoo, String bucket) {
        return """
                node {
                  def backup = odooBackup databaseUrl: '%s', credentialsId: 'shop-db', location: 's3://%s/odoo',
                      s3CredentialsId: 'backup-s3', endpoint: '%s', pathStyle: true, filestore: '%s'
                  echo "key=${backup.key} sha256=${backup.sha256}"
                  def proof = odooBackupVerify location: 's3://%s/odoo', s3CredentialsId: 'backup-s3', endpoint: '%s',
                      pathStyle: true, scratchUrl: '%s', scratchCredentialsId: 'shop-db', scratchPrefix: 'jenkins_verify_',
                      requireVersioning: false, requireLifecycle: false
                  echo "verdict=${proof.verdict} checked=${proof.attachmentsChecked} restored=${proof.restoreSeconds != null}"
                }
                """.formatted(PostgresServer.url(odoo.name()), bucket, S3Server.endpoint(), odoo.filestore(), bucket, S3Server.endpoint(),
                PostgresServer.url("postgres"));
    }

    @Test
    void backupThenVerifyInPipeline(JenkinsRule r) throws Exception {
        SystemBinaries.require("pg_dump", "postgresql-client");
        addCredentials(r);
        OdooDatabase odoo = OdooDatabase.create("17.0", folder);
        odoo.addAttachments(3);
        String bucket = S3Server.createBucket("jenkins");
        WorkflowJob job = pipeline(r, backupAndVerifyScript(odoo, bucket));

        WorkflowRun first = r.buildAndAssertSuccess(job);
        WorkflowRun second = r.buildAndAssertSuccess(job);

        r.assertLogContains("verdict=PASS checked=3 restored=true", first);
        r.assertLogContains("odooBackup: PASS", first);
        List<StepReport> reports = ReportAction.reportsOf(second);
        assertEquals(List.of("odooBackup", "odooBackupVerify"), reports.stream().map(StepReport::step).toList());
        Section.Chart chart = reports.get(1).sections().stream().filter(Section.Chart.class::isInstance).map(Section.Chart.class::cast)
                .findFirst().orElseThrow();
        assertEquals(2, chart.series().get(0).points().size(), "the trend has the first build's and this build's restore time");
        assertTrue(PostgresServer.databasesStartingWith("jenkins_verify_").isEmpty());
    }

    @Test
    void noSecretInLogOrBuildDirectory(JenkinsRule r) throws Exception {
        SystemBinaries.require("pg_dump", "postgresql-client");
        addCredentials(r);
        OdooDatabase odoo = OdooDatabase.create("17.0", folder);
        String bucket = S3Server.createBucket("jenkins");
        WorkflowJob job = pipeline(r, backupAndVerifyScript(odoo, bucket));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogNotContains(DB_PASSWORD, build);
        r.assertLogNotContains(S3Server.SECRET_KEY, build);
        try (Stream<Path> files = Files.walk(build.getRootDir().toPath())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(DB_PASSWORD), "the database password is in " + file);
                assertFalse(content.contains(S3Server.SECRET_KEY), "the S3 secret key is in " + file);
            }
        }
    }

    @Test
    void invalidParametersFailWithoutStackTrace(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                odooBackupVerify location: 'backups/odoo', scratchUrl: 'jdbc:postgresql://127.0.0.1:1/postgres', rto: '90',
                    attachments: 'some'
                """);

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooBackupVerify: 3 problems:", build);
        r.assertLogContains("location: 'backups/odoo': expected s3://BUCKET/PREFIX", build);
        r.assertLogContains("rto: '90': invalid duration: add a unit", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void globalObjectivesUsedWithoutStepValues(JenkinsRule r) throws Exception {
        OdooReleaseConfiguration.get().setBackupRto("90");
        WorkflowJob job = pipeline(r, """
                odooBackupVerify location: 's3://backups/odoo', scratchUrl: 'jdbc:postgresql://127.0.0.1:1/postgres'
                """);

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("rto: '90': invalid duration: add a unit", build);
    }

    @Test
    void wrongCredentialKindNamed(JenkinsRule r) throws Exception {
        var store = CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl(CredentialsScope.GLOBAL,
                "token", "a token", hudson.util.Secret.fromString("not-keys")));
        WorkflowJob job = pipeline(r, "odooBackup databaseUrl: 'jdbc:postgresql://127.0.0.1:1/shop', location: 's3://backups/odoo', "
                + "s3CredentialsId: 'token'");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("s3CredentialsId: the credentials 'token' are of the kind", build);
        r.assertLogNotContains("not-keys", build);
    }

    @Test
    void syntaxRoundTrips(JenkinsRule r) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(r);
        BackupStep backup = new BackupStep("jdbc:postgresql://db:5432/shop", "s3://backups/odoo/shop");
        backup.setFormat("custom");
        backup.setPathStyle(true);
        BackupVerifyStep verify = new BackupVerifyStep("s3://backups/odoo/shop", "jdbc:postgresql://check:5432/postgres");
        verify.setRto("45m");
        verify.setAttachments("sample:500");

        snippets.assertRoundTrip(backup, "odooBackup databaseUrl: 'jdbc:postgresql://db:5432/shop', format: 'custom', "
                + "location: 's3://backups/odoo/shop', pathStyle: true");
        snippets.assertRoundTrip(verify, "odooBackupVerify attachments: 'sample:500', location: 's3://backups/odoo/shop', "
                + "rto: '45m', scratchUrl: 'jdbc:postgresql://check:5432/postgres'");
    }

    @Test
    void argumentsLabelTheGraphNode(JenkinsRule r) {
        BackupStep.DescriptorImpl backup = r.jenkins.getDescriptorByType(BackupStep.DescriptorImpl.class);
        BackupVerifyStep.DescriptorImpl verify = r.jenkins.getDescriptorByType(BackupVerifyStep.DescriptorImpl.class);

        assertEquals("jdbc:postgresql://db/shop -> s3://b/odoo (zip)", backup.argumentsToString(java.util.Map.of(
                "databaseUrl", "jdbc:postgresql://db/shop?sslmode=require", "location", "s3://b/odoo", "format", "zip")));
        assertEquals("s3://b/odoo (rpo 26h, rto 1h)", verify.argumentsToString(java.util.Map.of("location", "s3://b/odoo", "rpo", "26h",
                "rto", "1h")));
        assertNotNull(backup.getDisplayName());
    }
}
