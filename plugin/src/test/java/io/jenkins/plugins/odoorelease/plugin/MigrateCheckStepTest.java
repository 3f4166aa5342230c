package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.OdooModulesDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The step against an Odoo 17.0 database on the test PostgreSQL server, where the shop module goes from 17.0.1.0.0 to
 * 17.0.1.1.0 and the database is reached with a role of its own.
 */
@WithJenkins
class MigrateCheckStepTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String PASSWORD = "Db-" + UUID.randomUUID();

    @TempDir
    static Path folder;

    private static OdooModulesDatabase database;
    private static String role;
    private static Path odooAddons;

    @BeforeAll
    static void shopDatabase() {
        role = "jenkins_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        database = OdooModulesDatabase.create("jenkins", 17).module("shop", "installed", "17.0.1.0.0", "web").readOnlyRole(role, PASSWORD);
        odooAddons = OdooModulesDatabase.writeOdooAddons(folder.resolve("odoo"), 17).root();
    }

    private static void databaseCredentials() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "odoo-db",
                "Odoo database", role, PASSWORD));
    }

    /** Returns Pipeline code that writes the shop module at {@code version} into the workspace folder {@code addons}. */
    private static String writeShop(String version) {
        return """
                writeFile file: 'addons/shop/__init__.py', text: ''
                writeFile file: 'addons/shop/__manifest__.py', text: "{'name': 'Shop', 'version': '%s', 'depends': ['web'], 'license': 'LGPL-3'}"
                writeFile file: 'addons/shop/migrations/%s/pre-rename.py', text: 'def migrate(cr, version):\\n    pass\\n'
                """.formatted(version, version);
    }

    private static WorkflowJob pipeline(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    @Test
    void plansUpgradeOnAgent(JenkinsRule r) throws Exception {
        databaseCredentials();
        r.createOnlineSlave();
        WorkflowJob job = pipeline(r, """
                node('!built-in') {
                    %s
                    def plan = odooMigrateCheck addons: ['%s', 'addons'], databaseUrl: '%s', credentialsId: 'odoo-db'
                    echo "upgrade=${plan.upgrade} install=${plan.install} canarySafe=${plan.canarySafe} scripts=${plan.scripts.size()}"
                }
                """.formatted(writeShop("17.0.1.1.0"), odooAddons, database.url()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("upgrade=[shop] install=[] canarySafe=false scripts=1", build);
        r.assertLogContains("odooMigrateCheck: PASS: 1 to upgrade; 1 migration script", build);
        ReportAction action = build.getAction(ReportAction.class);
        assertNotNull(action);
        assertEquals("odooMigrateCheck", action.getStep());
        assertEquals(Verdict.PASS, action.getVerdict());
    }

    @Test
    void blockersFailBuildWithoutStackTrace(JenkinsRule r) throws Exception {
        databaseCredentials();
        r.createOnlineSlave();
        WorkflowJob job = pipeline(r, """
                node('!built-in') {
                    %s
                    odooMigrateCheck addons: ['%s', 'addons'], databaseUrl: '%s', credentialsId: 'odoo-db'
                }
                """.formatted(writeShop("17.0.0.9.0"), odooAddons, database.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("ERROR MODULE_DOWNGRADE [shop]", build);
        r.assertLogContains("odooMigrateCheck failed (FAIL with failOn: error)", build);
        r.assertLogNotContains("\tat ", build);
        assertEquals(Verdict.FAIL, build.getAction(ReportAction.class).getVerdict());
    }

    @Test
    void failOnNeverReturnsBlockers(JenkinsRule r) throws Exception {
        databaseCredentials();
        r.createOnlineSlave();
        WorkflowJob job = pipeline(r, """
                node('!built-in') {
                    %s
                    def plan = odooMigrateCheck addons: ['%s', 'addons'], databaseUrl: '%s', credentialsId: 'odoo-db', failOn: 'never'
                    echo "blockers=${plan.blockers.collect { it.code }}"
                }
                """.formatted(writeShop("17.0.0.9.0"), odooAddons, database.url()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("blockers=[MODULE_DOWNGRADE]", build);
    }

    @Test
    void passwordNeverInLogOrBuildDirectory(JenkinsRule r) throws Exception {
        databaseCredentials();
        r.createOnlineSlave();
        WorkflowJob job = pipeline(r, """
                node('!built-in') {
                    %s
                    odooMigrateCheck addons: ['%s', 'addons'], databaseUrl: '%s', credentialsId: 'odoo-db'
                }
                """.formatted(writeShop("17.0.1.1.0"), odooAddons, database.url()));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogNotContains(PASSWORD, build);
        try (Stream<Path> files = Files.walk(build.getRootDir().toPath())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(file, PASSWORD), "the password is in " + file);
            }
        }
    }

    private static boolean contains(Path file, String text) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void pathOutsideWorkspaceRejectedOnBuiltIn(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                node('built-in') {
                    odooMigrateCheck addons: ['../../secrets'], databaseUrl: '%s'
                }
                """.formatted(database.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("addons: '../../secrets': outside the workspace", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void linkOutOfWorkspaceRejectedOnBuiltIn(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                node('built-in') {
                    odooMigrateCheck addons: ['link'], databaseUrl: '%s'
                }
                """.formatted(database.url()));
        FilePath workspace = r.jenkins.getWorkspaceFor(job);
        workspace.mkdirs();
        Files.createSymbolicLink(Path.of(workspace.getRemote(), "link"), Path.of("/"));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooMigrateCheck: addons: 'link': outside the workspace", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void workspaceWithCommaInPathPlans(JenkinsRule r) throws Exception {
        databaseCredentials();
        r.createOnlineSlave();
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop,prod");
        job.setDefinition(new CpsFlowDefinition("""
                node('!built-in') {
                    %s
                    def plan = odooMigrateCheck addons: ['%s', 'addons'], databaseUrl: '%s', credentialsId: 'odoo-db'
                    echo "upgrade=${plan.upgrade} workspace=${pwd()}"
                }
                """.formatted(writeShop("17.0.1.1.0"), odooAddons, database.url()), true));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("upgrade=[shop] workspace=", build);
        r.assertLogContains("shop,prod", build);
    }

    @Test
    void credentialsOfAnotherKindRejected(JenkinsRule r) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "API token",
                Secret.fromString("not-a-password")));
        WorkflowJob job = pipeline(r, """
                node {
                    odooMigrateCheck addons: ['addons'], databaseUrl: '%s', credentialsId: 'token'
                }
                """.formatted(database.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("credentialsId: the credentials 'token' are of the kind", build);
        r.assertLogContains("this parameter needs 'Username with password'", build);
    }

    @Test
    void invalidParametersListedTogether(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                node {
                    writeFile file: 'addons/.keep', text: ''
                    odooMigrateCheck addons: ['addons'], databaseUrl: '%s', series: '15.0', largeTableRows: 'many'
                }
                """.formatted(database.url()));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("series: '15.0': unsupported Odoo series", build);
        r.assertLogContains("largeTableRows: 'many': expected a whole number of rows", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void stepNeedsNode(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, "odooMigrateCheck addons: ['addons'], databaseUrl: 'jdbc:postgresql://127.0.0.1/odoo'");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Required context class hudson.FilePath is missing", build);
    }

    @Test
    void pipelineSyntaxRoundTrip(JenkinsRule r) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(r);
        MigrateCheckStep step = new MigrateCheckStep(List.of("addons"), "jdbc:postgresql://db:5432/shop");

        snippets.assertRoundTrip(step, "odooMigrateCheck addons: ['addons'], databaseUrl: 'jdbc:postgresql://db:5432/shop'");
        step.setCredentialsId("odoo-db");
        step.setSeries("17.0");
        step.setInstall(List.of("shop_loyalty"));
        step.setLargeTableRows("500000");
        step.setChecksums(false);
        step.setFailOn("warning");
        snippets.assertRoundTrip(step, "odooMigrateCheck addons: ['addons'], checksums: false, credentialsId: 'odoo-db', "
                + "databaseUrl: 'jdbc:postgresql://db:5432/shop', failOn: 'warning', install: ['shop_loyalty'], largeTableRows: '500000', "
                + "series: '17.0'");
    }

    @Test
    void graphLabelNamesDatabase(JenkinsRule r) {
        MigrateCheckStep.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(MigrateCheckStep.DescriptorImpl.class);

        assertEquals("db:5432/shop (17.0)", descriptor.argumentsToString(java.util.Map.of("databaseUrl",
                "jdbc:postgresql://db:5432/shop?sslmode=require", "series", "17.0")));
    }
}
