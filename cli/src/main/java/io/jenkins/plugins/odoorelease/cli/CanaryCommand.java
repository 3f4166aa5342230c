package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.canary.CanaryRequest;
import io.jenkins.plugins.odoorelease.canary.CanaryRollout;
import io.jenkins.plugins.odoorelease.canary.MetricType;
import io.jenkins.plugins.odoorelease.canary.PlanParser;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.freeze.CalendarFiles;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.kube.KubeAccess;
import io.jenkins.plugins.odoorelease.pg.PasswordMissingException;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odoo-release canary}: the {@code odooCanary} step from the command line. */
@Command(name = "canary",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Rolls a new Odoo image out to a share of the traffic through a weighted Traefik TraefikService, analyses "
                + "error rate, latency, the job queue, restarts and /web/health at each step, and promotes it or rolls it back by "
                + "itself. Exits 0 when promoted, 1 when rolled back; a held rollout (a pause step of the plan, a freeze under "
                + "--on-freeze hold, an inconclusive analysis under --on-inconclusive pause) is a warning and exits 0 unless --fail-on "
                + "warning, so read "
                + "outcome from --json to tell it from a promotion. Ctrl-C rolls back before exiting. "
                + "Secrets come from files or the environment: the kubeconfig from --kubeconfig or KUBECONFIG, or a token from "
                + CanaryCommand.TOKEN_ENV + " or --token-file; " + CanaryCommand.PROMETHEUS_TOKEN_ENV + " or "
                + CanaryCommand.PROMETHEUS_PASSWORD_ENV + " for Prometheus; " + BackupCommand.PASSWORD_ENV
                + " (else PGPASSWORD) for the database.")
final class CanaryCommand extends StepCommand {

    static final String TOKEN_ENV = "ODOO_RELEASE_KUBE_TOKEN";
    static final String PROMETHEUS_TOKEN_ENV = "ODOO_RELEASE_PROMETHEUS_TOKEN";
    static final String PROMETHEUS_PASSWORD_ENV = "ODOO_RELEASE_PROMETHEUS_PASSWORD";

    @Option(names = "--namespace", required = true, paramLabel = "NAME", description = "The namespace of the Odoo Deployment.")
    String namespace;

    @Option(names = "--deployment", required = true, paramLabel = "NAME", description = "The stable Odoo Deployment.")
    String deployment;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The stable Service in front of it.")
    String service;

    @Option(names = "--image", required = true, paramLabel = "REFERENCE", description = "The new image, best by digest: REGISTRY/REPOSITORY@sha256:DIGEST.")
    String image;

    @Option(names = "--traefik-service", paramLabel = "NAME", description = "The weighted TraefikService the IngressRoute routes "
            + "through. Default: SERVICE-weighted.")
    String traefikService;

    @Option(names = "--service-port", paramLabel = "PORT", description = "The Service port Traefik routes to, number or name. "
            + "Default: the port the TraefikService names, else the Service's only port.")
    String servicePort;

    @Option(names = "--container", paramLabel = "NAME", description = "The Odoo container of the pod template. Default: the only "
            + "container, else the one named odoo.")
    String container;

    @Option(names = "--canary-replicas", paramLabel = "N", description = "Pods of the canary Deployment. Default: 1.")
    String canaryReplicas;

    @Option(names = "--sticky-cookie", paramLabel = "NAME", description = "The cookie that keeps a signed-in user on one version. "
            + "Default: " + CanaryRequest.DEFAULT_STICKY_COOKIE + ".")
    String stickyCookie;

    @Option(names = "--plan", paramLabel = "FILE", description = "The rollout plan as YAML or JSON: steps, analysis defaults and "
            + "metrics (see docs/steps/odooCanary.md). Default: weights 10, 25, 50, 100 with an analysis after each.")
    Path plan;

    @Option(names = "--weights", paramLabel = "LIST", description = "The weights of the default plan, such as 5,20,50,100. "
            + "Default: 10,25,50,100.")
    String weights;

    @Option(names = "--analysis-interval", paramLabel = "DURATION", description = "Time between measurements. Default: 1m.")
    String analysisInterval;

    @Option(names = "--analysis-count", paramLabel = "N", description = "Measurements per metric and analysis. Default: 5.")
    String analysisCount;

    @Option(names = "--failure-limit", paramLabel = "N", description = "Failed measurements a metric may have. Default: 0.")
    String failureLimit;

    @Option(names = "--inconclusive-limit", paramLabel = "N", description = "Inconclusive measurements a metric may have. "
            + "Default: 1.")
    String inconclusiveLimit;

    @Option(names = "--min-requests", paramLabel = "N", description = "Requests a side needs in the window for a Prometheus "
            + "result to count. Default: 50.")
    String minRequests;

    @Option(names = "--on-inconclusive", paramLabel = "POLICY", description = "pause (the default: hold and warn), fail (hold "
            + "and fail) or rollback.")
    String onInconclusive;

    @Option(names = "--max-error-rate", paramLabel = "RATIO", description = "Largest canary 5xx ratio. Default: 0.02.")
    String maxErrorRate;

    @Option(names = "--max-latency", paramLabel = "SECONDS", description = "Largest canary p95 latency. Default: 2.")
    String maxLatency;

    @Option(names = "--max-queue-growth", paramLabel = "JOBS", description = "Largest growth of the queue_job backlog. Default: 100.")
    String maxQueueGrowth;

    @Option(names = "--max-failed-jobs", paramLabel = "JOBS", description = "New failed queue jobs allowed. Default: 0.")
    String maxFailedJobs;

    @Option(names = "--max-restarts", paramLabel = "N", description = "Canary container restarts allowed. Default: 0.")
    String maxRestarts;

    @Option(names = "--max-health-seconds", paramLabel = "SECONDS", description = "Slowest acceptable /web/health response, in seconds. "
            + "Default: 5.")
    String maxHealthSeconds;

    @Option(names = "--run-id", paramLabel = "ID", description = "Names this rollout on the cluster objects. Default: a random id.")
    String runId;

    @Option(names = "--dry-run", description = "Print every object the rollout would create or change, and the schedule; change "
            + "nothing.")
    boolean dryRun;

    @Option(names = "--manifests", paramLabel = "FILE", description = "With --dry-run and no cluster credentials: read the stable "
            + "Deployment, Service and TraefikService from this YAML file.")
    Path manifests;

    @Option(names = "--ready-timeout", paramLabel = "DURATION", description = "How long the canary may take to become ready. "
            + "Default: 10m.")
    String readyTimeout;

    @Option(names = "--promote-timeout", paramLabel = "DURATION", description = "How long the stable Deployment may take to roll "
            + "out the new image. Default: 15m.")
    String promoteTimeout;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig. Default: the first file in KUBECONFIG, "
            + "unless " + TOKEN_ENV + " or --token-file gives a token.")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context. Default: its current context.")
    String context;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the bearer token, such as a service "
            + "account token. Default: $" + TOKEN_ENV + ".")
    Path tokenFile;

    @Option(names = "--api-url", paramLabel = "URL", description = "The API server, with a token: https://HOST:6443.")
    String apiUrl;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "The PEM CA certificate of the API server, with a token. "
            + "Default: the JVM's trusted CAs.")
    Path caFile;

    @Option(names = "--prometheus-url", paramLabel = "URL", description = "Prometheus with Traefik's metrics, such as "
            + "http://prometheus.monitoring:9090. Default: none, so no error-rate or latency metric.")
    String prometheusUrl;

    @Option(names = "--prometheus-user", paramLabel = "NAME", description = "User for basic authentication; the password comes "
            + "from $" + PROMETHEUS_PASSWORD_ENV + ".")
    String prometheusUser;

    @Option(names = "--database-url", paramLabel = "JDBC_URL", description = "The Odoo database for the queue and SQL metrics, "
            + "such as jdbc:postgresql://db:5432/prod. Default: none.")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "NAME", description = "The database user, best a read-only one. Default: $"
            + BackupCommand.USER_ENV + ", else $PGUSER, else the operating-system user.")
    String databaseUser;

    @Option(names = "--migration-plan", paramLabel = "FILE", description = "The JSON report of 'odoo-release migrate-check'; a "
            + "plan that is not canary-safe stops the rollout.")
    Path migrationPlan;

    @Option(names = "--allow-schema-changes", description = "Start even though the migration plan is not canary-safe.")
    boolean allowSchemaChanges;

    @Option(names = "--calendar", paramLabel = "FILE", description = "A freeze calendar re-checked before every weight increase and the promotion; "
            + "repeatable. The platform calendars of the configuration always apply as well.")
    List<Path> calendars = new ArrayList<>();

    @Option(names = "--environment", paramLabel = "NAME", description = "The environment for the freeze check, such as production.")
    String environment;

    @Option(names = "--tenant", paramLabel = "NAME", description = "The tenant for the freeze check. Default: every tenant.")
    String tenant;

    @Option(names = "--on-freeze", paramLabel = "POLICY", description = "hold (the default), rollback or wait.")
    String onFreeze;

    @Option(names = "--freeze-max-wait", paramLabel = "DURATION", description = "The longest --on-freeze wait waits. Default: 4h.")
    String freezeMaxWait;

    @Override
    StepReport run(EventSink events) throws OdooReleaseException, InterruptedException {
        S3Environment secrets = new S3Environment(parent.env());
        PlatformConfig config = parent.platformConfig();
        Object platformPlan = applyPlatformDefaults(config);
        CanaryRequest.Builder request = CanaryRequest.builder()
                .namespace(namespace)
                .deployment(deployment)
                .service(service)
                .image(image)
                .traefikService(traefikService)
                .servicePort(servicePort)
                .container(container)
                .canaryReplicas(canaryReplicas)
                .weights(weights)
                .analysisInterval(analysisInterval)
                .analysisCount(analysisCount)
                .failureLimit(failureLimit)
                .inconclusiveLimit(inconclusiveLimit)
                .minRequests(minRequests)
                .onInconclusive(onInconclusive)
                .threshold(MetricType.ERROR_RATE, maxErrorRate)
                .threshold(MetricType.LATENCY, maxLatency)
                .threshold(MetricType.QUEUE_BACKLOG, maxQueueGrowth)
                .threshold(MetricType.FAILED_JOBS, maxFailedJobs)
                .threshold(MetricType.POD_RESTARTS, maxRestarts)
                .threshold(MetricType.HTTP, maxHealthSeconds)
                .runId(runId)
                .dryRun(dryRun)
                .readyTimeout(readyTimeout)
                .promoteTimeout(promoteTimeout)
                .kube(kubeAccess())
                .prometheusUrl(prometheusUrl)
                .prometheusToken(SecretValue.ofNullable(parent.env().get(PROMETHEUS_TOKEN_ENV)))
                .prometheusBasicAuth(prometheusUser, SecretValue.ofNullable(parent.env().get(PROMETHEUS_PASSWORD_ENV)))
                .database(databaseUrl, databaseUser != null ? databaseUser : secrets.user(BackupCommand.USER_ENV),
                        secrets.password(BackupCommand.PASSWORD_ENV))
                .allowSchemaChanges(allowSchemaChanges)
                .environment(environment)
                .tenant(tenant)
                .onFreeze(onFreeze)
                .freezeMaxWait(freezeMaxWait)
                .failOn(failOn);
        if (stickyCookie != null) {
            request.stickyCookie(stickyCookie);
        }
        if (plan != null) {
            request.plan(PlanParser.readTree(read(plan, "--plan"), plan.toString()), plan.toString());
        } else if (platformPlan != null) {
            request.plan(platformPlan, config.file() + ": canary.plan");
        }
        if (manifests != null) {
            request.manifests(read(manifests, "--manifests"));
        }
        if (migrationPlan != null) {
            request.migrationPlan(read(migrationPlan, "--migration-plan"));
        }
        for (Path platformCalendar : config.freeze().calendars()) {
            request.calendar(CalendarFiles.read(platformCalendar, CalendarOrigin.PLATFORM, "freeze.calendars"));
        }
        for (Path calendar : calendars) {
            request.calendar(CalendarFiles.read(calendar, CalendarOrigin.REPOSITORY, "--calendar"));
        }
        try {
            return roll(request.build(), events);
        } catch (PasswordMissingException e) {
            throw S3Environment.passwordMissing(e, BackupCommand.PASSWORD_ENV);
        }
    }

    @Override
    Map<String, String> renamedParameters() {
        return Map.of("database", "--database-url", "caCertificate", "--ca-file", "prometheusToken", PROMETHEUS_TOKEN_ENV,
                "calendars", "--calendar");
    }

    private StepReport roll(CanaryRequest request, EventSink events) throws OdooReleaseException, InterruptedException {
        CanaryRollout rollout = new CanaryRollout(Clock.systemUTC(), Sleeper.SYSTEM);
        if (request.dryRun()) {
            return rollout.run(request, events);
        }
        try (AbortOnShutdown hook = new AbortOnShutdown(rollout, events)) {
            StepReport report = rollout.run(request, events);
            if (rollout.abortRequested()) {
                writeReportFiles(report);
            }
            hook.finished();
            return report;
        }
    }

    /**
     * Writes the report files before the shutdown hook lets the JVM exit, because the JVM halts as soon as the hook
     * returns. The files written here are taken off the usual outputs, so that a second, cut-off write cannot truncate
     * them. NOTE: the evidence bundle is left to the usual path, which appends to it, so an aborted run may be missing
     * from the bundle when the JVM halts first.
     */
    private void writeReportFiles(StepReport report) {
        write(outputs.json, () -> io.jenkins.plugins.odoorelease.report.ReportJson.toJson(report) + "\n");
        write(outputs.markdown, () -> io.jenkins.plugins.odoorelease.report.MarkdownRenderer.render(report));
        write(outputs.html, () -> io.jenkins.plugins.odoorelease.report.HtmlRenderer.renderPage(report));
        write(outputs.junit, () -> io.jenkins.plugins.odoorelease.report.JUnitXmlRenderer.render(report));
        outputs.json = "-".equals(outputs.json) ? outputs.json : null;
        outputs.markdown = "-".equals(outputs.markdown) ? outputs.markdown : null;
        outputs.html = "-".equals(outputs.html) ? outputs.html : null;
        outputs.junit = "-".equals(outputs.junit) ? outputs.junit : null;
    }

    private interface Render {
        String text() throws IOException;
    }

    private void write(String target, Render render) {
        if (target == null || target.equals("-")) {
            return;
        }
        try {
            Path path = Path.of(target).toAbsolutePath();
            Files.createDirectories(path.getParent());
            Path partial = path.resolveSibling(path.getFileName() + ".partial");
            Files.writeString(partial, render.text(), StandardCharsets.UTF_8);
            Files.move(partial, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            parent.err().println("ERROR: cannot write " + target + ": " + e.getMessage());
        }
    }

    /**
     * Applies the {@code canary} section of the platform configuration: its {@code prometheusUrl} when the option is not
     * given, and returns its {@code plan}, used when {@code --plan} is not given. The parser of the file has checked the
     * section's keys.
     */
    private Object applyPlatformDefaults(PlatformConfig config) {
        if (prometheusUrl == null) {
            prometheusUrl = config.text("canary", "prometheusUrl");
        }
        com.fasterxml.jackson.databind.JsonNode plan = config.setting("canary", "plan");
        return plan == null ? null : ReportJson.mapper().convertValue(plan, Object.class);
    }

    /** Returns the cluster credentials: a token from the environment or a file, else a kubeconfig, else none. */
    private KubeAccess kubeAccess() throws InvalidInputException {
        String token = parent.env().get(TOKEN_ENV);
        if (tokenFile != null) {
            token = read(tokenFile, "--token-file").strip();
        }
        if (token != null && !token.isBlank()) {
            if (kubeconfig != null) {
                throw new InvalidInputException(Problem.of("--kubeconfig", kubeconfig.toString(), "give either a kubeconfig or a "
                        + "token (" + TOKEN_ENV + " or --token-file), not both"));
            }
            return KubeAccess.ofToken(SecretValue.of(token), apiUrl, caFile == null ? null : read(caFile, "--ca-file"));
        }
        Path file = kubeconfig;
        String fromEnv = parent.env().get("KUBECONFIG");
        if (file == null && fromEnv != null && !fromEnv.isBlank()) {
            file = Path.of(fromEnv.split(java.io.File.pathSeparator)[0]);
        }
        if (file == null) {
            return null;
        }
        return KubeAccess.ofKubeconfig(SecretValue.of(read(file, kubeconfig != null ? "--kubeconfig" : "KUBECONFIG")), context);
    }

    private static String read(Path file, String option) throws InvalidInputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(new Problem(option, null, file.toString(), "file not found; check the path"));
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(option, null, file.toString(), "cannot read the file: " + e.getMessage()));
        }
    }
}
