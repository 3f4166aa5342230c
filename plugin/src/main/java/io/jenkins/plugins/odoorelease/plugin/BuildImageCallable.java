package io.jenkins.plugins.odoorelease.plugin;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.ProxyException;
import hudson.remoting.VirtualChannel;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.WorkspacePaths;
import io.jenkins.plugins.odoorelease.image.AddonsSource;
import io.jenkins.plugins.odoorelease.image.ImageBuildRequest;
import io.jenkins.plugins.odoorelease.image.ImageBuilder;
import io.jenkins.plugins.odoorelease.image.ImagePolicy;
import io.jenkins.plugins.odoorelease.image.RegistryCredentials;
import io.jenkins.plugins.odoorelease.image.SourceRevision;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs the image build on the machine that has the workspace, so that the addons are read where they were checked
 * out rather than copied to the controller. It returns the report as JSON, which crosses the remoting channel without
 * depending on the report classes being serializable. Paths must stay inside the workspace.
 */
final class BuildImageCallable extends MasterToSlaveFileCallable<String> {

    private static final long serialVersionUID = 1L;

    /** The step's parameters as plain values that cross the remoting channel. */
    record Parameters(String image, String baseImage, List<String> addons, List<String> tags, String odooConfig, String series,
            String user, String revision, String revisionTime, String source, String version, String tarFile, String format,
            String platform, String addonsRoot, boolean allowFloatingBase, boolean allowTagOverwrite, boolean allowInsecureRegistry,
            String failOn) implements Serializable {

        private static final long serialVersionUID = 1L;

        Parameters {
            addons = new ArrayList<>(addons);
            tags = new ArrayList<>(tags);
        }
    }

    /**
     * A user name and password for the trip to the agent. The password travels as a {@link Secret}, as in
     * {@link EngineCall}, so it is encrypted in any serialized form; {@code toString()} shows the user name only.
     */
    record Login(String username, Secret password) implements Serializable {

        private static final long serialVersionUID = 1L;

        RegistryCredentials toCredentials() {
            return new RegistryCredentials(username, SecretValue.of(password.getPlainText()));
        }

        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    private final Parameters parameters;
    private final List<String> approvedRegistries;
    private final boolean allowLocalBase;
    private final Login registryLogin;
    private final Login baseRegistryLogin;
    private final String cacheDirectory;
    private final TaskListener listener;

    BuildImageCallable(Parameters parameters, ImagePolicy policy, Login registryLogin, Login baseRegistryLogin, String cacheDirectory,
            TaskListener listener) {
        this.parameters = parameters;
        this.approvedRegistries = new ArrayList<>(policy.approvedRegistries());
        this.allowLocalBase = policy.allowLocalBase();
        this.registryLogin = registryLogin;
        this.baseRegistryLogin = baseRegistryLogin;
        this.cacheDirectory = cacheDirectory;
        this.listener = listener;
    }

    @Override
    public String invoke(File workspaceFolder, VirtualChannel channel) throws IOException, InterruptedException {
        Path workspace = workspaceFolder.toPath().toAbsolutePath().normalize();
        Optional<SourceRevision> git = parameters.revision() == null || parameters.revisionTime() == null || parameters.source() == null
                ? SourceRevision.read(workspace) : Optional.empty();
        ImageBuildRequest.Builder request = ImageBuildRequest.builder()
                .image(parameters.image())
                .baseImage(baseImage(workspace))
                .workingDirectory(workspace)
                .tags(parameters.tags())
                .odooConfig(parameters.odooConfig() == null ? null : inside(workspace, parameters.odooConfig(), "odooConfig"))
                .series(parameters.series())
                .user(parameters.user())
                .revision(parameters.revision() != null ? parameters.revision() : git.map(SourceRevision::revision).orElse(null))
                .revisionTime(parameters.revisionTime() != null ? parameters.revisionTime()
                        : git.map(SourceRevision::commitTime).orElse(null))
                .source(parameters.source() != null ? parameters.source() : git.map(SourceRevision::remoteUrl).orElse(null))
                .version(parameters.version())
                .tarFile(parameters.tarFile() == null ? null : inside(workspace, parameters.tarFile(), "tarFile"))
                .format(parameters.format())
                .platform(parameters.platform())
                .addonsRoot(parameters.addonsRoot())
                .registryCredentials(registryLogin == null ? null : registryLogin.toCredentials())
                .baseRegistryCredentials(baseRegistryLogin == null ? null : baseRegistryLogin.toCredentials())
                .allowFloatingBase(parameters.allowFloatingBase())
                .allowTagOverwrite(parameters.allowTagOverwrite())
                .allowInsecureRegistry(parameters.allowInsecureRegistry())
                .policy(new ImagePolicy(approvedRegistries, allowLocalBase))
                .cacheDirectory(Path.of(cacheDirectory))
                .failOn(parameters.failOn());
        List<Path> addonsPaths = new ArrayList<>();
        for (String addons : parameters.addons()) {
            addonsPaths.add(inside(workspace, addons, "addons"));
        }
        AddonsSource.inCheckout(addonsPaths, workspace).forEach(request::addons);
        try {
            StepReport report = new ImageBuilder(Clock.systemUTC()).run(request.build(), new TaskListenerEvents(listener));
            return ReportJson.toJson(report);
        } catch (InvalidInputException e) {
            throw StepRuns.abort(BuildImageStep.DescriptorImpl.FUNCTION_NAME, e);
        } catch (InfrastructureException e) {
            // The engine's exception may hold library types that do not serialize; ProxyException copies the chain as text.
            IOException fault = new IOException(e.getMessage() + (e.context().isEmpty() ? "" : " " + e.context()));
            fault.initCause(new ProxyException(e));
            throw fault;
        }
    }

    private String baseImage(Path workspace) throws AbortException {
        String base = parameters.baseImage();
        if (base == null || !base.startsWith(ImageBuildRequest.ARCHIVE_PREFIX)) {
            return base;
        }
        return ImageBuildRequest.ARCHIVE_PREFIX + inside(workspace, base.substring(ImageBuildRequest.ARCHIVE_PREFIX.length()), "baseImage");
    }

    /**
     * Resolves a path against the workspace and rejects one that leaves it, also through a symbolic link and also for a
     * file that does not exist yet.
     */
    private static Path inside(Path workspace, String path, String parameter) throws AbortException {
        try {
            return WorkspacePaths.inside(workspace, path, parameter, "give a path relative to the workspace");
        } catch (InvalidInputException e) {
            throw StepRuns.abort(BuildImageStep.DescriptorImpl.FUNCTION_NAME, e);
        }
    }
}
