package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Result;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** odooCanary in a Pipeline against the fabric8 mock API server, whose controllers a background thread plays. */
@WithJenkins
class CanaryStepTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    static final String TOKEN = "kube-t0ken-for-the-canary-test";

    private MockCluster cluster;
    private AutoCloseable controllers;

    @BeforeEach
    void start() {
        cluster = new MockCluster("traefik.io");
        controllers = cluster.reconcileInBackground();
    }

    @AfterEach
    void stop() throws Exception {
        controllers.close();
        cluster.close();
    }

    /** Stores a kubeconfig for the mock cluster as the Secret file credential {@code shop-kubeconfig}. */
    static void addKubeconfig(JenkinsRule r, MockCluster cluster) throws Exception {
        String kubeconfig = cluster.kubeconfig(TOKEN);
        var store = CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.GLOBAL, "shop-kubeconfig", "mock cluster",
                "kubeconfig", SecretBytes.fromRawBytes(kubeconfig.getBytes(StandardCharsets.UTF_8))));
    }

    static WorkflowJob pipeline(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** Returns a Pipeline that rolls the new image out with the given plan steps and one podRestarts metric. */
    static String script(String steps) {
        return """
                def canary = odooCanary namespace: 'shop', deployment: 'odoo', service: 'odoo', image: '%s',
                    traefikService: 'odoo-weighted', kubeconfigCredentialsId: 'shop-kubeconfig', plan: '''
                steps: %s
                analysis: {interval: 1s, count: 2}
                metrics: [{name: podRestarts}]
                '''
                echo "outcome=${canary.outcome} weight=${canary.weight} steps=${canary.steps.size()}"
                """.formatted(MockCluster.NEW_IMAGE, steps);
    }

    @Test
    void promotesAndReturnsResult(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        WorkflowJob job = pipeline(r, script("[{weight: 40}, {analysis: {}}]"));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("outcome=promoted weight=0.0 steps=2", build);
        r.assertLogContains("Traffic now: odoo 60.0% (weight 60), odoo-canary 40.0% (weight 40).", build);
        assertEquals(Map.of("odoo", 100), cluster.weights());
        assertNull(cluster.deployment("odoo-canary"));
        ReportAction action = build.getAction(ReportAction.class);
        assertNotNull(action);
        assertEquals("odooCanary", action.getStep());
        assertEquals(Verdict.PASS, action.getVerdict());
    }

    @Test
    void noSecretInLogOrBuildDirectory(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        WorkflowJob job = pipeline(r, script("[{weight: 40}, {analysis: {}}]"));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogNotContains(TOKEN, build);
        try (Stream<Path> files = Files.walk(build.getRootDir().toPath())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(TOKEN), "the cluster token is in " + file);
            }
        }
    }

    @Test
    void abortRollsBack(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        WorkflowJob job = pipeline(r, script("[{weight: 30}, {pause: 1h}]"));

        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Pausing 1 h at 30% canary traffic.", build);
        build.doStop();
        r.waitForCompletion(build);

        r.assertBuildStatus(Result.ABORTED, build);
        r.assertLogContains("Rolling back: the run was aborted.", build);
        assertEquals(Map.of("odoo", 100), cluster.weights());
        assertNull(cluster.deployment("odoo-canary"));
    }

    @Test
    void rolledBackRolloutFailsBuildWithoutStackTrace(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        cluster.restartEachReconcile(MockCluster.NEW_IMAGE, 1);
        WorkflowJob job = pipeline(r, script("[{weight: 40}, {analysis: {}}]"));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooCanary failed (FAIL with failOn: error): Rolled back " + MockCluster.NEW_IMAGE, build);
        r.assertLogNotContains("\tat ", build);
        assertEquals(Map.of("odoo", 100), cluster.weights());
    }

    @Test
    void invalidPlanFailsWithPath(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        WorkflowJob job = pipeline(r, script("[{weight: 140}]"));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooCanary: plan: steps[0].weight: '140': the weight is the canary's share of traffic", build);
        r.assertLogNotContains("\tat ", build);
        assertNull(cluster.deployment("odoo-canary"));
    }

    @Test
    void globalPlanUsedWithoutStepPlan(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        OdooReleaseConfiguration.get().setCanaryPlan("""
                steps: [{weight: 35}, {analysis: {}}]
                analysis: {interval: 1s, count: 2}
                metrics: [{name: podRestarts}]
                """);
        WorkflowJob job = pipeline(r, """
                def canary = odooCanary namespace: 'shop', deployment: 'odoo', service: 'odoo', image: '%s',
                    traefikService: 'odoo-weighted', kubeconfigCredentialsId: 'shop-kubeconfig'
                echo "outcome=${canary.outcome} steps=${canary.steps.size()}"
                """.formatted(MockCluster.NEW_IMAGE));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("Traffic now: odoo 65.0% (weight 65), odoo-canary 35.0% (weight 35).", build);
        r.assertLogContains("outcome=promoted steps=2", build);
        assertEquals(Map.of("odoo", 100), cluster.weights());
    }

    @Test
    void dryRunChangesNothing(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        WorkflowJob job = pipeline(r, """
                def canary = odooCanary namespace: 'shop', deployment: 'odoo', service: 'odoo', image: '%s',
                    traefikService: 'odoo-weighted', kubeconfigCredentialsId: 'shop-kubeconfig', dryRun: true
                echo "outcome=${canary.outcome} objects=${canary.objects.size()}"
                """.formatted(MockCluster.NEW_IMAGE));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("outcome=held objects=8", build);
        assertEquals(Map.of("odoo", 1), cluster.weights());
    }

    @Test
    void migrationPlanMapStopsRollout(JenkinsRule r) throws Exception {
        addKubeconfig(r, cluster);
        WorkflowJob job = pipeline(r, """
                def plan = [upgrade: ['sale'], install: [], canarySafe: false]
                odooCanary namespace: 'shop', deployment: 'odoo', service: 'odoo', image: '%s',
                    traefikService: 'odoo-weighted', kubeconfigCredentialsId: 'shop-kubeconfig', migrationPlan: plan
                """.formatted(MockCluster.NEW_IMAGE));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("CANARY_SCHEMA_CHANGE", build);
        assertNull(cluster.deployment("odoo-canary"));
    }

    @Test
    void syntaxRoundTrip(JenkinsRule r) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(r);
        CanaryStep step = new CanaryStep("shop", "odoo", "odoo", "registry.example/odoo:17.0");
        step.setKubeconfigCredentialsId("shop-kubeconfig");
        step.setPrometheusUrl("http://prometheus:9090");
        step.setWeights("5,50,100");
        step.setOnInconclusive("rollback");
        step.setDryRun(true);

        snippets.assertRoundTrip(step, "odooCanary deployment: 'odoo', dryRun: true, image: 'registry.example/odoo:17.0', "
                + "kubeconfigCredentialsId: 'shop-kubeconfig', namespace: 'shop', onInconclusive: 'rollback', "
                + "prometheusUrl: 'http://prometheus:9090', service: 'odoo', weights: '5,50,100'");
    }

    @Test
    void argumentsLabelGraphNode(JenkinsRule r) {
        CanaryStep.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(CanaryStep.DescriptorImpl.class);

        assertEquals("shop/odoo -> registry.example/odoo:17.0 (dry run)", descriptor.argumentsToString(Map.of("namespace", "shop",
                "deployment", "odoo", "image", "registry.example/odoo:17.0", "dryRun", true)));
    }
}
