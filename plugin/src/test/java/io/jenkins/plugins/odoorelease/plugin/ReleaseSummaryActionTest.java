package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.util.List;
import org.htmlunit.Page;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ReleaseSummaryActionTest {

    @Test
    void summaryGathersEveryReport(JenkinsRule r) throws Exception {
        OdooReleaseConfiguration.get().setFreezeCalendars(List.of(new FreezeCalendarEntry("platform", """
                timeZone: UTC
                windows:
                  - id: far-away
                    severity: warn
                    start: 2099-01-01T00:00
                    end: 2099-01-02T00:00
                """)));
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(new CpsFlowDefinition("""
                odooFreezeGuard environment: 'production'
                odooFreezeGuard environment: 'production', changeType: 'infrastructure'
                """, true));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        ReleaseSummaryAction summary = build.getAction(ReleaseSummaryAction.class);
        assertNotNull(summary);
        assertEquals(2, summary.getReports().size());
        assertEquals(Verdict.PASS, summary.getVerdict());
        JenkinsRule.WebClient web = r.createWebClient();
        r.assertXPathValueContains(web.getPage(build, "odoo-release/"), "//h1", "PASS");
        Page json = web.goTo(build.getUrl() + "odoo-release/evidenceJson", "application/json");
        EvidenceBundle bundle = ReportJson.mapper().readValue(json.getWebResponse().getContentAsString(), EvidenceBundle.class);
        assertEquals(EvidenceBundle.SCHEMA, bundle.schema());
        assertEquals(2, bundle.reports().size());
        Page html = web.goTo(build.getUrl() + "odoo-release/evidenceHtml", "text/html");
        assertTrue(html.getWebResponse().getContentAsString().contains("Release evidence: shop #1"));
        web.goTo(build.getUrl() + "odoo-release-2/");
    }

    @Test
    void evidenceStepWritesFilesIntoWorkspace(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(new CpsFlowDefinition("""
                node {
                    odooFreezeGuard environment: 'production', failOn: 'never'
                    def written = odooReleaseEvidence junit: 'out/junit.xml', html: 'out/evidence.html', json: 'out/evidence.json'
                    echo "verdict=${written.verdict} reports=${written.reports}"
                    junit testResults: 'out/junit.xml', allowEmptyResults: true
                }
                """, true));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("verdict=WARN reports=1", build);
        hudson.FilePath workspace = r.jenkins.getWorkspaceFor(job);
        assertTrue(workspace.child("out/junit.xml").readToString().contains("<testsuite name=\"odooFreezeGuard\""));
        assertTrue(workspace.child("out/evidence.html").readToString().startsWith("<!DOCTYPE html>"));
        assertTrue(workspace.child("out/evidence.json").readToString().contains("odoo-release/evidence/v1"));
    }

    @Test
    void evidenceStepRejectsPathOutsideWorkspace(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(new CpsFlowDefinition("node { odooReleaseEvidence json: '../../escape.json' }", true));

        WorkflowRun build = r.buildAndAssertStatus(hudson.model.Result.FAILURE, job);

        r.assertLogContains("json: '../../escape.json' is outside the workspace", build);
        r.assertLogNotContains("\tat ", build);
    }
}
