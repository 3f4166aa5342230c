package io.jenkins.plugins.odoorelease.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class FreezeGuardStepTest {

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    /** A calendar with one window of this severity from an hour ago to two hours ahead, in UTC. */
    private static String calendarAroundNow(String id, String severity) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        return """
                timeZone: UTC
                windows:
                  - id: %s
                    category: campaign
                    severity: %s
                    environments: [production]
                    start: %s
                    end: %s
                """.formatted(id, severity, LOCAL.format(now.minus(1, ChronoUnit.HOURS)), LOCAL.format(now.plus(2, ChronoUnit.HOURS)));
    }

    private static final String FUTURE_CALENDAR = """
            timeZone: Europe/Amsterdam
            windows:
              - id: future-campaign
                severity: block
                start: 2099-11-20T00:00
                end: 2099-11-30T00:00
            """;

    private static void platformCalendar(String content) {
        OdooReleaseConfiguration.get().setFreezeCalendars(List.of(new FreezeCalendarEntry("platform", content)));
    }

    private static WorkflowJob pipeline(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "shop");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    @Test
    void passesOutsideWindows(JenkinsRule r) throws Exception {
        platformCalendar(FUTURE_CALENDAR);
        WorkflowJob job = pipeline(r, """
                def decision = odooFreezeGuard environment: 'production', expectedDuration: '45m'
                echo "frozen=${decision.frozen} next=${decision.nextWindow}"
                """);

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("frozen=false next=future-campaign", build);
        ReportAction action = build.getAction(ReportAction.class);
        assertNotNull(action);
        assertEquals("odooFreezeGuard", action.getStep());
        assertEquals(Verdict.PASS, action.getVerdict());
    }

    @Test
    void frozenFailsBuildWithoutStackTrace(JenkinsRule r) throws Exception {
        platformCalendar(calendarAroundNow("flash-sale", "block"));
        WorkflowJob job = pipeline(r, "odooFreezeGuard environment: 'production'");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("odooFreezeGuard failed (FAIL with failOn: error): Frozen by flash-sale (block)", build);
        r.assertLogNotContains("\tat ", build);
        assertEquals(Verdict.FAIL, build.getAction(ReportAction.class).getVerdict());
    }

    @Test
    void warnPolicyReturnsFrozenDecision(JenkinsRule r) throws Exception {
        platformCalendar(calendarAroundNow("flash-sale", "block"));
        WorkflowJob job = pipeline(r, """
                def decision = odooFreezeGuard environment: 'production', onFreeze: 'warn'
                echo "frozen=${decision.frozen} window=${decision.window}"
                """);

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("frozen=true window=flash-sale", build);
    }

    /** A Pipeline that asks for an approval with the input step, then passes the approver to the guard. */
    private static final String OVERRIDE_PIPELINE = """
            def approver = input message: 'Override the freeze?', submitterParameter: 'approver'
            def decision = odooFreezeGuard environment: 'production', expectedDuration: '30m',
                overrideReason: 'Tax rate fix must ship before invoicing', overrideApprover: approver,
                overrideExpires: '2h', overrideTicket: 'CHG-12'
            echo "frozen=${decision.frozen} overridden=${decision.overridden}"
            """;

    /** Approves the build's waiting input step as {@code user}, as a click on "Proceed" would. */
    private static void approveInputAs(JenkinsRule r, WorkflowRun build, String user) throws Exception {
        r.waitForMessage("Override the freeze?", build);
        InputAction input = build.getAction(InputAction.class);
        InputStepExecution execution = input.getExecutions().get(0);
        try (ACLContext ignored = ACL.as2(User.getById(user, false).impersonate2())) {
            execution.proceed(Map.of("approver", user));
        }
    }

    @Test
    void overrideByPermittedApprover(JenkinsRule r) throws Exception {
        platformCalendar(calendarAroundNow("month-end-close", "approval"));
        WorkflowJob job = pipeline(r, OVERRIDE_PIPELINE);
        secureWithApprover(r, job, "alice");

        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        approveInputAs(r, build, "alice");

        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        r.assertLogContains("frozen=false overridden=true", build);
        r.assertLogContains("Not frozen: overridden by alice", build);
    }

    @Test
    void overrideByUserWithoutPermissionRejected(JenkinsRule r) throws Exception {
        platformCalendar(calendarAroundNow("month-end-close", "approval"));
        WorkflowJob job = pipeline(r, OVERRIDE_PIPELINE);
        secureWithApprover(r, job, "alice");

        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        approveInputAs(r, build, "bob");

        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(build));
        r.assertLogContains("'bob' does not hold the permission Odoo Release/OverrideFreeze on shop", build);
    }

    @Test
    void typedApproverWithoutInputRejected(JenkinsRule r) throws Exception {
        platformCalendar(calendarAroundNow("month-end-close", "approval"));
        WorkflowJob job = pipeline(r, """
                odooFreezeGuard environment: 'production', overrideReason: 'Tax rate fix must ship before invoicing',
                    overrideApprover: 'alice', overrideExpires: '2h'
                """);
        secureWithApprover(r, job, "alice");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("'alice' did not approve an input step of this build", build);
    }

    @Test
    void overrideByUnknownUserRejected(JenkinsRule r) throws Exception {
        platformCalendar(calendarAroundNow("month-end-close", "approval"));
        WorkflowJob job = pipeline(r, """
                odooFreezeGuard environment: 'production', overrideReason: 'Tax rate fix must ship before invoicing',
                    overrideApprover: 'nobody-here', overrideExpires: '2h'
                """);
        secureWithApprover(r, job, "alice");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("'nobody-here' did not approve an input step of this build", build);
    }

    private static void secureWithApprover(JenkinsRule r, WorkflowJob job, String approver) {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("alice", "bob")
                .grant(OdooReleasePermissions.OVERRIDE_FREEZE).onItems(job).to(approver));
        User.getById("alice", true);
        User.getById("bob", true);
    }

    @Test
    void repositoryCalendarFromWorkspace(JenkinsRule r) throws Exception {
        platformCalendar(FUTURE_CALENDAR);
        r.createOnlineSlave();
        WorkflowJob job = pipeline(r, """
                node('!built-in') {
                    writeFile file: 'release/freeze.yaml', text: '''%s'''
                    odooFreezeGuard environment: 'production', calendars: ['release/freeze.yaml']
                }
                """.formatted(calendarAroundNow("tenant-launch", "block")));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Frozen by tenant-launch", build);
    }

    @Test
    void absoluteCalendarPathRejected(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, "node { odooFreezeGuard environment: 'production', calendars: ['/etc/odoo/freeze.yaml'] }");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("calendars: '/etc/odoo/freeze.yaml' is not a file in the workspace", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void calendarOutsideWorkspaceRejected(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, "node { odooFreezeGuard environment: 'production', calendars: ['../../secrets.yaml'] }");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("calendars: '../../secrets.yaml' is not a file in the workspace", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void invalidParametersListedInOneError(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, "odooFreezeGuard environment: 'production', onFreeze: 'sometimes', expectedDuration: '45'");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("onFreeze: 'sometimes': expected 'fail', 'warn' or 'wait'", build);
        r.assertLogContains("expectedDuration: '45': invalid duration: add a unit", build);
        r.assertLogNotContains("\tat ", build);
    }

    @Test
    void pipelineSyntaxRoundTrip(JenkinsRule r) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(r);
        FreezeGuardStep step = new FreezeGuardStep("production");

        snippets.assertRoundTrip(step, "odooFreezeGuard 'production'");
        step.setTenant("acme");
        step.setChangeType("infrastructure");
        step.setCalendars(List.of("release/freeze.yaml"));
        step.setOnFreeze("wait");
        step.setMaxWait("2h");
        snippets.assertRoundTrip(step, "odooFreezeGuard calendars: ['release/freeze.yaml'], changeType: 'infrastructure', "
                + "environment: 'production', maxWait: '2h', onFreeze: 'wait', tenant: 'acme'");
    }

    @Test
    void graphLabelNamesScope(JenkinsRule r) {
        FreezeGuardStep.DescriptorImpl descriptor = r.jenkins.getDescriptorByType(FreezeGuardStep.DescriptorImpl.class);

        assertEquals("production / acme (application)",
                descriptor.argumentsToString(Map.of("environment", "production", "tenant", "acme", "changeType", "application")));
    }
}
