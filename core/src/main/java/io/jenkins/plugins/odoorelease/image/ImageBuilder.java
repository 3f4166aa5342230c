package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sizes;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the tenant's Odoo image: the approved base image by digest, one layer per addons path, the Odoo
 * configuration file and the inventory, with OCI labels and a non-root user. The creation time is the source
 * revision's commit time, so that the same inputs give the same digest. It checks every module before anything is
 * pushed, keeps tags immutable, and pushes to a registry or writes a tar file. The report's result map holds {@code reference},
 * {@code digest}, {@code tags} and {@code modules}.
 */
public final class ImageBuilder {

    /** The Pipeline step name, also the report's step name. */
    public static final String STEP = "odooBuildImage";
    /** The path of the Odoo configuration when the base image does not set {@code ODOO_RC}, as in the official image. */
    static final String DEFAULT_CONFIG_PATH = "/etc/odoo/odoo.conf";

    private final Clock clock;
    private final ImageAddonsReader addonsReader;

    public ImageBuilder(Clock clock) {
        this(clock, new OdooAddonsReader());
    }

    ImageBuilder(Clock clock, ImageAddonsReader addonsReader) {
        this.clock = clock;
        this.addonsReader = addonsReader;
    }

    /**
     * Runs the build.
     *
     * @throws InvalidInputException when the base image is missing, credentials are rejected or a registry refuses an
     *     insecure connection
     * @throws InfrastructureException when a registry or the file system fails
     */
    public StepReport run(ImageBuildRequest request, EventSink events)
            throws InvalidInputException, InfrastructureException, InterruptedException {
        Instant startedAt = clock.instant();
        ImageReport report = new ImageReport(request, startedAt);
        boolean insecure = request.insecureRegistries();
        BaseImage base = readBase(request, insecure, report, events);
        String series = series(request, base, report);
        ImageAddons scan = addonsReader.read(request.addons(), series);
        report.addons(scan);
        events.info("Read " + Text.count(scan.allModules().size(), "module", "modules") + " from "
                + Text.count(request.addons().size(), "addons path", "addons paths") + (scan.expectedFromBase().isEmpty() ? ""
                        : "; " + Text.count(scan.expectedFromBase().size(), "dependency is", "dependencies are")
                                + " expected from the base image") + ".");
        Map<String, Map<String, ModuleFiles.Listing>> listings = listFiles(scan, report);
        String user = user(request, base, report);
        String configPath = base.envValue("ODOO_RC") == null ? DEFAULT_CONFIG_PATH : base.envValue("ODOO_RC");
        OdooConfigFile config = readConfig(request, report);
        if (request.source() == null) {
            report.finding(ImageFindings.IMAGE_SOURCE_UNKNOWN, Severity.WARNING, ImageLabels.SOURCE, "The source repository "
                    + "is unknown, so the image has no " + ImageLabels.SOURCE + " label; pass the repository URL as 'source'.");
        }
        insecureFindings(request, base, insecure, report);
        if (report.verdict() == io.jenkins.plugins.odoorelease.report.Verdict.FAIL) {
            events.error("Nothing was pushed: " + Text.count(report.errorCount(), "problem stops", "problems stop") + " the build.");
            return report.notBuilt(clock.instant());
        }

        Map<String, String> labels = ImageLabels.of(request, base, series);
        Path staging = null;
        Path temporaryCache = null;
        try {
            staging = Files.createTempDirectory("odoo-release-image-");
            Path cache = request.cacheDirectory();
            if (cache == null) {
                temporaryCache = Files.createTempDirectory("odoo-release-jib-cache-");
                cache = temporaryCache;
            }
            LayerSources sources = new LayerSources(cache.resolve("sources"), events);
            sources.removeStaleLinks();
            List<ImageLayers.Layer> layers = layers(request, scan, listings, config, configPath, base, series, user, staging, sources);
            Path applicationCache = sources.contentKeyed() ? cache.resolve("application") : staging.resolve("application-layers");
            report.layersPlanned(layers, base);
            events.info(request.toTarFile() ? "Writing " + request.image().writtenRepository() + " to " + request.tarFile() + "."
                    : "Building " + request.image().writtenRepository() + " with " + Text.count(request.tags().size(), "tag", "tags")
                            + " (" + String.join(", ", request.tags()) + ") on " + base.displayName() + "@" + base.digest() + ".");
            TagGuard guard = request.toTarFile() ? null : new TagGuard(client(request.image().registry(), insecure,
                    request.registryCredentials()), request.image(), request.tags(), request.allowTagOverwrite());
            JibBuild.Outcome outcome = new JibBuild(request, base, events).run(layers, labels, user, guard, cache.resolve("base"),
                    applicationCache);
            return finish(request, base, series, user, labels, outcome, insecure, report, events);
        } catch (IOException e) {
            throw new InfrastructureException("Cannot stage the image's files: " + e.getMessage(), Map.of(), e);
        } finally {
            deleteQuietly(staging, events);
            deleteQuietly(temporaryCache, events);
        }
    }

    private BaseImage readBase(ImageBuildRequest request, boolean insecure, ImageReport report, EventSink events)
            throws InvalidInputException, InfrastructureException {
        BaseImage base;
        if (request.baseArchive() != null) {
            base = BaseImage.fromArchive(request.baseArchive(), request.baseImageText());
            report.finding(ImageFindings.IMAGE_BASE_LOCAL, Severity.INFO, base.displayName(), "The base image came from the local "
                    + "archive " + request.baseArchive().getFileName() + " (image ID " + base.digest() + "), which the platform "
                    + "configuration allows.");
        } else {
            base = BaseImage.fromRegistry(request.baseImage(), request.platform(),
                    client(request.baseImage().registry(), insecure, request.baseCredentials()));
            if (request.baseImage().digest() == null) {
                report.finding(ImageFindings.IMAGE_BASE_FLOATING, Severity.WARNING, request.baseImage().text(), "The base image was "
                        + "given by tag and resolved to " + base.digest() + "; the build used that digest. Pin the base by digest "
                        + "so that a rebuild uses the same base.");
            }
        }
        long size = base.layers().stream().mapToLong(ImageArchive.Layer::size).sum();
        events.info("Base image " + base.displayName() + "@" + base.digest() + ": " + (base.os().isEmpty() ? "" : base.os() + "/"
                + base.architecture() + ", ") + "user " + (base.user().isEmpty() ? "root" : base.user()) + ", "
                + Text.count(base.layers().size(), "layer", "layers") + " (" + Sizes.format(size) + ").");
        if (base.archive() == null && !base.os().isEmpty() && !request.platform().matches(new Platform(base.os(), base.architecture(), null))) {
            report.finding(ImageFindings.IMAGE_BASE_PLATFORM_MISMATCH, Severity.WARNING, base.displayName(), "The base image is "
                    + "built for " + base.os() + "/" + base.architecture() + ", not for the requested platform " + request.platform()
                    + "; the image will not run there. Choose the base image's manifest for " + request.platform() + ".");
        }
        return base;
    }

    private static String series(ImageBuildRequest request, BaseImage base, ImageReport report) throws InvalidInputException {
        String labelled = base.labels().get(ImageLabels.SERIES);
        if (request.series() == null) {
            if (labelled == null) {
                throw InvalidInputException.forValue("series", null, "missing Odoo series: the base image has no "
                        + ImageLabels.SERIES + " label, so name the series of the modules, for example 17.0");
            }
            return OdooSeries.parse(labelled, ImageLabels.SERIES + " label of the base image").text();
        }
        if (labelled != null && !labelled.equals(request.series())) {
            report.finding(ImageFindings.IMAGE_SERIES_MISMATCH, Severity.ERROR, ImageLabels.SERIES, "The base image "
                    + base.displayName() + " is labelled for Odoo " + labelled + ", but the request asks for " + request.series()
                    + "; choose the base image of " + request.series() + " or fix 'series'.");
        }
        return request.series();
    }

    /** Lists the files of every module, turning what cannot be stored into findings before anything is pushed. */
    private static Map<String, Map<String, ModuleFiles.Listing>> listFiles(ImageAddons scan, ImageReport report) throws InfrastructureException {
        Map<String, Map<String, ModuleFiles.Listing>> listings = new LinkedHashMap<>();
        for (Map.Entry<String, List<ModuleRecord>> path : scan.modules().entrySet()) {
            Map<String, ModuleFiles.Listing> modules = new LinkedHashMap<>();
            List<String> shadowed = scan.shadowed().getOrDefault(path.getKey(), List.of());
            if (path.getValue().isEmpty() && shadowed.isEmpty()) {
                report.finding(ImageFindings.IMAGE_ADDONS_PATH_EMPTY, Severity.ERROR, path.getKey(), "The addons path " + path.getKey()
                        + " holds no module (no folder with a __manifest__.py); remove it from 'addons' or check the path.");
            } else if (path.getValue().isEmpty()) {
                report.finding(ImageFindings.IMAGE_ADDONS_PATH_EMPTY, Severity.ERROR, path.getKey(), "The addons path " + path.getKey()
                        + " holds only modules that an earlier addons path holds too (" + String.join(", ", shadowed) + "), so it adds "
                        + "nothing to the image; remove it from 'addons' or remove the duplicates.");
            }
            for (ModuleRecord module : path.getValue()) {
                try {
                    ModuleFiles.Listing listing = ModuleFiles.list(module.directory());
                    for (String problem : listing.problems()) {
                        report.finding(ImageFindings.IMAGE_MODULE_INVALID, Severity.ERROR, module.name(), "Module " + module.name()
                                + " in " + path.getKey() + ": " + problem + ".");
                    }
                    modules.put(module.name(), listing);
                } catch (IOException e) {
                    throw new InfrastructureException("Cannot read the files of module " + module.name() + ": " + e.getMessage(),
                            Map.of("module", module.name(), "addonsPath", path.getKey()), e);
                }
            }
            listings.put(path.getKey(), modules);
        }
        return listings;
    }

    private static String user(ImageBuildRequest request, BaseImage base, ImageReport report) {
        if (request.user() != null) {
            return request.user();
        }
        if (ImageUser.isRoot(base.user())) {
            report.finding(ImageFindings.IMAGE_USER_ROOT, Severity.ERROR, base.displayName(), "The base image runs as "
                    + (base.user().isEmpty() ? "root (it sets no user)" : base.user()) + ", and the image must not; set 'user' to "
                    + "the Odoo user the base image defines, for example odoo.");
        }
        return base.user();
    }

    private static OdooConfigFile readConfig(ImageBuildRequest request, ImageReport report) throws InfrastructureException {
        if (request.odooConfig() == null) {
            return null;
        }
        OdooConfigFile config;
        try {
            config = OdooConfigFile.read(request.odooConfig());
        } catch (IOException e) {
            throw new InfrastructureException("Cannot read the Odoo configuration " + request.odooConfig() + ": " + e.getMessage(),
                    Map.of("file", request.odooConfig().toString()), e);
        }
        String name = request.odooConfig().getFileName().toString();
        if (config.options() == null) {
            report.finding(ImageFindings.IMAGE_CONFIG_NO_OPTIONS, Severity.ERROR, name, "The Odoo configuration " + name + " has no "
                    + "[options] section, and Odoo reads its options from that section only; put the options under [options].");
            return config;
        }
        List<String> addonsPath = config.addonsPath();
        if (!addonsPath.isEmpty() && !addonsPath.contains(request.addonsRoot())) {
            report.finding(ImageFindings.IMAGE_CONFIG_ADDONS_PATH, Severity.ERROR, name, "addons_path in " + name + " lists "
                    + String.join(",", addonsPath) + " but not " + request.addonsRoot() + ", where the image's modules are, so Odoo "
                    + "would not find them; add " + request.addonsRoot() + " to addons_path or remove the option.");
        }
        for (String option : config.secretOptions()) {
            report.finding(ImageFindings.IMAGE_CONFIG_SECRET, Severity.WARNING, name, name + " sets " + option + ", which everyone "
                    + "who can pull the image can read; remove it and pass the value at run time (environment or a mounted secret).");
        }
        return config;
    }

    private static void insecureFindings(ImageBuildRequest request, BaseImage base, boolean insecure, ImageReport report) {
        if (!insecure) {
            return;
        }
        List<String> remote = new ArrayList<>();
        if (base.name() != null && !base.name().loopback()) {
            remote.add(base.name().registry());
        }
        if (!request.toTarFile() && !request.image().loopback()) {
            remote.add(request.image().registry());
        }
        for (String registry : remote.stream().distinct().toList()) {
            report.finding(ImageFindings.IMAGE_INSECURE_REGISTRY, Severity.WARNING, registry, "allowInsecureRegistry let the build "
                    + "use " + registry + " over plain HTTP or without checking its certificate, so a machine on the way could "
                    + "change the images; give the registry a trusted certificate and remove the option.");
        }
    }

    private List<ImageLayers.Layer> layers(ImageBuildRequest request, ImageAddons scan, Map<String, Map<String, ModuleFiles.Listing>> listings,
            OdooConfigFile config, String configPath, BaseImage base, String series, String user, Path staging, LayerSources sources)
            throws IOException {
        List<ImageLayers.Layer> layers = new ArrayList<>();
        for (AddonsSource source : request.addons()) {
            Map<String, ModuleFiles.Listing> modules = listings.get(source.label());
            Path readFrom = sources.readFrom(source.directory(), modules);
            layers.add(ImageLayers.addons(source.label(), request.addonsRoot(), modules, readFrom));
        }
        if (config != null) {
            Path staged = staging.resolve("odoo.conf");
            Files.write(staged, config.content());
            layers.add(ImageLayers.file("Odoo configuration", staged, configPath));
        }
        Path inventory = staging.resolve("release.json");
        Files.write(inventory, ReleaseInventory.json(request, base, series, user, scan));
        layers.add(ImageLayers.file("inventory", inventory, ReleaseInventory.PATH));
        return layers;
    }

    private StepReport finish(ImageBuildRequest request, BaseImage base, String series, String user, Map<String, String> labels,
            JibBuild.Outcome outcome, boolean insecure, ImageReport report, EventSink events)
            throws InfrastructureException, InvalidInputException {
        if (request.toTarFile()) {
            ImageArchive written;
            try {
                written = ImageArchive.read(request.tarFile());
            } catch (IOException e) {
                throw new InfrastructureException("Cannot read back the tar file " + request.tarFile() + ": " + e.getMessage(),
                        Map.of("tarFile", request.tarFile().toString()), e);
            }
            report.written(outcome, written, series, user, labels);
            events.info("Wrote " + request.tarFile() + " (" + request.format().keyword() + " layout, "
                    + Sizes.format(fileSize(request.tarFile())) + "): " + outcome.digest() + ".");
            return report.build(clock.instant());
        }
        if (outcome.stopped() == TagGuard.Reason.TAG_CONFLICT) {
            report.tagConflict(outcome, series, user, labels);
            events.error("Nothing was tagged: " + conflicts(outcome) + ".");
            return report.build(clock.instant());
        }
        RegistryApiClient target = client(request.image().registry(), insecure, request.registryCredentials());
        RegistryApiClient.Manifest manifest = target.manifest(request.image().repository(), outcome.digest()).orElse(null);
        if (manifest == null) {
            throw new InfrastructureException("The registry does not return the manifest " + outcome.digest() + " that was just "
                    + "pushed", Map.of("registry", request.image().registry(), "repository", request.image().repository()), null);
        }
        List<String> mismatched = new ArrayList<>();
        if (outcome.stopped() == null) {
            for (String tag : request.tags()) {
                String now = target.manifestDigest(request.image().repository(), tag).orElse("nothing");
                if (!now.equals(outcome.digest())) {
                    mismatched.add(tag + " points at " + now);
                }
            }
        }
        if (!mismatched.isEmpty()) {
            throw new InfrastructureException("After the push, " + String.join(" and ", mismatched) + " instead of " + outcome.digest()
                    + "; another build pushed the same tags at the same time", Map.of("registry", request.image().registry(),
                    "repository", request.image().repository()), null);
        }
        report.pushed(outcome, manifest, series, user, labels);
        logPush(request, outcome, report, events);
        return report.build(clock.instant());
    }

    private static void logPush(ImageBuildRequest request, JibBuild.Outcome outcome, ImageReport report, EventSink events) {
        String reference = request.image().writtenRepository() + "@" + outcome.digest();
        if (outcome.stopped() == TagGuard.Reason.ALREADY_PRESENT) {
            events.info("Nothing pushed: " + reference + " is already tagged " + String.join(", ", request.tags()) + ".");
            return;
        }
        events.info("Pushed " + reference + ": " + report.uploadSummary() + ".");
        for (TagGuard.TagDecision decision : outcome.tags()) {
            events.info("Tag " + decision.tag() + ": " + decision.action().description()
                    + (decision.action() == TagGuard.Action.MOVE ? " (was " + decision.previousDigest() + ")" : "") + ".");
        }
    }

    private static String conflicts(JibBuild.Outcome outcome) {
        return String.join("; ", outcome.tags().stream().filter(decision -> decision.action() == TagGuard.Action.CONFLICT)
                .map(decision -> decision.tag() + " already points at " + decision.previousDigest()).toList());
    }

    private static RegistryApiClient client(String registry, boolean insecure, RegistryCredentials credentials) {
        return new RegistryApiClient(registry, insecure, credentials);
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path folder, EventSink events) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            events.warning("Cannot delete the temporary folder " + folder + ": " + e.getMessage());
        }
    }
}
