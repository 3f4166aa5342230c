package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.backup.BackupRequest;
import io.jenkins.plugins.odoorelease.backup.VerifyRequest;
import io.jenkins.plugins.odoorelease.canary.CanaryRequest;
import io.jenkins.plugins.odoorelease.canary.MetricType;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.freeze.CalendarFiles;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import io.jenkins.plugins.odoorelease.image.AddonsSource;
import io.jenkins.plugins.odoorelease.image.ImageBuildRequest;
import io.jenkins.plugins.odoorelease.image.ImagePolicy;
import io.jenkins.plugins.odoorelease.image.RegistryCredentials;
import io.jenkins.plugins.odoorelease.image.SourceRevision;
import io.jenkins.plugins.odoorelease.kube.KubeAccess;
import io.jenkins.plugins.odoorelease.migrate.MigrateRequest;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the sections of a release configuration into the steps' requests. Each step's section uses the step's own
 * parameter names; the shared {@code release}, {@code database} and {@code s3} sections fill in what several steps
 * need. Values that come from an earlier step (the built image, the migration plan, the new backup's key) are passed
 * in when that step has run.
 */
final class ReleaseRequests {

    private final ReleaseConfig config;
    private final PlatformConfig platform;
    private final String ciRequester;

    /** @param ciRequester the user the CI server says started the run, or {@code null} */
    ReleaseRequests(ReleaseConfig config, PlatformConfig platform, String ciRequester) {
        this.config = config;
        this.platform = platform;
        this.ciRequester = ciRequester;
    }

    private ConfigSection release() {
        return config.section("release");
    }

    /** Reads the platform's calendars and the release's own, for the freeze guard and the canary's re-check. */
    List<CalendarSource> calendars() throws InvalidInputException {
        List<CalendarSource> sources = new ArrayList<>();
        for (Path file : platform.freeze().calendars()) {
            sources.add(CalendarFiles.read(file, CalendarOrigin.PLATFORM, "freeze.calendars of " + platform.file()));
        }
        for (Path file : config.section("freeze").paths("calendars")) {
            sources.add(CalendarFiles.read(file, CalendarOrigin.REPOSITORY, "freeze.calendars"));
        }
        return sources;
    }

    FreezeRequest freeze() throws InvalidInputException {
        ConfigSection freeze = config.section("freeze");
        return FreezeRequest.builder()
                .environment(release().text("environment"))
                .tenant(release().text("tenant"))
                .changeType(release().text("changeType"))
                .expectedDuration(freeze.text("expectedDuration", platform.freeze().expectedDuration()))
                .onFreeze(freeze.text("onFreeze"))
                .maxWait(freeze.text("maxWait"))
                .horizon(freeze.text("horizon"))
                .calendars(calendars())
                .override(new FreezeRequest.OverrideInput(freeze.text("overrideReason"), freeze.text("overrideApprover"),
                        freeze.text("overrideExpires"), freeze.text("overrideTicket"), freeze.list("overrideWindows")))
                .requester(freeze.text("requestedBy", ciRequester))
                .overridePolicy(platform.freeze().overridePolicy())
                .failOn(freeze.text("failOn", release().text("failOn")))
                .build();
    }

    BackupRequest backup() throws InvalidInputException {
        ConfigSection backup = config.section("backup");
        ConfigSection database = config.section("database");
        ConfigSection s3 = config.section("s3");
        String filestore = backup.text("filestore");
        if (filestore != null && !filestore.startsWith("s3://")) {
            filestore = backup.path("filestore").toString();
        }
        return BackupRequest.builder()
                .database(database.text("url"), database.text("user"), database.secret("password"))
                .location(backup.text("location"))
                .s3(s3.text("endpoint"), s3.text("region"), s3.bool("pathStyle", false))
                .s3Credentials(s3.secret("accessKeyId"), s3.secret("secretAccessKey"), s3.secret("sessionToken"))
                .format(backup.text("format"))
                .filestore(filestore)
                .pgDump(backup.text("pgDump"))
                .partSize(backup.text("partSize"))
                .failOn(backup.text("failOn", release().text("failOn")))
                .build();
    }

    ImageBuildRequest image() throws InvalidInputException, InterruptedException {
        ConfigSection image = config.section("image");
        Path workingDirectory = config.baseDirectory();
        Optional<SourceRevision> git = release().has("revision") && image.has("revisionTime") && image.has("source")
                ? Optional.empty() : SourceRevision.read(workingDirectory);
        ImageBuildRequest.Builder request = ImageBuildRequest.builder()
                .image(image.text("image"))
                .baseImage(image.text("baseImage"))
                .workingDirectory(workingDirectory)
                .tags(image.list("tags"))
                .odooConfig(image.path("odooConfig"))
                .series(image.text("series"))
                .user(image.text("user"))
                .revision(release().text("revision", git.map(SourceRevision::revision).orElse(null)))
                .revisionTime(image.text("revisionTime", git.map(SourceRevision::commitTime).orElse(null)))
                .source(image.text("source", git.map(SourceRevision::remoteUrl).orElse(null)))
                .version(image.text("version"))
                .tarFile(image.path("tarFile"))
                .format(image.text("format"))
                .platform(image.text("platform"))
                .addonsRoot(image.text("addonsRoot"))
                .allowFloatingBase(image.bool("allowFloatingBase", false))
                .allowTagOverwrite(image.bool("allowTagOverwrite", false))
                .allowInsecureRegistry(image.bool("allowInsecureRegistry", false))
                .policy(ImagePolicy.fromPlatformConfig(platform))
                .cacheDirectory(image.has("cacheDirectory") ? image.path("cacheDirectory")
                        : workingDirectory.resolve(".odoo-release-cache").resolve("image"))
                .registryCredentials(credentials(image, "registryUsername", "registryPassword"))
                .baseRegistryCredentials(credentials(image, "baseRegistryUsername", "baseRegistryPassword"))
                .failOn(image.text("failOn", release().text("failOn")));
        // The image names each addons path relative to the checkout, never by an absolute path, so that it is reproducible.
        Path checkout = SourceRevision.topLevel(workingDirectory).orElse(workingDirectory);
        AddonsSource.inCheckout(image.paths("addons"), checkout).forEach(request::addons);
        return request.build();
    }

    private static RegistryCredentials credentials(ConfigSection section, String userKey, String passwordKey) throws InvalidInputException {
        if (section.has(userKey) != section.has(passwordKey)) {
            throw new InvalidInputException(Problem.of("image." + (section.has(userKey) ? passwordKey : userKey), null,
                    "give both " + userKey + " and " + passwordKey + ", or neither"));
        }
        return section.has(userKey) ? new RegistryCredentials(section.text(userKey), section.secret(passwordKey)) : null;
    }

    MigrateRequest migrate() throws InvalidInputException {
        ConfigSection migrate = config.section("migrate");
        ConfigSection database = config.section("database");
        return MigrateRequest.builder()
                .addons(migrate.paths("addons").stream().map(Path::toString).toList())
                .databaseUrl(database.text("url"))
                .databaseUser(database.text("user"))
                .databasePassword(database.secret("password"))
                .series(migrate.text("series"))
                .install(migrate.list("install"))
                .upgradePaths(migrate.paths("upgradePaths").stream().map(Path::toString).toList())
                .largeTableRows(migrate.text("largeTableRows"))
                .longTransaction(migrate.text("longTransaction"))
                .connectionUsage(migrate.text("connectionUsage"))
                .statementTimeout(migrate.text("statementTimeout"))
                .lockTimeout(migrate.text("lockTimeout"))
                .checksums(migrate.bool("checksums", true))
                .failOn(migrate.text("failOn", release().text("failOn")))
                .build();
    }

    /**
     * Builds the canary's request.
     *
     * @param builtImage the reference the image step pushed, used when the canary section names no image
     * @param migrationPlan the migration check's result, for the schema-change gate, or {@code null}
     */
    CanaryRequest canary(String builtImage, Map<String, Object> migrationPlan) throws InvalidInputException {
        ConfigSection canary = config.section("canary");
        boolean dryRun = canary.bool("dryRun", false);
        CanaryRequest.Builder request = CanaryRequest.builder()
                .namespace(canary.text("namespace"))
                .deployment(canary.text("deployment"))
                .service(canary.text("service"))
                .image(canary.text("image", builtImage))
                .traefikService(canary.text("traefikService"))
                .servicePort(canary.text("servicePort"))
                .container(canary.text("container"))
                .canaryReplicas(canary.text("canaryReplicas"))
                .weights(canary.text("weights"))
                .analysisInterval(canary.text("analysisInterval"))
                .analysisCount(canary.text("analysisCount"))
                .failureLimit(canary.text("failureLimit"))
                .inconclusiveLimit(canary.text("inconclusiveLimit"))
                .minRequests(canary.text("minRequests"))
                .onInconclusive(canary.text("onInconclusive"))
                .threshold(MetricType.ERROR_RATE, canary.text("maxErrorRate"))
                .threshold(MetricType.LATENCY, canary.text("maxLatency"))
                .threshold(MetricType.QUEUE_BACKLOG, canary.text("maxQueueGrowth"))
                .threshold(MetricType.FAILED_JOBS, canary.text("maxFailedJobs"))
                .threshold(MetricType.POD_RESTARTS, canary.text("maxRestarts"))
                .threshold(MetricType.HTTP, canary.text("maxHealthSeconds"))
                .dryRun(dryRun)
                .readyTimeout(canary.text("readyTimeout"))
                .promoteTimeout(canary.text("promoteTimeout"))
                .prometheusUrl(canary.text("prometheusUrl", platform.text("canary", "prometheusUrl")))
                .prometheusToken(canary.secret("prometheusToken"))
                .migrationPlan(migrationPlan)
                .allowSchemaChanges(canary.bool("allowSchemaChanges", false))
                .environment(release().text("environment"))
                .tenant(release().text("tenant"))
                .onFreeze(canary.text("onFreeze"))
                .freezeMaxWait(canary.text("freezeMaxWait"))
                .failOn(canary.text("failOn", release().text("failOn")));
        if (canary.has("stickyCookie")) {
            request.stickyCookie(canary.text("stickyCookie"));
        }
        if (canary.has("plan")) {
            request.plan(canary.tree("plan"), config.file() + ": canary.plan");
        } else if (platform.setting("canary", "plan") != null) {
            request.plan(ReportJson.mapper().convertValue(platform.setting("canary", "plan"), Object.class), platform.file()
                    + ": canary.plan");
        }
        if (config.has("database")) {
            ConfigSection database = config.section("database");
            request.database(database.text("url"), database.text("user"), database.secret("password"));
        }
        if (config.has("freeze") || !platform.freeze().calendars().isEmpty()) {
            request.calendars(calendars());
        }
        if (canary.has("manifests")) {
            request.manifests(readText(canary.path("manifests"), "canary.manifests"));
        }
        KubeAccess kube = kube(canary);
        if (kube != null) {
            request.kube(kube);
        }
        return request.build();
    }

    private static KubeAccess kube(ConfigSection canary) throws InvalidInputException {
        if (canary.has("token")) {
            String ca = canary.has("caFile") ? readText(canary.path("caFile"), "canary.caFile") : null;
            return KubeAccess.ofToken(canary.secret("token"), canary.text("apiUrl"), ca).validate();
        }
        if (canary.has("kubeconfig")) {
            return KubeAccess.ofKubeconfig(canary.secret("kubeconfig"), canary.text("context")).validate();
        }
        return null;
    }

    /**
     * Builds the verification's request.
     *
     * @param newBackupKey the key of the backup the release just took, verified when the section names no key
     */
    VerifyRequest verify(String newBackupKey) throws InvalidInputException {
        ConfigSection verify = config.section("verify");
        ConfigSection s3 = config.section("s3");
        return VerifyRequest.builder()
                .location(verify.text("location", config.section("backup").text("location")))
                .key(verify.text("key", newBackupKey))
                .s3(s3.text("endpoint"), s3.text("region"), s3.bool("pathStyle", false))
                .s3Credentials(s3.secret("accessKeyId"), s3.secret("secretAccessKey"), s3.secret("sessionToken"))
                .scratch(verify.text("scratchUrl"), verify.text("scratchUser"), verify.secret("scratchPassword"))
                .scratchPrefix(verify.text("scratchPrefix"))
                .rpo(verify.text("rpo", platform.text("backup", "rpo")))
                .rto(verify.text("rto", platform.text("backup", "rto")))
                .attachments(verify.text("attachments"))
                .keepScratch(verify.bool("keepScratch", false))
                .pgRestore(verify.text("pgRestore"))
                .maxCompressionRatio(verify.text("maxCompressionRatio"))
                .requireVersioning(verify.bool("requireVersioning", platform.flag("backup", "requireVersioning", true)))
                .requireLifecycle(verify.bool("requireLifecycle", platform.flag("backup", "requireLifecycle", true)))
                .failOn(verify.text("failOn", release().text("failOn")))
                .build();
    }

    private static String readText(Path file, String key) throws InvalidInputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidInputException.forValue(key, file.toString(), "cannot read the file (" + e.getMessage() + ")");
        }
    }
}
