package io.jenkins.plugins.odoorelease.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.backup.BackupVerifier;
import io.jenkins.plugins.odoorelease.backup.VerifyRequest;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 * {@code odooBackupVerify}: proves that the newest backup restores into a scratch database and is consistent, within
 * the RPO and RTO. The report charts the restore time of this job's earlier builds next to this one's.
 */
public final class BackupVerifyStep extends Step {

    /** How many earlier builds the RTO trend reads. */
    static final int HISTORY_BUILDS = 30;

    private final String location;
    private final String scratchUrl;
    private String key;
    private String scratchCredentialsId;
    private String s3CredentialsId;
    private String endpoint;
    private String region;
    private boolean pathStyle;
    private String scratchPrefix = VerifyRequest.DEFAULT_SCRATCH_PREFIX;
    /** The step's objectives, or {@code null} for the global configuration's defaults. */
    private String rpo;
    private String rto;
    private String attachments = "all";
    private boolean keepScratch;
    private String pgRestore;
    private String maxCompressionRatio = "200";
    private boolean requireVersioning = true;
    private boolean requireLifecycle = true;
    private String failOn = FailOn.ERROR.keyword();

    @DataBoundConstructor
    public BackupVerifyStep(String location, String scratchUrl) {
        this.location = Util.fixEmptyAndTrim(location);
        this.scratchUrl = Util.fixEmptyAndTrim(scratchUrl);
    }

    public String getLocation() {
        return location;
    }

    public String getScratchUrl() {
        return scratchUrl;
    }

    public String getKey() {
        return key;
    }

    @DataBoundSetter
    public void setKey(String key) {
        this.key = Util.fixEmptyAndTrim(key);
    }

    public String getScratchCredentialsId() {
        return scratchCredentialsId;
    }

    @DataBoundSetter
    public void setScratchCredentialsId(String scratchCredentialsId) {
        this.scratchCredentialsId = Util.fixEmptyAndTrim(scratchCredentialsId);
    }

    public String getS3CredentialsId() {
        return s3CredentialsId;
    }

    @DataBoundSetter
    public void setS3CredentialsId(String s3CredentialsId) {
        this.s3CredentialsId = Util.fixEmptyAndTrim(s3CredentialsId);
    }

    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    public boolean isPathStyle() {
        return pathStyle;
    }

    @DataBoundSetter
    public void setPathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public String getScratchPrefix() {
        return scratchPrefix;
    }

    @DataBoundSetter
    public void setScratchPrefix(String scratchPrefix) {
        this.scratchPrefix = StepArguments.orDefault(scratchPrefix, VerifyRequest.DEFAULT_SCRATCH_PREFIX);
    }

    public String getRpo() {
        return rpo;
    }

    @DataBoundSetter
    public void setRpo(String rpo) {
        this.rpo = Util.fixEmptyAndTrim(rpo);
    }

    public String getRto() {
        return rto;
    }

    @DataBoundSetter
    public void setRto(String rto) {
        this.rto = Util.fixEmptyAndTrim(rto);
    }

    public String getAttachments() {
        return attachments;
    }

    @DataBoundSetter
    public void setAttachments(String attachments) {
        this.attachments = StepArguments.orDefault(attachments, "all");
    }

    public boolean isKeepScratch() {
        return keepScratch;
    }

    @DataBoundSetter
    public void setKeepScratch(boolean keepScratch) {
        this.keepScratch = keepScratch;
    }

    public String getPgRestore() {
        return pgRestore;
    }

    @DataBoundSetter
    public void setPgRestore(String pgRestore) {
        this.pgRestore = Util.fixEmptyAndTrim(pgRestore);
    }

    public String getMaxCompressionRatio() {
        return maxCompressionRatio;
    }

    @DataBoundSetter
    public void setMaxCompressionRatio(String maxCompressionRatio) {
        this.maxCompressionRatio = StepArguments.orDefault(maxCompressionRatio, "200");
    }

    public boolean isRequireVersioning() {
        return requireVersioning;
    }

    @DataBoundSetter
    public void setRequireVersioning(boolean requireVersioning) {
        this.requireVersioning = requireVersioning;
    }

    public boolean isRequireLifecycle() {
        return requireLifecycle;
    }

    @DataBoundSetter
    public void setRequireLifecycle(boolean requireLifecycle) {
        this.requireLifecycle = requireLifecycle;
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

    /** Reads the restore times of this step in the job's earlier builds, oldest first, for the RTO trend. */
    static List<VerifyRequest.RtoPoint> history(Run<?, ?> run) {
        List<VerifyRequest.RtoPoint> points = new ArrayList<>();
        Run<?, ?> previous = run.getPreviousBuild();
        for (int i = 0; i < HISTORY_BUILDS && previous != null; i++, previous = previous.getPreviousBuild()) {
            for (StepReport report : ReportAction.reportsOf(previous)) {
                if (BackupVerifier.STEP.equals(report.step()) && report.result().get("restoreSeconds") instanceof Number seconds) {
                    points.add(new VerifyRequest.RtoPoint(report.finishedAt(), seconds.doubleValue(), "#" + previous.getNumber()));
                }
            }
        }
        Collections.reverse(points);
        return points;
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final transient BackupVerifyStep step;

        Execution(BackupVerifyStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            Map<String, String> values = new HashMap<>();
            values.put("location", step.location);
            values.put("key", step.key);
            values.put("endpoint", step.endpoint);
            values.put("region", step.region);
            values.put("pathStyle", String.valueOf(step.pathStyle));
            values.put("scratchUrl", step.scratchUrl);
            values.put("scratchPrefix", step.scratchPrefix);
            OdooReleaseConfiguration platform = OdooReleaseConfiguration.get();
            values.put("rpo", step.rpo != null ? step.rpo : platform.getBackupRpo());
            values.put("rto", step.rto != null ? step.rto : platform.getBackupRto());
            values.put("attachments", step.attachments);
            values.put("keepScratch", String.valueOf(step.keepScratch));
            values.put("pgRestore", step.pgRestore);
            values.put("maxCompressionRatio", step.maxCompressionRatio);
            values.put("requireVersioning", String.valueOf(step.requireVersioning));
            values.put("requireLifecycle", String.valueOf(step.requireLifecycle));
            values.put("failOn", step.failOn);
            Map<String, Secret> secrets = new HashMap<>();
            if (step.scratchCredentialsId != null) {
                Credentials.UsernamePassword scratch = Credentials.usernamePassword(run, step.scratchCredentialsId, "scratchCredentialsId");
                values.put("scratchUser", scratch.username());
                secrets.put("scratchPassword", Secret.fromString(scratch.password().reveal()));
            }
            BackupSteps.putS3Keys(secrets, S3Credentials.resolve(run, step.s3CredentialsId, "s3CredentialsId"));
            Call call = new Call(values, secrets, history(run), listener);
            String json = workspace == null ? call.call() : workspace.act(call);
            return StepRuns.finish(run, listener, EngineCall.report(json), BackupSteps.failOn(step.failOn, DescriptorImpl.FUNCTION_NAME));
        }
    }

    /** The verification as it runs on the agent or the controller. */
    static final class Call extends EngineCall {

        private static final long serialVersionUID = 1L;

        private final ArrayList<String> history = new ArrayList<>();

        Call(Map<String, String> values, Map<String, Secret> secrets, List<VerifyRequest.RtoPoint> points, TaskListener listener) {
            super(DescriptorImpl.FUNCTION_NAME, values, secrets, listener);
            for (VerifyRequest.RtoPoint point : points) {
                history.add(point.at() + " " + point.restoreSeconds() + " " + point.label());
            }
        }

        @Override
        StepReport run(TaskListenerEvents events) throws InvalidInputException, InfrastructureException, InterruptedException {
            List<VerifyRequest.RtoPoint> points = new ArrayList<>();
            for (String point : history) {
                String[] parts = point.split(" ", 3);
                points.add(new VerifyRequest.RtoPoint(java.time.Instant.parse(parts[0]), Double.parseDouble(parts[1]), parts[2]));
            }
            VerifyRequest request = VerifyRequest.builder()
                    .location(value("location"))
                    .key(value("key"))
                    .s3(value("endpoint"), value("region"), Boolean.parseBoolean(value("pathStyle")))
                    .s3Credentials(secret("accessKeyId"), secret("secretAccessKey"), secret("sessionToken"))
                    .scratch(value("scratchUrl"), value("scratchUser"), secret("scratchPassword"))
                    .scratchPrefix(value("scratchPrefix"))
                    .rpo(value("rpo"))
                    .rto(value("rto"))
                    .attachments(value("attachments"))
                    .keepScratch(Boolean.parseBoolean(value("keepScratch")))
                    .pgRestore(value("pgRestore"))
                    .maxCompressionRatio(value("maxCompressionRatio"))
                    .requireVersioning(Boolean.parseBoolean(value("requireVersioning")))
                    .requireLifecycle(Boolean.parseBoolean(value("requireLifecycle")))
                    .history(points)
                    .failOn(value("failOn"))
                    .build();
            return new BackupVerifier(Clock.systemUTC()).run(request, events);
        }
    }

    @Extension
    @Symbol("odooBackupVerify")
    public static final class DescriptorImpl extends StepDescriptor {

        static final String FUNCTION_NAME = "odooBackupVerify";

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BackupVerifyStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** Labels the step in the Pipeline Graph View, for example {@code s3://backups/prod (rpo 26h, rto 1h)}. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object location = namedArgs.get("location");
            if (location == null) {
                return null;
            }
            Object rpo = namedArgs.get("rpo");
            Object rto = namedArgs.get("rto");
            return location + (rpo == null && rto == null ? "" : " (" + (rpo == null ? "" : "rpo " + rpo) + (rpo != null && rto != null
                    ? ", " : "") + (rto == null ? "" : "rto " + rto) + ")");
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(FailOn.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillScratchCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String scratchCredentialsId) {
            return StepPermissions.usernamePasswordItems(item, scratchCredentialsId);
        }

        @POST
        public ListBoxModel doFillS3CredentialsIdItems(@AncestorInPath Item item, @QueryParameter String s3CredentialsId) {
            return BackupSteps.s3CredentialItems(item, s3CredentialsId);
        }

        @POST
        public FormValidation doCheckLocation(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? BackupSteps.checkLocation(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckScratchUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? BackupSteps.checkJdbcUrl(value, "scratchUrl") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckRpo(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? FormChecks.duration(value, "rpo") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckRto(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? FormChecks.duration(value, "rto") : FormValidation.ok();
        }
    }
}
