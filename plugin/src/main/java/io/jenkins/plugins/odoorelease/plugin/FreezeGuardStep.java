package io.jenkins.plugins.odoorelease.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.freeze.ChangeType;
import io.jenkins.plugins.odoorelease.freeze.FreezeGuard;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import io.jenkins.plugins.odoorelease.freeze.OnFreeze;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooFreezeGuard}: decides whether a change may proceed now, given the platform's freeze calendars from the
 * global configuration and the repository's calendars from the workspace.
 */
public final class FreezeGuardStep extends Step {

    private final String environment;
    private String tenant;
    private String changeType = ChangeType.APPLICATION.keyword();
    private List<String> calendars = new ArrayList<>();
    private String expectedDuration;
    private String onFreeze = OnFreeze.FAIL.keyword();
    private String maxWait = "4h";
    private String horizon = "30d";
    private String overrideReason;
    private String overrideApprover;
    private String overrideExpires;
    private String overrideTicket;
    private List<String> overrideWindows = new ArrayList<>();
    private String failOn = FailOn.ERROR.keyword();

    @DataBoundConstructor
    public FreezeGuardStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    public String getTenant() {
        return tenant;
    }

    @DataBoundSetter
    public void setTenant(String tenant) {
        this.tenant = Util.fixEmptyAndTrim(tenant);
    }

    public String getChangeType() {
        return changeType;
    }

    @DataBoundSetter
    public void setChangeType(String changeType) {
        this.changeType = StepArguments.orDefault(changeType, ChangeType.APPLICATION.keyword());
    }

    public List<String> getCalendars() {
        return calendars;
    }

    @DataBoundSetter
    public void setCalendars(List<String> calendars) {
        this.calendars = trimmed(calendars);
    }

    public String getExpectedDuration() {
        return expectedDuration;
    }

    @DataBoundSetter
    public void setExpectedDuration(String expectedDuration) {
        this.expectedDuration = Util.fixEmptyAndTrim(expectedDuration);
    }

    public String getOnFreeze() {
        return onFreeze;
    }

    @DataBoundSetter
    public void setOnFreeze(String onFreeze) {
        this.onFreeze = StepArguments.orDefault(onFreeze, OnFreeze.FAIL.keyword());
    }

    public String getMaxWait() {
        return maxWait;
    }

    @DataBoundSetter
    public void setMaxWait(String maxWait) {
        this.maxWait = StepArguments.orDefault(maxWait, "4h");
    }

    public String getHorizon() {
        return horizon;
    }

    @DataBoundSetter
    public void setHorizon(String horizon) {
        this.horizon = StepArguments.orDefault(horizon, "30d");
    }

    public String getOverrideReason() {
        return overrideReason;
    }

    @DataBoundSetter
    public void setOverrideReason(String overrideReason) {
        this.overrideReason = Util.fixEmptyAndTrim(overrideReason);
    }

    public String getOverrideApprover() {
        return overrideApprover;
    }

    @DataBoundSetter
    public void setOverrideApprover(String overrideApprover) {
        this.overrideApprover = Util.fixEmptyAndTrim(overrideApprover);
    }

    public String getOverrideExpires() {
        return overrideExpires;
    }

    @DataBoundSetter
    public void setOverrideExpires(String overrideExpires) {
        this.overrideExpires = Util.fixEmptyAndTrim(overrideExpires);
    }

    public String getOverrideTicket() {
        return overrideTicket;
    }

    @DataBoundSetter
    public void setOverrideTicket(String overrideTicket) {
        this.overrideTicket = Util.fixEmptyAndTrim(overrideTicket);
    }

    public List<String> getOverrideWindows() {
        return overrideWindows;
    }

    @DataBoundSetter
    public void setOverrideWindows(List<String> overrideWindows) {
        this.overrideWindows = trimmed(overrideWindows);
    }

    public String getFailOn() {
        return failOn;
    }

    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = StepArguments.orDefault(failOn, FailOn.ERROR.keyword());
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }


    private static List<String> trimmed(List<String> values) {
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                String trimmed = Util.fixEmptyAndTrim(value);
                if (trimmed != null) {
                    result.add(trimmed);
                }
            }
        }
        return result;
    }

    /** Runs the guard off the Pipeline thread; a wait for a freeze to end can take hours and is aborted by an interrupt. */
    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final transient FreezeGuardStep step;

        Execution(FreezeGuardStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            OdooReleaseConfiguration configuration = OdooReleaseConfiguration.get();
            FreezeRequest request;
            try {
                request = FreezeRequest.builder()
                        .environment(step.environment)
                        .tenant(step.tenant)
                        .changeType(step.changeType)
                        .expectedDuration(step.expectedDuration != null ? step.expectedDuration : configuration.getDefaultExpectedDuration())
                        .onFreeze(step.onFreeze)
                        .maxWait(step.maxWait)
                        .horizon(step.horizon)
                        .calendars(configuration.platformCalendars())
                        .calendars(repositoryCalendars(getContext().get(FilePath.class)))
                        .override(new FreezeRequest.OverrideInput(step.overrideReason, step.overrideApprover, step.overrideExpires,
                                step.overrideTicket, step.overrideWindows))
                        .requester(requester(run))
                        .overridePolicy(configuration.overridePolicy())
                        .failOn(step.failOn)
                        .build();
            } catch (InvalidInputException e) {
                throw StepRuns.abort(DescriptorImpl.FUNCTION_NAME, e);
            }
            FreezeGuard guard = new FreezeGuard(Clock.systemUTC(), Sleeper.SYSTEM, new JenkinsOverrideAuthorizer(run));
            StepReport report = guard.run(request, new TaskListenerEvents(listener));
            return StepRuns.finish(run, listener, report, request.failOn());
        }

        /** Reads the repository's calendars from the workspace; an import may not leave the workspace. */
        private List<CalendarSource> repositoryCalendars(FilePath workspace) throws IOException, InterruptedException {
            List<CalendarSource> sources = new ArrayList<>();
            if (step.calendars.isEmpty()) {
                return sources;
            }
            if (workspace == null) {
                throw new AbortException(DescriptorImpl.FUNCTION_NAME + ": calendars are read from the workspace; call the step "
                        + "inside node { } or leave out 'calendars' to use only the platform's");
            }
            for (String path : step.calendars) {
                boolean inside = !java.nio.file.Path.of(path).isAbsolute() && !path.startsWith("/") && workspace.isDescendant(path);
                FilePath file = workspace.child(path);
                if (!inside || !file.exists()) {
                    throw new AbortException(DescriptorImpl.FUNCTION_NAME + ": calendars: '" + path + "' is not a file in the "
                            + "workspace " + workspace.getRemote() + "; check the path, relative to the workspace");
                }
                sources.add(new CalendarSource(path, file.readToString(), CalendarOrigin.REPOSITORY,
                        imported -> readImport(workspace, path, imported)));
            }
            return sources;
        }

        /** Reads a file that a calendar imports, relative to that calendar, refusing anything outside the workspace. */
        private static String readImport(FilePath workspace, String calendar, String imported) throws IOException {
            java.nio.file.Path relative = java.nio.file.Path.of(calendar).resolveSibling(imported).normalize();
            String remote = relative.toString().replace('\\', '/');
            try {
                if (relative.isAbsolute() || remote.startsWith("..") || !workspace.isDescendant(remote)) {
                    throw new IOException("'" + imported + "' is outside the workspace");
                }
                return workspace.child(remote).readToString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading '" + imported + "'", e);
            }
        }

        private static String requester(Run<?, ?> run) {
            Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
            return cause == null ? null : cause.getUserId();
        }
    }

    @Extension
    @Symbol("odooFreezeGuard")
    public static final class DescriptorImpl extends StepDescriptor {

        static final String FUNCTION_NAME = "odooFreezeGuard";

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FreezeGuardStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** Labels the step in the Pipeline Graph View, for example {@code production / acme (application)}. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object environment = namedArgs.get("environment");
            if (environment == null) {
                return null;
            }
            Object tenant = namedArgs.get("tenant");
            Object changeType = namedArgs.get("changeType");
            return environment + (tenant == null ? "" : " / " + tenant) + (changeType == null ? "" : " (" + changeType + ")");
        }

        @POST
        public ListBoxModel doFillChangeTypeItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(ChangeType.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillOnFreezeItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(OnFreeze.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(FailOn.class) : new ListBoxModel();
        }

        @POST
        public FormValidation doCheckEnvironment(@AncestorInPath Item item, @QueryParameter String value) {
            if (!StepPermissions.canConfigure(item)) {
                return FormValidation.ok();
            }
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.error("Name the environment, for example production.")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckExpectedDuration(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? FormChecks.duration(value, "expectedDuration") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckMaxWait(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? FormChecks.duration(value, "maxWait") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckHorizon(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? FormChecks.duration(value, "horizon") : FormValidation.ok();
        }
    }
}
