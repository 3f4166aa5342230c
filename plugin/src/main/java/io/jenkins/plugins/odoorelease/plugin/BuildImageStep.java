package io.jenkins.plugins.odoorelease.plugin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.image.ImageBuilder;
import io.jenkins.plugins.odoorelease.image.ImageName;
import io.jenkins.plugins.odoorelease.image.ManifestFormat;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
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
 * {@code odooBuildImage}: builds the tenant's Odoo image on the platform's approved base image and pushes it under
 * immutable tags, or writes a tar file. The build runs on the agent that has the workspace.
 */
public final class BuildImageStep extends Step {

    private final String image;
    private final String baseImage;
    private List<String> addons = new ArrayList<>();
    private List<String> tags = new ArrayList<>();
    private String odooConfig;
    private String series;
    private String user;
    private String revision;
    private String revisionTime;
    private String source;
    private String version;
    private String tarFile;
    private String format = ManifestFormat.DOCKER.keyword();
    private String platform = "linux/amd64";
    private String addonsRoot = "/mnt/extra-addons";
    private String registryCredentialsId;
    private String baseRegistryCredentialsId;
    private boolean allowFloatingBase;
    private boolean allowTagOverwrite;
    private boolean allowInsecureRegistry;
    private String failOn = FailOn.ERROR.keyword();

    @DataBoundConstructor
    public BuildImageStep(String image, String baseImage) {
        this.image = Util.fixEmptyAndTrim(image);
        this.baseImage = Util.fixEmptyAndTrim(baseImage);
    }

    public String getImage() {
        return image;
    }

    public String getBaseImage() {
        return baseImage;
    }

    public List<String> getAddons() {
        return addons;
    }

    @DataBoundSetter
    public void setAddons(List<String> addons) {
        this.addons = StepArguments.trimmed(addons);
    }

    public List<String> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = StepArguments.trimmed(tags);
    }

    public String getOdooConfig() {
        return odooConfig;
    }

    @DataBoundSetter
    public void setOdooConfig(String odooConfig) {
        this.odooConfig = Util.fixEmptyAndTrim(odooConfig);
    }

    public String getSeries() {
        return series;
    }

    @DataBoundSetter
    public void setSeries(String series) {
        this.series = Util.fixEmptyAndTrim(series);
    }

    public String getUser() {
        return user;
    }

    @DataBoundSetter
    public void setUser(String user) {
        this.user = Util.fixEmptyAndTrim(user);
    }

    public String getRevision() {
        return revision;
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = Util.fixEmptyAndTrim(revision);
    }

    public String getRevisionTime() {
        return revisionTime;
    }

    @DataBoundSetter
    public void setRevisionTime(String revisionTime) {
        this.revisionTime = Util.fixEmptyAndTrim(revisionTime);
    }

    public String getSource() {
        return source;
    }

    @DataBoundSetter
    public void setSource(String source) {
        this.source = Util.fixEmptyAndTrim(source);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    public String getTarFile() {
        return tarFile;
    }

    @DataBoundSetter
    public void setTarFile(String tarFile) {
        this.tarFile = Util.fixEmptyAndTrim(tarFile);
    }

    public String getFormat() {
        return format;
    }

    @DataBoundSetter
    public void setFormat(String format) {
        this.format = StepArguments.orDefault(format, ManifestFormat.DOCKER.keyword());
    }

    public String getPlatform() {
        return platform;
    }

    @DataBoundSetter
    public void setPlatform(String platform) {
        this.platform = StepArguments.orDefault(platform, "linux/amd64");
    }

    public String getAddonsRoot() {
        return addonsRoot;
    }

    @DataBoundSetter
    public void setAddonsRoot(String addonsRoot) {
        this.addonsRoot = StepArguments.orDefault(addonsRoot, "/mnt/extra-addons");
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
    }

    public String getBaseRegistryCredentialsId() {
        return baseRegistryCredentialsId;
    }

    @DataBoundSetter
    public void setBaseRegistryCredentialsId(String baseRegistryCredentialsId) {
        this.baseRegistryCredentialsId = Util.fixEmptyAndTrim(baseRegistryCredentialsId);
    }

    public boolean isAllowFloatingBase() {
        return allowFloatingBase;
    }

    @DataBoundSetter
    public void setAllowFloatingBase(boolean allowFloatingBase) {
        this.allowFloatingBase = allowFloatingBase;
    }

    public boolean isAllowTagOverwrite() {
        return allowTagOverwrite;
    }

    @DataBoundSetter
    public void setAllowTagOverwrite(boolean allowTagOverwrite) {
        this.allowTagOverwrite = allowTagOverwrite;
    }

    public boolean isAllowInsecureRegistry() {
        return allowInsecureRegistry;
    }

    @DataBoundSetter
    public void setAllowInsecureRegistry(boolean allowInsecureRegistry) {
        this.allowInsecureRegistry = allowInsecureRegistry;
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

    /** Runs the build off the Pipeline thread: registry calls and uploads block for minutes. */
    private static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

        private static final long serialVersionUID = 1L;

        private final transient BuildImageStep step;

        Execution(BuildImageStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            if (workspace == null) {
                throw new AbortException(DescriptorImpl.FUNCTION_NAME + " reads the addons from the workspace; call it inside node { }");
            }
            FailOn failOn;
            try {
                failOn = Keyword.parse(FailOn.class, step.failOn, "failOn");
            } catch (InvalidInputException e) {
                throw StepRuns.abort(DescriptorImpl.FUNCTION_NAME, e);
            }
            BuildImageCallable.Login registryLogin = login(run, step.registryCredentialsId, "registryCredentialsId");
            BuildImageCallable.Login baseLogin = login(run, step.baseRegistryCredentialsId, "baseRegistryCredentialsId");
            FilePath temporary = WorkspaceList.tempDir(workspace);
            FilePath cache = (temporary == null ? workspace : temporary).child("odoo-release-image-cache");
            BuildImageCallable.Parameters parameters = new BuildImageCallable.Parameters(step.image, step.baseImage, step.addons,
                    step.tags, step.odooConfig, step.series, step.user, step.revision, step.revisionTime, step.source, step.version,
                    step.tarFile, step.format, step.platform, step.addonsRoot, step.allowFloatingBase, step.allowTagOverwrite,
                    step.allowInsecureRegistry, step.failOn);
            String json = workspace.act(new BuildImageCallable(parameters, OdooReleaseConfiguration.get().imagePolicy(), registryLogin,
                    baseLogin, cache.getRemote(), listener));
            StepReport report = ReportJson.readReport(json);
            BuiltImageAction image = BuiltImageAction.of(report, ReportAction.nextNumber(run));
            if (image != null) {
                run.addAction(image);
            }
            return StepRuns.finish(run, listener, report, failOn);
        }

        private static BuildImageCallable.Login login(Run<?, ?> run, String id, String parameter) throws AbortException {
            if (id == null) {
                return null;
            }
            Credentials.UsernamePassword credentials = Credentials.usernamePassword(run, id, parameter);
            return new BuildImageCallable.Login(credentials.username(), Secret.fromString(credentials.password().reveal()));
        }
    }

    @Extension
    @Symbol("odooBuildImage")
    public static final class DescriptorImpl extends StepDescriptor {

        static final String FUNCTION_NAME = ImageBuilder.STEP;

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BuildImageStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }

        /** Labels the step in the Pipeline Graph View, for example {@code registry.example.com/acme/odoo:1.4.0}. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object target = namedArgs.get("image");
            if (target == null) {
                return null;
            }
            Object tagList = namedArgs.get("tags");
            String firstTag = tagList instanceof List<?> list && !list.isEmpty() ? ":" + list.get(0) : "";
            Object tar = namedArgs.get("tarFile");
            return target + firstTag + (tar == null ? "" : " to " + tar);
        }

        @POST
        public ListBoxModel doFillFormatItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(ManifestFormat.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(FailOn.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String registryCredentialsId) {
            return StepPermissions.usernamePasswordItems(item, registryCredentialsId);
        }

        @POST
        public ListBoxModel doFillBaseRegistryCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String baseRegistryCredentialsId) {
            return StepPermissions.usernamePasswordItems(item, baseRegistryCredentialsId);
        }

        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            if (!StepPermissions.canConfigure(item)) {
                return FormValidation.ok();
            }
            return reference(value, "image", "Name the repository to push to, for example registry.example.com/tenants/acme/odoo.");
        }

        @POST
        public FormValidation doCheckBaseImage(@AncestorInPath Item item, @QueryParameter String value) {
            if (!StepPermissions.canConfigure(item)) {
                return FormValidation.ok();
            }
            String trimmed = Util.fixEmptyAndTrim(value);
            if (trimmed != null && trimmed.startsWith("docker-archive:")) {
                return FormValidation.ok();
            }
            FormValidation syntax = reference(value, "baseImage", "Name the approved base image by digest, for example "
                    + "registry.example.com/platform/odoo@sha256:...");
            if (syntax.kind != FormValidation.Kind.OK) {
                return syntax;
            }
            return trimmed.contains("@sha256:") ? FormValidation.ok()
                    : FormValidation.warning("Given by tag only: the build fails unless allowFloatingBase is set. Pin it by digest.");
        }

        private static FormValidation reference(String value, String parameter, String whenMissing) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error(whenMissing);
            }
            try {
                ImageName.parse(value, parameter);
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.problems().get(0).message());
            }
        }
    }
}
