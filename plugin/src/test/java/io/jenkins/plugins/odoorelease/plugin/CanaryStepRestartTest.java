package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import hudson.model.Result;
import io.jenkins.plugins.odoorelease.canary.CanaryMetadata;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import java.util.Map;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart in the middle of a rollout: the build resumes and continues from the cluster's annotations, and
 * a rollout that ended before the restart is not started again.
 */
class CanaryStepRestartTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

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

    @Test
    void restartInMiddleOfRollout() throws Throwable {
        sessions.then(r -> {
            CanaryStepTest.addKubeconfig(r, cluster);
            WorkflowJob job = CanaryStepTest.pipeline(r, CanaryStepTest.script("[{weight: 20}, {pause: 20s}, {weight: 60}, "
                    + "{analysis: {}}]"));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Pausing 20 s at 20% canary traffic.", build);
            assertEquals("1", cluster.deployment("odoo-canary").getMetadata().getAnnotations().get(CanaryMetadata.STEP));
        });
        sessions.then(r -> {
            WorkflowJob job = r.jenkins.getItemByFullName("shop", WorkflowJob.class);
            WorkflowRun build = job.getBuildByNumber(1);

            r.waitForCompletion(build);

            r.assertBuildStatusSuccess(build);
            r.assertLogContains("Resuming odooCanary after a restart", build);
            r.assertLogContains("Resuming the rollout of " + MockCluster.NEW_IMAGE + " at step 1", build);
            r.assertLogContains("outcome=promoted", build);
            assertEquals(Map.of("odoo", 100), cluster.weights());
            assertNull(cluster.deployment("odoo-canary"));
        });
    }

    @Test
    void rollbackBeforeRestartNotRepeated() throws Throwable {
        sessions.then(r -> {
            CanaryStepTest.addKubeconfig(r, cluster);
            cluster.restartEachReconcile(MockCluster.NEW_IMAGE, 1);
            WorkflowJob job = CanaryStepTest.pipeline(r, CanaryStepTest.script("[{weight: 40}, {analysis: {}}]"));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Rolling back:", build);
            CanaryStepExecution.detachAll();
        });
        sessions.then(r -> {
            WorkflowJob job = r.jenkins.getItemByFullName("shop", WorkflowJob.class);
            WorkflowRun build = job.getBuildByNumber(1);

            r.waitForCompletion(build);

            r.assertBuildStatus(Result.FAILURE, build);
            String log = JenkinsRule.getLog(build);
            assertEquals(1, log.split("Creating Deployment odoo-canary", -1).length - 1, log);
            assertEquals(Map.of("odoo", 100), cluster.weights());
            assertNull(cluster.deployment("odoo-canary"));
        });
    }
}
