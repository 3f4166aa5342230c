package io.jenkins.plugins.odoorelease.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.backup.BackupFormat;
import io.jenkins.plugins.odoorelease.backup.BackupRequest;
import io.jenkins.plugins.odoorelease.backup.OdooBackup;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.util.HashMap;
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
 * {@code odooBackup}: takes a consistent backup of an Odoo database and its filestore into S3 or an S3-compatible
 * store. Inside {@code node} the backup runs on that agent, so {@code pg_dump} and the filestore folder are the agent's.
 */
public final class BackupStep extends Step {

    private final String databaseUrl;
    private final String location;
    private String credentialsId;
    private String s3CredentialsId;
    private String endpoint;
    private String region;
    private boolean pathStyle;
    private String format = BackupFormat.ZIP.keyword();
    private String filestore;
    private String pgDump;
    private String partSize;
    private String failOn = FailOn.ERROR.keyword();

    @DataBoundConstructor
    public BackupStep(String databaseUrl, String location) {
        this.databaseUrl = Util.fixEmptyAndTrim(databaseUrl);
        this.location = Util.fixEmptyAndTrim(location);
    }

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    public String getLocation() {
        return location;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
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

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        String trimmed = Util.fixEmptyAndTrim(format);
        this.format = trimmed == null ? BackupFormat.ZIP.keyword() : trimmed;
    }

    public String getFilestore() {
        return filestore;
    }

    @DataBoundSetter
    public void setFilestore(String filestore) {
        this.filestore = Util.fixEmptyAndTrim(filestore);
    }

    public String getPgDump() {
        return pgDump;
    }

    @DataBoundSetter
    public void setPgDump(String pgDump) {
        this.pgDump = Util.fixEmptyAndTrim(pgDump);
    }

    public String getPartSize() {
        return partSize;
    }

    @DataBoundSetter
    public void setPartSize(String partSize) {
        this.partSize = Util.fixEmptyAndTrim(partSize);
    }

    public String getFailOn() {
        return failOn;
    }

    @DataBoundSetter
    public void setFailOn(String failOn) {
        String trimmed = Util.fixEmptyAndTrim(failOn);
        this.failOn = trimmed == null ? FailOn.ERROR.keyword() : trimmed;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final transient BackupStep step;

        Execution(BackupStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            if (step.filestore != null && !step.filestore.startsWith("s3://") && workspace == null) {
                throw new AbortException(DescriptorImpl.FUNCTION_NAME + ": filestore: a folder is read on an agent; call the step "
                        + "inside node { } on the machine that holds '" + step.filestore + "', or give an s3:// prefix");
            }
            Map<String, String> values = new HashMap<>();
            values.put("databaseUrl", step.databaseUrl);
            values.put("location", step.location);
            values.put("endpoint", step.endpoint);
            values.put("region", step.region);
            values.put("pathStyle", String.valueOf(step.pathStyle));
            values.put("format", step.format);
            values.put("filestore", step.filestore);
            values.put("pgDump", step.pgDump);
            values.put("partSize", step.partSize);
            values.put("failOn", step.failOn);
            Map<String, Secret> secrets = new HashMap<>();
            if (step.credentialsId != null) {
                Credentials.UsernamePassword database = Credentials.usernamePassword(run, step.credentialsId, "credentialsId");
                values.put("databaseUser", database.username());
                secrets.put("databasePassword", Secret.fromString(database.password().reveal()));
            }
            BackupSteps.putS3Keys(secrets, S3Credentials.resolve(run, step.s3CredentialsId, "s3CredentialsId"));
            Call call = new Call(values, secrets, listener);
            String json = workspace == null ? call.call() : workspace.act(call);
            StepReport report = EngineCall.report(json);
            return StepRuns.finish(run, listener, report, BackupSteps.failOn(step.failOn, DescriptorImpl.FUNCTION_NAME));
        }
    }

    /** The backup as it runs on the agent or the controller. */
    static final class Call extends EngineCall {

        private static final long serialVersionUID = 1L;

        Call(Map<String, String> values, Map<String, Secret> secrets, TaskListener listener) {
            super(DescriptorImpl.FUNCTION_NAME, values, secrets, listener);
        }

        @Override
        StepReport run(TaskListenerEvents events) throws InvalidInputException, InfrastructureException, InterruptedException {
            BackupRequest request = BackupRequest.builder()
                    .database(value("databaseUrl"), value("databaseUser"), secret("databasePassword"))
                    .location(value("location"))
                    .s3(value("endpoint"), value("region"), Boolean.parseBoolean(value("pathStyle")))
                    .s3Credentials(secret("accessKeyId"), secret("secretAccessKey"), secret("sessionToken"))
                    .format(value("format"))
                    .filestore(value("filestore"))
                    .pgDump(value("pgDump"))
                    .partSize(value("partSize"))
                    .failOn(value("failOn"))
                    .build();
            return new OdooBackup(Clock.systemUTC()).run(request, events);
        }
    }

    @Extension
    @Symbol("odooBackup")
    public static final class DescriptorImpl extends StepDescriptor {

        static final String FUNCTION_NAME = "odooBackup";

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BackupStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** Labels the step in the Pipeline Graph View, for example {@code jdbc:postgresql://db/prod -> s3://backups/prod (zip)}. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object database = namedArgs.get("databaseUrl");
            Object location = namedArgs.get("location");
            if (database == null || location == null) {
                return null;
            }
            Object format = namedArgs.get("format");
            return BackupSteps.withoutQuery(database.toString()) + " -> " + location + (format == null ? "" : " (" + format + ")");
        }

        @POST
        public ListBoxModel doFillFormatItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(BackupFormat.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(FailOn.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return StepPermissions.usernamePasswordItems(item, credentialsId);
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
        public FormValidation doCheckDatabaseUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? BackupSteps.checkJdbcUrl(value, "databaseUrl") : FormValidation.ok();
        }
    }
}
