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
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.WorkspacePaths;
import io.jenkins.plugins.odoorelease.migrate.MigrateCheck;
import io.jenkins.plugins.odoorelease.migrate.MigrateRequest;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
 * {@code odooMigrateCheck}: compares the addons in the workspace with the target database and plans the update. It
 * runs inside {@code node}, on the machine with the workspace, and only reads the database.
 */
public final class MigrateCheckStep extends Step {

    private final List<String> addons;
    private final String databaseUrl;
    private String credentialsId;
    private String series;
    private List<String> install = new ArrayList<>();
    private List<String> upgradePaths = new ArrayList<>();
    private String largeTableRows = String.valueOf(MigrateRequest.DEFAULT_LARGE_TABLE_ROWS);
    private String longTransaction = "5m";
    private String connectionUsage = String.valueOf(MigrateRequest.DEFAULT_CONNECTION_USAGE_PERCENT);
    private String statementTimeout = "30s";
    private String lockTimeout = "2s";
    private boolean checksums = true;
    private String failOn = FailOn.ERROR.keyword();

    @DataBoundConstructor
    public MigrateCheckStep(List<String> addons, String databaseUrl) {
        this.addons = StepArguments.trimmed(addons);
        this.databaseUrl = Util.fixEmptyAndTrim(databaseUrl);
    }

    public List<String> getAddons() {
        return addons;
    }

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getSeries() {
        return series;
    }

    @DataBoundSetter
    public void setSeries(String series) {
        this.series = Util.fixEmptyAndTrim(series);
    }

    public List<String> getInstall() {
        return install;
    }

    @DataBoundSetter
    public void setInstall(List<String> install) {
        this.install = StepArguments.trimmed(install);
    }

    public List<String> getUpgradePaths() {
        return upgradePaths;
    }

    @DataBoundSetter
    public void setUpgradePaths(List<String> upgradePaths) {
        this.upgradePaths = StepArguments.trimmed(upgradePaths);
    }

    public String getLargeTableRows() {
        return largeTableRows;
    }

    @DataBoundSetter
    public void setLargeTableRows(String largeTableRows) {
        this.largeTableRows = StepArguments.orDefault(largeTableRows, String.valueOf(MigrateRequest.DEFAULT_LARGE_TABLE_ROWS));
    }

    public String getLongTransaction() {
        return longTransaction;
    }

    @DataBoundSetter
    public void setLongTransaction(String longTransaction) {
        this.longTransaction = StepArguments.orDefault(longTransaction, "5m");
    }

    public String getConnectionUsage() {
        return connectionUsage;
    }

    @DataBoundSetter
    public void setConnectionUsage(String connectionUsage) {
        this.connectionUsage = StepArguments.orDefault(connectionUsage, String.valueOf(MigrateRequest.DEFAULT_CONNECTION_USAGE_PERCENT));
    }

    public String getStatementTimeout() {
        return statementTimeout;
    }

    @DataBoundSetter
    public void setStatementTimeout(String statementTimeout) {
        this.statementTimeout = StepArguments.orDefault(statementTimeout, "30s");
    }

    public String getLockTimeout() {
        return lockTimeout;
    }

    @DataBoundSetter
    public void setLockTimeout(String lockTimeout) {
        this.lockTimeout = StepArguments.orDefault(lockTimeout, "2s");
    }

    public boolean isChecksums() {
        return checksums;
    }

    @DataBoundSetter
    public void setChecksums(boolean checksums) {
        this.checksums = checksums;
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

    /** Runs the check off the Pipeline thread: the JDBC queries and the addons scan block. */
    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final transient MigrateCheckStep step;

        Execution(MigrateCheckStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            FailOn failOn;
            try {
                failOn = Keyword.parse(FailOn.class, step.failOn, "failOn");
            } catch (InvalidInputException e) {
                throw StepRuns.abort(DescriptorImpl.FUNCTION_NAME, e);
            }
            checkPaths(workspace);

            Map<String, String> values = new HashMap<>();
            values.put("databaseUrl", step.databaseUrl);
            values.put("series", step.series);
            values.put("largeTableRows", step.largeTableRows);
            values.put("longTransaction", step.longTransaction);
            values.put("connectionUsage", step.connectionUsage);
            values.put("statementTimeout", step.statementTimeout);
            values.put("lockTimeout", step.lockTimeout);
            values.put("checksums", String.valueOf(step.checksums));
            values.put("failOn", step.failOn);

            Map<String, Secret> secrets = new HashMap<>();
            if (step.credentialsId != null) {
                Credentials.UsernamePassword credentials = Credentials.usernamePassword(run, step.credentialsId, "credentialsId");
                values.put("databaseUser", credentials.username());
                secrets.put("databasePassword", Secret.fromString(credentials.password().reveal()));
            }

            Call call = new Call(values, secrets, resolve(workspace, step.addons), resolve(workspace, step.upgradePaths), step.install,
                    listener);
            StepReport report = EngineCall.report(workspace.act(call));
            return StepRuns.finish(run, listener, report, failOn);
        }

        /**
         * Resolves paths against the workspace on the machine that has it; an absolute path stays as it is. Each path
         * stays one entry, so a workspace whose path contains a comma still works.
         */
        private static List<String> resolve(FilePath workspace, List<String> paths) {
            return paths.stream().map(path -> workspace.child(path).getRemote()).toList();
        }

        /**
         * Keeps the addons paths inside the workspace on the built-in node, where the check runs inside the controller,
         * also through symbolic links. On an agent an absolute path is allowed, such as Odoo's own addons in the agent's
         * image.
         */
        private void checkPaths(FilePath workspace) throws AbortException {
            if (workspace.isRemote()) {
                return;
            }
            Path root = Path.of(workspace.getRemote());
            try {
                for (String path : step.addons) {
                    WorkspacePaths.inside(root, path, "addons", BUILT_IN_NODE_FIX);
                }
                for (String path : step.upgradePaths) {
                    WorkspacePaths.inside(root, path, "upgradePaths", BUILT_IN_NODE_FIX);
                }
            } catch (InvalidInputException e) {
                throw StepRuns.abort(DescriptorImpl.FUNCTION_NAME, e);
            }
        }

        private static final String BUILT_IN_NODE_FIX = "on the built-in node the addons must be in the workspace, so check them "
                + "out there or run the step on an agent";
    }

    /**
     * The check as it runs where the workspace is, so that the addons are read where they were checked out and the
     * database is reached from that machine's network.
     */
    static final class Call extends EngineCall {

        private static final long serialVersionUID = 1L;

        /** The lists travel as lists, so that no entry is split at a comma on the way. */
        private final ArrayList<String> addons;
        private final ArrayList<String> upgradePaths;
        private final ArrayList<String> install;

        Call(Map<String, String> values, Map<String, Secret> secrets, List<String> addons, List<String> upgradePaths, List<String> install,
                TaskListener listener) {
            super(DescriptorImpl.FUNCTION_NAME, values, secrets, listener);
            this.addons = new ArrayList<>(addons);
            this.upgradePaths = new ArrayList<>(upgradePaths);
            this.install = new ArrayList<>(install);
        }

        @Override
        StepReport run(TaskListenerEvents events) throws InvalidInputException, InfrastructureException {
            loadDriver();
            MigrateRequest request = MigrateRequest.builder()
                    .addonsFolders(addons.stream().map(Path::of).toList())
                    .databaseUrl(value("databaseUrl"))
                    .databaseUser(value("databaseUser"))
                    .databasePassword(secret("databasePassword"))
                    .series(value("series"))
                    .install(install)
                    .upgradeFolders(upgradePaths.stream().map(Path::of).toList())
                    .largeTableRows(value("largeTableRows"))
                    .longTransaction(value("longTransaction"))
                    .connectionUsage(value("connectionUsage"))
                    .statementTimeout(value("statementTimeout"))
                    .lockTimeout(value("lockTimeout"))
                    .checksums(Boolean.parseBoolean(value("checksums")))
                    .failOn(value("failOn"))
                    .build();
            return new MigrateCheck(Clock.systemUTC()).run(request, events);
        }

        /**
         * Loads pgjdbc's driver through this plugin's class loader, so that it registers with {@code DriverManager} on an
         * agent too, where the service loader of the agent's class path does not see the postgresql-api plugin.
         */
        private static void loadDriver() throws InfrastructureException {
            try {
                Class.forName("org.postgresql.Driver", true, Call.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new InfrastructureException("the PostgreSQL driver is missing; install the postgresql-api plugin", e);
            }
        }
    }

    @Extension
    @Symbol("odooMigrateCheck")
    public static final class DescriptorImpl extends StepDescriptor {

        static final String FUNCTION_NAME = MigrateCheck.STEP;

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MigrateCheckStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }

        /** Labels the step in the Pipeline Graph View with the database, such as {@code db.example:5432/shop (17.0)}. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object url = namedArgs.get("databaseUrl");
            if (url == null) {
                return null;
            }
            String text = url.toString().replaceFirst("^jdbc:postgresql://", "");
            int query = text.indexOf('?');
            Object series = namedArgs.get("series");
            return (query < 0 ? text : text.substring(0, query)) + (series == null ? "" : " (" + series + ")");
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return StepPermissions.usernamePasswordItems(item, credentialsId);
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(FailOn.class) : new ListBoxModel();
        }

        @POST
        public FormValidation doCheckDatabaseUrl(@AncestorInPath Item item, @QueryParameter String value) {
            if (!StepPermissions.canConfigure(item)) {
                return FormValidation.ok();
            }
            try {
                PgTarget.of(value, null, null, "databaseUrl");
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.problems().get(0).message());
            }
        }

        @POST
        public FormValidation doCheckSeries(@AncestorInPath Item item, @QueryParameter String value) {
            if (!StepPermissions.canConfigure(item) || Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            try {
                OdooSeries.parse(value, "series");
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.problems().get(0).message());
            }
        }

        @POST
        public FormValidation doCheckLargeTableRows(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? requestCheck(b -> b.largeTableRows(value)) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckConnectionUsage(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? requestCheck(b -> b.connectionUsage(value)) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckLongTransaction(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? FormChecks.duration(value, "longTransaction") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckStatementTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? requestCheck(b -> b.statementTimeout(value)) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckLockTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) ? requestCheck(b -> b.lockTimeout(value)) : FormValidation.ok();
        }

        /**
         * Checks one value the way the engine does, by building a request with valid placeholders for the required
         * values and reporting only the problem of this value.
         */
        private static FormValidation requestCheck(java.util.function.Consumer<MigrateRequest.Builder> value) {
            MigrateRequest.Builder builder = MigrateRequest.builder().addons(List.of("addons")).databaseUrl("jdbc:postgresql://localhost/odoo");
            value.accept(builder);
            try {
                builder.build();
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.problems().get(0).message());
            }
        }
    }
}
