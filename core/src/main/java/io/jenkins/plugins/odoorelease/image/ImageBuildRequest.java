package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.FailOn;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request for an image build: the target repository and tags (or a tar file), the base image, the addons paths,
 * the Odoo configuration, the source revision and its commit time, and the platform's policy. Build it with
 * {@link #builder()}, whose {@link Builder#build()} checks every value at once.
 *
 * @param baseImage the base image in a registry, or {@code null} when {@code baseArchive} is set
 * @param baseArchive a local {@code docker save} archive as the base, or {@code null}
 * @param odooConfig the Odoo configuration file to put at the base image's {@code ODOO_RC} path, or {@code null} to
 *     keep the base image's
 * @param series the Odoo series every module must belong to, such as {@code 17.0}, or {@code null} to take it from
 *     the base image's {@value ImageLabels#SERIES} label
 * @param user the user the image runs as, or {@code null} for the base image's user
 * @param created the commit time of {@code revision}; the image's creation time, so that it never depends on the clock
 * @param source the URL of the source repository, or {@code null}
 * @param version the {@code org.opencontainers.image.version} label, or {@code null} for the first tag
 * @param tarFile where to write the image instead of pushing it, or {@code null} to push to the registry
 * @param cacheDirectory where Jib keeps layers between builds, or {@code null} for a temporary folder
 */
public record ImageBuildRequest(
        ImageName image,
        ImageName baseImage,
        Path baseArchive,
        String baseImageText,
        List<AddonsSource> addons,
        List<String> tags,
        Path odooConfig,
        String series,
        String user,
        String revision,
        Instant created,
        String source,
        String version,
        Path tarFile,
        ManifestFormat format,
        Platform platform,
        String addonsRoot,
        RegistryCredentials registryCredentials,
        RegistryCredentials baseRegistryCredentials,
        boolean allowFloatingBase,
        boolean allowTagOverwrite,
        boolean allowInsecureRegistry,
        ImagePolicy policy,
        Path cacheDirectory,
        FailOn failOn) {

    /** The default folder of the modules in the image, which is the official Odoo image's addons path. */
    public static final String DEFAULT_ADDONS_ROOT = "/mnt/extra-addons";
    /** The prefix that marks a local base image archive, as skopeo names that transport. */
    public static final String ARCHIVE_PREFIX = "docker-archive:";

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]{1,200}");

    public ImageBuildRequest {
        addons = List.copyOf(addons);
        tags = List.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns whether the image goes to a tar file rather than a registry. */
    public boolean toTarFile() {
        return tarFile != null;
    }

    /** Returns the version label: the request's, else the first tag, else the revision. */
    String effectiveVersion() {
        if (version != null) {
            return version;
        }
        return tags.isEmpty() ? revision : tags.get(0);
    }

    /** Returns the base registry's credentials: its own, else the target's when both images live in the same registry. */
    RegistryCredentials baseCredentials() {
        if (baseRegistryCredentials != null || baseImage == null) {
            return baseRegistryCredentials;
        }
        boolean sameRegistry = tarFile == null && baseImage.registry().equals(image.registry());
        return sameRegistry ? registryCredentials : null;
    }

    /** Returns whether Jib and the registry client may use plain HTTP and unverified TLS for the registries involved. */
    boolean insecureRegistries() {
        if (allowInsecureRegistry) {
            return true;
        }
        boolean baseLoopback = baseImage == null || baseImage.loopback();
        boolean targetLoopback = tarFile != null || image.loopback();
        return baseLoopback && targetLoopback;
    }

    /** Collects and checks the values of a request. Blank text means "not set". */
    public static final class Builder {

        private String image;
        private String baseImage;
        private Path workingDirectory = Path.of("");
        private final List<AddonsSource> addons = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private Path odooConfig;
        private String series;
        private String user;
        private String revision;
        private String revisionTime;
        private String source;
        private String version;
        private Path tarFile;
        private String format = ManifestFormat.DOCKER.keyword();
        private String platform;
        private String addonsRoot;
        private RegistryCredentials registryCredentials;
        private RegistryCredentials baseRegistryCredentials;
        private boolean allowFloatingBase;
        private boolean allowTagOverwrite;
        private boolean allowInsecureRegistry;
        private ImagePolicy policy = ImagePolicy.NONE;
        private Path cacheDirectory;
        private String failOn = FailOn.ERROR.keyword();

        private Builder() {
        }

        /** Sets the target repository without a tag, such as {@code registry.example.com/tenants/acme/odoo}. */
        public Builder image(String value) {
            this.image = Text.trimToNull(value);
            return this;
        }

        /** Sets the base image: a registry reference pinned by digest, or {@code docker-archive:FILE}. */
        public Builder baseImage(String value) {
            this.baseImage = Text.trimToNull(value);
            return this;
        }

        /** Sets the folder that a relative {@code docker-archive:} path is resolved against. */
        public Builder workingDirectory(Path value) {
            this.workingDirectory = value;
            return this;
        }

        public Builder addons(AddonsSource value) {
            addons.add(value);
            return this;
        }

        /** Sets the tags, replacing any set before; blank entries are dropped. */
        public Builder tags(List<String> values) {
            tags.clear();
            values.stream().map(Text::trimToNull).filter(Objects::nonNull).forEach(tags::add);
            return this;
        }

        public Builder odooConfig(Path value) {
            this.odooConfig = value;
            return this;
        }

        public Builder series(String value) {
            this.series = Text.trimToNull(value);
            return this;
        }

        public Builder user(String value) {
            this.user = Text.trimToNull(value);
            return this;
        }

        public Builder revision(String value) {
            this.revision = Text.trimToNull(value);
            return this;
        }

        /** Sets the revision's commit time, ISO-8601 with an offset, as {@code git log -1 --format=%cI} prints it. */
        public Builder revisionTime(String value) {
            this.revisionTime = Text.trimToNull(value);
            return this;
        }

        public Builder source(String value) {
            this.source = Text.trimToNull(value);
            return this;
        }

        public Builder version(String value) {
            this.version = Text.trimToNull(value);
            return this;
        }

        public Builder tarFile(Path value) {
            this.tarFile = value;
            return this;
        }

        public Builder format(String value) {
            this.format = Text.trimToNull(value);
            return this;
        }

        public Builder platform(String value) {
            this.platform = Text.trimToNull(value);
            return this;
        }

        public Builder addonsRoot(String value) {
            this.addonsRoot = Text.trimToNull(value);
            return this;
        }

        public Builder registryCredentials(RegistryCredentials value) {
            this.registryCredentials = value;
            return this;
        }

        public Builder baseRegistryCredentials(RegistryCredentials value) {
            this.baseRegistryCredentials = value;
            return this;
        }

        public Builder allowFloatingBase(boolean value) {
            this.allowFloatingBase = value;
            return this;
        }

        public Builder allowTagOverwrite(boolean value) {
            this.allowTagOverwrite = value;
            return this;
        }

        public Builder allowInsecureRegistry(boolean value) {
            this.allowInsecureRegistry = value;
            return this;
        }

        public Builder policy(ImagePolicy value) {
            this.policy = value;
            return this;
        }

        public Builder cacheDirectory(Path value) {
            this.cacheDirectory = value;
            return this;
        }

        public Builder failOn(String value) {
            this.failOn = Text.trimToNull(value);
            return this;
        }

        /**
         * Checks every value and returns the request.
         *
         * @throws InvalidInputException listing every invalid or missing value, each by its parameter name
         */
        public ImageBuildRequest build() throws InvalidInputException {
            List<Problem> problems = new ArrayList<>();
            ImageName parsedImage = targetImage(problems);
            List<String> parsedTags = checkedTags(problems);

            ImageName parsedBase = null;
            Path archive = null;
            if (baseImage == null) {
                problems.add(Problem.of("baseImage", null, "missing base image; name the platform's approved base image by digest, "
                        + "for example registry.example.com/odoo/base@sha256:..."));
            } else if (baseImage.startsWith(ARCHIVE_PREFIX)) {
                archive = baseArchive(problems);
            } else {
                parsedBase = registryBase(problems);
            }

            addonsProblems(problems);
            if (odooConfig != null && !Files.isRegularFile(odooConfig)) {
                problems.add(Problem.of("odooConfig", odooConfig.toString(), "not a file; give the path of the Odoo configuration "
                        + "file (odoo.conf) to put into the image"));
            }
            String parsedSeries = series == null ? null : parse(problems, () -> OdooSeries.parse(series, "series").text());
            if (user != null && ImageUser.isRoot(user)) {
                problems.add(Problem.of("user", user, "the image must not run as root; name the Odoo user, for example odoo, "
                        + "or leave it out to use the base image's user"));
            }
            if (revision == null) {
                problems.add(Problem.of("revision", null, "missing source revision; build inside a git checkout, or pass the "
                        + "commit the addons come from"));
            } else if (!REVISION.matcher(revision).matches()) {
                problems.add(Problem.of("revision", revision, "invalid revision; expected a commit id or another name without spaces"));
            }

            Instant created = createdTime(problems);
            sourceProblems(problems);
            if (version != null && !TAG.matcher(version).matches()) {
                problems.add(Problem.of("version", version, "invalid version; use letters, digits, '.', '_' and '-' only, as in a tag"));
            }
            if (tarFile != null && (tarFile.getFileName() == null || Files.isDirectory(tarFile))) {
                problems.add(Problem.of("tarFile", tarFile.toString(), "is a folder; name the tar file to write, for example image.tar"));
            }
            ManifestFormat parsedFormat = parse(problems, () -> Keyword.parse(ManifestFormat.class, Objects.requireNonNullElse(format,
                    ManifestFormat.DOCKER.keyword()), "format"));
            Platform parsedPlatform = platform == null ? Platform.DEFAULT : parse(problems, () -> Platform.parse(platform, "platform"));
            String root = addonsRoot == null ? DEFAULT_ADDONS_ROOT : addonsRoot;
            if (!root.matches("(/[A-Za-z0-9._-]+)+") || root.contains("/../") || root.endsWith("/..")) {
                problems.add(Problem.of("addonsRoot", addonsRoot, "invalid folder in the image; write an absolute path such as "
                        + DEFAULT_ADDONS_ROOT));
            }
            FailOn parsedFailOn = parse(problems, () -> Keyword.parse(FailOn.class, Objects.requireNonNullElse(failOn, FailOn.ERROR.keyword()),
                    "failOn"));

            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return new ImageBuildRequest(parsedImage, parsedBase, archive, baseImage, addons, parsedTags, odooConfig, parsedSeries, user,
                    revision, created, source, version, tarFile, parsedFormat, parsedPlatform, root, registryCredentials,
                    baseRegistryCredentials, allowFloatingBase, allowTagOverwrite, allowInsecureRegistry, policy, cacheDirectory,
                    parsedFailOn);
        }

        private ImageName targetImage(List<Problem> problems) {
            if (image == null) {
                problems.add(Problem.of("image", null, "missing image; name the repository to push to, for example "
                        + "registry.example.com/tenants/acme/odoo"));
                return null;
            }
            ImageName parsed = parse(problems, () -> ImageName.parse(image, "image"));
            if (parsed != null && (parsed.tag() != null || parsed.digest() != null)) {
                problems.add(Problem.of("image", image, "name the repository only; put tags in 'tags', for example image: '"
                        + parsed.writtenRepository() + "', tags: ['" + (parsed.tag() == null ? "1.0.0" : parsed.tag()) + "']"));
            }
            return parsed;
        }

        private List<String> checkedTags(List<Problem> problems) {
            Set<String> unique = new LinkedHashSet<>(tags);
            for (String tag : unique) {
                if (!TAG.matcher(tag).matches()) {
                    problems.add(Problem.of("tags", tag, "invalid tag; a tag has at most 128 letters, digits, '.', '_' and '-', "
                            + "and does not start with '.' or '-'"));
                }
            }
            if (unique.isEmpty() && tarFile == null) {
                problems.add(Problem.of("tags", null, "missing tags; name at least one tag to push, for example the release version"));
            }
            return List.copyOf(unique);
        }

        private Path baseArchive(List<Problem> problems) {
            String path = baseImage.substring(ARCHIVE_PREFIX.length());
            if (!policy.allowLocalBase()) {
                problems.add(Problem.of("baseImage", baseImage, "a local base image archive is not allowed by the platform "
                        + "configuration; use the approved base image from a registry (approved registries: "
                        + policy.describeApproved() + ")"));
                return null;
            }
            Path file = workingDirectory.resolve(path).normalize();
            if (path.isEmpty() || !Files.isRegularFile(file)) {
                problems.add(Problem.of("baseImage", baseImage, "the archive file does not exist; write docker-archive: followed "
                        + "by the path of a 'docker save' tar file"));
                return null;
            }
            return file;
        }

        private ImageName registryBase(List<Problem> problems) {
            ImageName parsed = parse(problems, () -> ImageName.parse(baseImage, "baseImage"));
            if (parsed == null) {
                return null;
            }
            if (parsed.digest() == null && !allowFloatingBase) {
                problems.add(Problem.of("baseImage", baseImage, "the base image is given by tag only, so the build would not be "
                        + "reproducible; pin it by digest (" + parsed.writtenRepository() + "@sha256:...) or set allowFloatingBase"));
            }
            if (!policy.approves(parsed)) {
                String what = policy.approvesSomeRepositoryOf(parsed.registry())
                        ? "the repository " + parsed.registry() + "/" + parsed.repository() + " is not covered by any approved entry"
                        : "the registry " + parsed.registry() + " is not approved";
                problems.add(Problem.of("baseImage", baseImage, what + " for base images; approved registries: "
                        + policy.describeApproved() + ". Use a base image from one of them, or ask the platform team to approve it"));
            }
            return parsed;
        }

        private void addonsProblems(List<Problem> problems) {
            if (addons.isEmpty()) {
                problems.add(Problem.of("addons", null, "missing addons paths; list at least one folder that holds Odoo modules"));
            }
            Set<Path> seen = new HashSet<>();
            for (AddonsSource source : addons) {
                if (!Files.isDirectory(source.directory())) {
                    problems.add(Problem.of("addons", source.label(), "not a folder: " + source.directory().toAbsolutePath()
                            + " does not exist or is a file; list folders that hold Odoo modules"));
                    continue;
                }
                try {
                    if (!seen.add(source.directory().toRealPath())) {
                        problems.add(Problem.of("addons", source.label(), "listed twice; list each addons path once"));
                    }
                } catch (IOException e) {
                    problems.add(Problem.of("addons", source.label(), "cannot be read: " + e.getMessage()));
                }
            }
        }

        private Instant createdTime(List<Problem> problems) {
            if (revisionTime == null) {
                problems.add(Problem.of("revisionTime", null, "missing commit time of the revision; build inside a git checkout, "
                        + "or pass the output of git log -1 --format=%cI"));
                return null;
            }
            try {
                return OffsetDateTime.parse(revisionTime).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(Problem.of("revisionTime", revisionTime, "invalid time; expected ISO-8601 with an offset, as "
                        + "git log -1 --format=%cI prints it, for example 2027-03-01T14:22:05+01:00"));
                return null;
            }
        }

        /**
         * Checks the source URL, which goes into the image's labels. It never echoes the value, because a value with user
         * information may hold a token. An http(s) URL must have no user information at all, because a token there often
         * takes the user name's place. Other schemes may name a user, as {@code ssh://git@host/repo} does, but no password.
         */
        private void sourceProblems(List<Problem> problems) {
            if (source == null) {
                return;
            }
            try {
                URI uri = new URI(source);
                String userInfo = uri.getRawUserInfo();
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
                boolean web = scheme.equals("http") || scheme.equals("https");
                if (userInfo != null && (web || userInfo.contains(":"))) {
                    String withoutUser = SourceRevision.withoutCredentials(source);
                    problems.add(Problem.of("source", null, "the source URL contains user information, which may be a secret and "
                            + "would be written into the image's labels; remove it" + (withoutUser.equals(source) ? "" : " and write "
                            + withoutUser)));
                }
            } catch (URISyntaxException e) {
                if (!source.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._/~-]+")) {
                    problems.add(Problem.of("source", null, "invalid URL of the source repository; write it as "
                            + "https://git.example.com/acme/odoo-addons, without user information"));
                }
            }
        }

        private interface Parse<T> {
            T get() throws InvalidInputException;
        }

        private static <T> T parse(List<Problem> problems, Parse<T> parse) {
            try {
                return parse.get();
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
                return null;
            }
        }
    }
}
