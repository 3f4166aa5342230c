package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.image.AddonsSource;
import io.jenkins.plugins.odoorelease.image.DockerConfigCredentials;
import io.jenkins.plugins.odoorelease.image.ImageBuildRequest;
import io.jenkins.plugins.odoorelease.image.ImageBuilder;
import io.jenkins.plugins.odoorelease.image.ImageName;
import io.jenkins.plugins.odoorelease.image.ImagePolicy;
import io.jenkins.plugins.odoorelease.image.RegistryCredentials;
import io.jenkins.plugins.odoorelease.image.SourceRevision;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odoo-release build-image}: the {@code odooBuildImage} step from the command line. */
@Command(name = "build-image",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Builds the Odoo image on the approved base image (by digest): one layer per addons path, the Odoo "
                + "configuration and an inventory at /etc/odoo/release.json, with OCI labels and a non-root user. Pushes it "
                + "to a registry under immutable tags, or writes a tar file. Needs no Docker daemon.",
                "",
                "Registry credentials: $" + BuildImageCommand.USERNAME_ENV + " and $" + BuildImageCommand.PASSWORD_ENV
                        + " for the target registry, $" + BuildImageCommand.BASE_USERNAME_ENV + " and $"
                        + BuildImageCommand.BASE_PASSWORD_ENV + " for the base image's registry, else the Docker configuration "
                        + "($DOCKER_CONFIG/config.json or ~/.docker/config.json). Never as options.",
                "Exits 1 when the build is refused (invalid modules, a tag that points at another image), 2 on invalid input, "
                        + "3 when a registry or the disk fails."})
final class BuildImageCommand extends StepCommand {

    static final String USERNAME_ENV = "ODOO_RELEASE_REGISTRY_USERNAME";
    static final String PASSWORD_ENV = "ODOO_RELEASE_REGISTRY_PASSWORD";
    static final String BASE_USERNAME_ENV = "ODOO_RELEASE_BASE_REGISTRY_USERNAME";
    static final String BASE_PASSWORD_ENV = "ODOO_RELEASE_BASE_REGISTRY_PASSWORD";

    @Option(names = "--image", required = true, paramLabel = "REPOSITORY",
            description = "The repository to push to, without a tag, such as registry.example.com/tenants/acme/odoo.")
    String image;

    @Option(names = "--base-image", required = true, paramLabel = "REFERENCE", description = "The approved base image by digest, "
            + "such as registry.example.com/platform/odoo@sha256:..., or docker-archive:FILE when the configuration allows local bases.")
    String baseImage;

    @Option(names = "--addons", required = true, paramLabel = "DIR", description = "An addons path (a folder of modules); repeatable. "
            + "Each becomes one layer.")
    List<Path> addons = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag to push; repeatable, at least one for a registry. Tags are "
            + "immutable unless --allow-tag-overwrite.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--odoo-config", paramLabel = "FILE", description = "The Odoo configuration file to put at the base image's "
            + "ODOO_RC path (/etc/odoo/odoo.conf by default). Default: keep the base image's.")
    Path odooConfig;

    @Option(names = "--series", paramLabel = "SERIES", description = "The Odoo series of the modules, such as 17.0. Default: the base image's "
            + "io.jenkins.plugins.odoorelease.series label.")
    String series;

    @Option(names = "--user", paramLabel = "NAME", description = "The user the image runs as; never root. Default: the base image's user.")
    String user;

    @Option(names = "--revision", paramLabel = "COMMIT", description = "The source revision. Default: git's HEAD in --source-dir.")
    String revision;

    @Option(names = "--revision-time", paramLabel = "TIME", description = "The revision's commit time, ISO-8601 with offset; the "
            + "image's creation time. Default: git log -1 --format=%%cI in --source-dir.")
    String revisionTime;

    @Option(names = "--source", paramLabel = "URL", description = "The source repository URL for the "
            + "org.opencontainers.image.source label. Default: git's origin remote without credentials.")
    String source;

    @Option(names = "--source-dir", paramLabel = "DIR", defaultValue = ".", description = "The git checkout to read the revision "
            + "from; the image names each addons path relative to its top folder. Default: the current folder.")
    Path sourceDir;

    /** Named --image-version because --version prints the tool's version; the step parameter is 'version'. */
    @Option(names = "--image-version", paramLabel = "VERSION", description = "The org.opencontainers.image.version label. Default: "
            + "the first tag.")
    String version;

    @Option(names = "--tar-file", paramLabel = "FILE", description = "Write the image to this tar file instead of pushing it.")
    Path tarFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "docker", description = "docker (the default) or oci: the manifest format, and the "
            + "layout of a tar file.")
    String format;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to take from a multi-platform base image. "
            + "Default: linux/amd64.")
    String platform;

    @Option(names = "--addons-root", paramLabel = "DIR", description = "Where the modules go in the image. Default: "
            + ImageBuildRequest.DEFAULT_ADDONS_ROOT + ".")
    String addonsRoot;

    @Option(names = "--allow-floating-base", description = "Accept a base image given by tag; the build resolves it to a digest.")
    boolean allowFloatingBase;

    @Option(names = "--allow-tag-overwrite", description = "Move a tag that points at another image.")
    boolean allowTagOverwrite;

    @Option(names = "--allow-insecure-registry", description = "Allow plain HTTP and unverified certificates for registries that "
            + "are not on this machine's loopback interface.")
    boolean allowInsecureRegistry;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where layers are cached between builds. Default: "
            + "$XDG_CACHE_HOME/odoo-release/image, else ~/.cache/odoo-release/image.")
    Path cacheDir;

    @Option(names = "--docker-config", paramLabel = "FILE", description = "A Docker configuration file to read credentials from. "
            + "Default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json, when it exists.")
    Path dockerConfig;

    @Override
    StepReport run(EventSink events) throws InvalidInputException, InfrastructureException, InterruptedException {
        Map<String, String> env = parent.env();
        ImagePolicy policy = ImagePolicy.fromPlatformConfig(parent.platformConfig());
        Optional<SourceRevision> git = revision == null || revisionTime == null || source == null
                ? SourceRevision.read(sourceDir) : Optional.empty();
        Path workingDirectory = Path.of("").toAbsolutePath();
        ImageBuildRequest.Builder request = ImageBuildRequest.builder()
                .image(image)
                .baseImage(baseImage)
                .workingDirectory(workingDirectory)
                .tags(tags)
                .odooConfig(odooConfig)
                .series(series)
                .user(user)
                .revision(revision != null ? revision : git.map(SourceRevision::revision).orElse(null))
                .revisionTime(revisionTime != null ? revisionTime : git.map(SourceRevision::commitTime).orElse(null))
                .source(source != null ? source : git.map(SourceRevision::remoteUrl).orElse(null))
                .version(version)
                .tarFile(tarFile)
                .format(format)
                .platform(platform)
                .addonsRoot(addonsRoot)
                .allowFloatingBase(allowFloatingBase)
                .allowTagOverwrite(allowTagOverwrite)
                .allowInsecureRegistry(allowInsecureRegistry)
                .policy(policy)
                .cacheDirectory(cacheDir != null ? cacheDir : defaultCache(env))
                .failOn(failOn);
        // The layers and the inventory name each addons path relative to the checkout, never by an absolute path.
        Path checkout = SourceRevision.topLevel(sourceDir).orElse(sourceDir);
        AddonsSource.inCheckout(addons, checkout).forEach(request::addons);
        credentials(request, env);
        return new ImageBuilder(Clock.systemUTC()).run(request.build(), events);
    }

    @Override
    Map<String, String> renamedParameters() {
        return Map.of("tags", "--tag", "version", "--image-version", "cacheDirectory", "--cache-dir");
    }

    /** Sets the credentials from the environment, else from the Docker configuration, for the target and the base registry. */
    private void credentials(ImageBuildRequest.Builder request, Map<String, String> env) throws InvalidInputException {
        RegistryCredentials target = fromEnv(env, USERNAME_ENV, PASSWORD_ENV);
        RegistryCredentials base = fromEnv(env, BASE_USERNAME_ENV, BASE_PASSWORD_ENV);
        Path configFile = dockerConfig != null ? dockerConfig : DockerConfigCredentials.defaultLocation(env);
        if ((target == null || base == null) && (dockerConfig != null || Files.isRegularFile(configFile))) {
            DockerConfigCredentials config = DockerConfigCredentials.read(configFile);
            if (target == null && tarFile == null) {
                target = fromConfig(config, image);
            }
            if (base == null && !baseImage.startsWith(ImageBuildRequest.ARCHIVE_PREFIX)) {
                base = fromConfig(config, baseImage);
            }
        }
        request.registryCredentials(target).baseRegistryCredentials(base);
    }

    /** Looks up a reference's registry; an invalid reference gets no credentials here and its error from the request. */
    private static RegistryCredentials fromConfig(DockerConfigCredentials config, String reference) throws InvalidInputException {
        ImageName name;
        try {
            name = ImageName.parse(reference, "image");
        } catch (InvalidInputException e) {
            return null;
        }
        return config.forRegistry(name.registry()).orElse(null);
    }

    private static RegistryCredentials fromEnv(Map<String, String> env, String userVariable, String passwordVariable)
            throws InvalidInputException {
        String username = env.get(userVariable);
        String password = env.get(passwordVariable);
        boolean hasUser = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            throw new InvalidInputException(Problem.of(hasUser ? passwordVariable : userVariable, null, "set both " + userVariable
                    + " and " + passwordVariable + ", or neither"));
        }
        return hasUser ? new RegistryCredentials(username.trim(), SecretValue.of(password)) : null;
    }

    private static Path defaultCache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        return root.resolve("odoo-release").resolve("image");
    }
}
