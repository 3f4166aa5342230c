package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.kube.KubeAccess;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.FailOn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the canary is asked to do: which Deployment to roll to which image, through which Traefik service, by which
 * plan, watching which sources. Build it with {@link #builder()}; {@link Builder#build()} checks every value,
 * including the whole plan, before anything touches the cluster.
 *
 * @param traefikService the weighted TraefikService that an IngressRoute routes through
 * @param servicePort the stable Service's port that Traefik routes to (number or name), or {@code null} when the
 *     Service has one port
 * @param container the Odoo container of the pod template, or {@code null} when there is one container or one named odoo
 * @param runId identifies this rollout on the cluster objects, so that a resumed run finds its own state
 * @param kube how to reach the cluster, or {@code null} for an offline dry run from {@code manifests}
 * @param manifests YAML of the stable Deployment, Service and TraefikService, for a dry run without a cluster
 * @param migrationPlan the {@code odooMigrateCheck} result, or {@code null} when none was given
 * @param calendars freeze calendars re-checked before every weight increase; empty means no freeze check
 */
public record CanaryRequest(
        String namespace,
        String deployment,
        String service,
        String image,
        String traefikService,
        String servicePort,
        String container,
        int canaryReplicas,
        String stickyCookie,
        CanaryPlan plan,
        String runId,
        boolean dryRun,
        Duration readyTimeout,
        Duration promoteTimeout,
        KubeAccess kube,
        String manifests,
        String prometheusUrl,
        SecretValue prometheusToken,
        String prometheusUser,
        SecretValue prometheusPassword,
        PgTarget database,
        MigrationPlanGate migrationPlan,
        boolean allowSchemaChanges,
        List<CalendarSource> calendars,
        String environment,
        String tenant,
        OnFreeze onFreeze,
        Duration freezeMaxWait,
        FailOn failOn) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_PROMOTE_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration DEFAULT_FREEZE_MAX_WAIT = Duration.ofHours(4);
    public static final String DEFAULT_STICKY_COOKIE = "odoo_canary";

    /** A DNS-1123 label, the form of Deployment, Service and namespace names. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A DNS-1123 subdomain, the form of TraefikService names. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    /** An image reference: repository with an optional registry, then a tag, a digest or both. */
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._\\-/:]*[a-z0-9](:[\\w][\\w.\\-]{0,127})?(@sha256:[0-9a-f]{64})?");
    private static final Pattern COOKIE = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    public CanaryRequest {
        calendars = List.copyOf(calendars);
    }

    /**
     * Checks a Prometheus base URL the way a request does, for forms and settings that hold one.
     *
     * @throws InvalidInputException naming {@code name} when the URL is not http(s) or contains credentials
     */
    public static void checkPrometheusUrl(String url, String name) throws InvalidInputException {
        Problem problem = Builder.prometheusUrlProblem(url, name);
        if (problem != null) {
            throw new InvalidInputException(problem);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name of the canary Deployment and Service: the stable name with {@code -canary}. */
    public String canaryName() {
        return deployment + "-canary";
    }

    /** The name of the canary Service: the stable Service name with {@code -canary}. */
    public String canaryServiceName() {
        return service + "-canary";
    }

    /** Collects and checks the values of a request. Blank text means "not set". */
    public static final class Builder {

        private String namespace;
        private String deployment;
        private String service;
        private String image;
        private String traefikService;
        private String servicePort;
        private String container;
        private String canaryReplicas;
        private String stickyCookie = DEFAULT_STICKY_COOKIE;
        private Object planTree;
        private String planSource = "plan";
        private String weights;
        private String analysisInterval;
        private String analysisCount;
        private String failureLimit;
        private String inconclusiveLimit;
        private String minRequests;
        private String onInconclusive;
        private final Map<MetricType, String> thresholds = new EnumMap<>(MetricType.class);
        private String runId;
        private boolean dryRun;
        private String readyTimeout;
        private String promoteTimeout;
        private KubeAccess kube;
        private String manifests;
        private String prometheusUrl;
        private SecretValue prometheusToken;
        private String prometheusUser;
        private SecretValue prometheusPassword;
        private String databaseUrl;
        private String databaseUser;
        private SecretValue databasePassword;
        private Object migrationPlan;
        private boolean allowSchemaChanges;
        private final List<CalendarSource> calendars = new ArrayList<>();
        private String environment;
        private String tenant;
        private String onFreeze = OnFreeze.HOLD.keyword();
        private String freezeMaxWait;
        private String failOn = FailOn.ERROR.keyword();

        private Builder() {
        }

        public Builder namespace(String value) {
            this.namespace = Text.trimToNull(value);
            return this;
        }

        public Builder deployment(String value) {
            this.deployment = Text.trimToNull(value);
            return this;
        }

        public Builder service(String value) {
            this.service = Text.trimToNull(value);
            return this;
        }

        public Builder image(String value) {
            this.image = Text.trimToNull(value);
            return this;
        }

        public Builder traefikService(String value) {
            this.traefikService = Text.trimToNull(value);
            return this;
        }

        public Builder servicePort(String value) {
            this.servicePort = Text.trimToNull(value);
            return this;
        }

        public Builder container(String value) {
            this.container = Text.trimToNull(value);
            return this;
        }

        public Builder canaryReplicas(String value) {
            this.canaryReplicas = Text.trimToNull(value);
            return this;
        }

        public Builder stickyCookie(String value) {
            this.stickyCookie = Text.trimToNull(value);
            return this;
        }

        /**
         * Sets the plan as a tree of maps and lists, as YAML, JSON or a Groovy map gives it.
         *
         * @param source the file or parameter it came from, for messages
         */
        public Builder plan(Object tree, String source) {
            this.planTree = tree;
            this.planSource = source == null ? "plan" : source;
            return this;
        }

        /** Sets the weights of the default plan as text, such as {@code 10,25,50,100}. */
        public Builder weights(String value) {
            this.weights = Text.trimToNull(value);
            return this;
        }

        public Builder analysisInterval(String value) {
            this.analysisInterval = Text.trimToNull(value);
            return this;
        }

        public Builder analysisCount(String value) {
            this.analysisCount = Text.trimToNull(value);
            return this;
        }

        public Builder failureLimit(String value) {
            this.failureLimit = Text.trimToNull(value);
            return this;
        }

        public Builder inconclusiveLimit(String value) {
            this.inconclusiveLimit = Text.trimToNull(value);
            return this;
        }

        public Builder minRequests(String value) {
            this.minRequests = Text.trimToNull(value);
            return this;
        }

        public Builder onInconclusive(String value) {
            this.onInconclusive = Text.trimToNull(value);
            return this;
        }

        /** Sets the default threshold of a metric type, as text in the type's unit. */
        public Builder threshold(MetricType type, String value) {
            String trimmed = Text.trimToNull(value);
            if (trimmed == null) {
                thresholds.remove(type);
            } else {
                thresholds.put(type, trimmed);
            }
            return this;
        }

        public Builder runId(String value) {
            this.runId = Text.trimToNull(value);
            return this;
        }

        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        public Builder readyTimeout(String value) {
            this.readyTimeout = Text.trimToNull(value);
            return this;
        }

        public Builder promoteTimeout(String value) {
            this.promoteTimeout = Text.trimToNull(value);
            return this;
        }

        public Builder kube(KubeAccess value) {
            this.kube = value;
            return this;
        }

        /** Sets the manifests an offline dry run reads instead of a cluster; text with nothing but blanks is rejected. */
        public Builder manifests(String value) {
            this.manifests = value;
            return this;
        }

        public Builder prometheusUrl(String value) {
            this.prometheusUrl = Text.trimToNull(value);
            return this;
        }

        public Builder prometheusToken(SecretValue value) {
            this.prometheusToken = value;
            return this;
        }

        public Builder prometheusBasicAuth(String user, SecretValue password) {
            this.prometheusUser = Text.trimToNull(user);
            this.prometheusPassword = password;
            return this;
        }

        public Builder database(String url, String user, SecretValue password) {
            this.databaseUrl = Text.trimToNull(url);
            this.databaseUser = Text.trimToNull(user);
            this.databasePassword = password;
            return this;
        }

        /** Sets the migration plan: a result map or report map of odooMigrateCheck, or its JSON text. */
        public Builder migrationPlan(Object value) {
            this.migrationPlan = value instanceof String text ? Text.trimToNull(text) : value;
            return this;
        }

        public Builder allowSchemaChanges(boolean value) {
            this.allowSchemaChanges = value;
            return this;
        }

        public Builder calendar(CalendarSource source) {
            calendars.add(source);
            return this;
        }

        public Builder calendars(List<CalendarSource> sources) {
            calendars.addAll(sources);
            return this;
        }

        public Builder environment(String value) {
            this.environment = Text.trimToNull(value);
            return this;
        }

        public Builder tenant(String value) {
            this.tenant = Text.trimToNull(value);
            return this;
        }

        public Builder onFreeze(String value) {
            this.onFreeze = Text.trimToNull(value);
            return this;
        }

        public Builder freezeMaxWait(String value) {
            this.freezeMaxWait = Text.trimToNull(value);
            return this;
        }

        public Builder failOn(String value) {
            this.failOn = Text.trimToNull(value);
            return this;
        }

        /**
         * Checks every value and the whole plan, and returns the request.
         *
         * @throws InvalidInputException listing every invalid or missing value with its parameter name or plan path
         */
        public CanaryRequest build() throws InvalidInputException {
            List<Problem> problems = new ArrayList<>();
            name(problems, "namespace", namespace, DNS_LABEL, "the namespace of the Odoo Deployment");
            name(problems, "deployment", deployment, DNS_LABEL, "the stable Odoo Deployment");
            name(problems, "service", service, DNS_LABEL, "the stable Service in front of it");
            String traefik = traefikService != null ? traefikService : service == null ? null : service + "-weighted";
            if (traefik != null && !DNS_SUBDOMAIN.matcher(traefik).matches()) {
                problems.add(Problem.of("traefikService", traefik, "invalid TraefikService name; expected lower-case letters, digits, '-' and '.'"));
            }
            if (deployment != null && deployment.length() > 56) {
                problems.add(Problem.of("deployment", deployment, "the name is too long to add '-canary' (at most 56 characters)"));
            }
            if (service != null && service.length() > 56) {
                problems.add(Problem.of("service", service, "the name is too long to add '-canary' (at most 56 characters)"));
            }
            if (image == null) {
                problems.add(Problem.of("image", null, "missing image; give the new image, best by digest: registry/odoo@sha256:..."));
            } else if (!IMAGE.matcher(image).matches()) {
                problems.add(Problem.of("image", image, "invalid image reference; expected REGISTRY/REPOSITORY:TAG or REPOSITORY@sha256:DIGEST"));
            }
            int replicas = parseInt(problems, "canaryReplicas", canaryReplicas, 1, 1, 50);
            if (stickyCookie == null || !COOKIE.matcher(stickyCookie).matches()) {
                problems.add(Problem.of("stickyCookie", stickyCookie, "expected a cookie name of letters, digits, '-' and '_'; "
                        + "Odoo's own session_id must keep its name, so pick another such as " + DEFAULT_STICKY_COOKIE));
            } else if (stickyCookie.equals("session_id")) {
                problems.add(Problem.of("stickyCookie", stickyCookie, "session_id is Odoo's session cookie; Traefik would overwrite it. "
                        + "Use another name such as " + DEFAULT_STICKY_COOKIE));
            }
            Duration ready = duration(problems, "readyTimeout", readyTimeout, DEFAULT_READY_TIMEOUT);
            Duration promote = duration(problems, "promoteTimeout", promoteTimeout, DEFAULT_PROMOTE_TIMEOUT);
            Duration maxWait = duration(problems, "freezeMaxWait", freezeMaxWait, DEFAULT_FREEZE_MAX_WAIT);
            OnFreeze parsedOnFreeze = keyword(problems, OnFreeze.class, onFreeze, OnFreeze.HOLD, "onFreeze");
            FailOn parsedFailOn = keyword(problems, FailOn.class, failOn, FailOn.ERROR, "failOn");
            if (manifests != null && manifests.isBlank()) {
                problems.add(Problem.of("manifests", "(empty)", "the manifests are empty; give the stable Deployment, Service and "
                        + "TraefikService as YAML documents"));
            } else if (kube == null && !(dryRun && manifests != null)) {
                problems.add(Problem.of("kubeconfig", null, "missing cluster credentials; give a kubeconfig or a token (a dry run "
                        + "can read manifests instead)"));
            }
            if (kube != null) {
                collect(problems, kube::validate);
            }
            if (prometheusUrl != null) {
                Problem problem = prometheusUrlProblem(prometheusUrl, "prometheusUrl");
                if (problem != null) {
                    problems.add(problem);
                }
            }
            if (prometheusToken != null && prometheusPassword != null) {
                problems.add(Problem.of("prometheusToken", null, "give either a bearer token or a user and password for Prometheus, not both"));
            }
            PgTarget target = null;
            if (databaseUrl != null) {
                target = collect(problems, () -> PgTarget.of(databaseUrl, databaseUser, databasePassword, "databaseUrl"));
            }
            MigrationPlanGate gate = migrationGate(problems);
            if (!calendars.isEmpty() && environment == null) {
                problems.add(Problem.of("environment", null, "missing environment for the freeze check, such as production"));
            }
            PlanDefaults defaults = planDefaults(problems, prometheusUrl != null, target != null);
            CanaryPlan plan = defaults == null ? null : collect(problems, () -> PlanParser.parse(planTree, defaults, planSource));
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            String id = runId != null ? runId : UUID.randomUUID().toString().substring(0, 8);
            return new CanaryRequest(namespace, deployment, service, image, traefik, servicePort, container, replicas, stickyCookie,
                    plan, id, dryRun, ready, promote, kube, manifests, prometheusUrl, prometheusToken, prometheusUser, prometheusPassword,
                    target, gate, allowSchemaChanges, calendars, environment, tenant, parsedOnFreeze, maxWait, parsedFailOn);
        }

        private MigrationPlanGate migrationGate(List<Problem> problems) {
            if (migrationPlan == null) {
                return null;
            }
            if (migrationPlan instanceof Map<?, ?> map) {
                return collect(problems, () -> MigrationPlanGate.fromMap(map, "migrationPlan"));
            }
            return collect(problems, () -> MigrationPlanGate.fromJson(migrationPlan.toString(), "migrationPlan"));
        }

        private PlanDefaults planDefaults(List<Problem> problems, boolean prometheus, boolean database) {
            int before = problems.size();
            List<Integer> weightList = CanaryPlan.DEFAULT_WEIGHTS;
            if (weights != null) {
                weightList = new ArrayList<>();
                for (String part : weights.split("[,\\s]+")) {
                    int weight = parseInt(problems, "weights", part, 0, 1, 100);
                    if (!weightList.isEmpty() && weight != 0 && weight < weightList.get(weightList.size() - 1)) {
                        problems.add(Problem.of("weights", weights, "the weights go down at " + weight + "; list them from the "
                                + "smallest canary share to the largest, such as 10,25,50,100"));
                    }
                    weightList.add(weight);
                }
            }
            Duration interval = duration(problems, "analysisInterval", analysisInterval, PlanDefaults.DEFAULT_INTERVAL);
            AnalysisRules.positive(problems, interval, "analysisInterval", "interval");
            int count = parseInt(problems, "analysisCount", analysisCount, PlanDefaults.DEFAULT_COUNT, 1, 1000);
            int failures = parseInt(problems, "failureLimit", failureLimit, PlanParser.below(PlanDefaults.DEFAULT_FAILURE_LIMIT, count), 0,
                    1000);
            int inconclusive = parseInt(problems, "inconclusiveLimit", inconclusiveLimit,
                    PlanParser.below(PlanDefaults.DEFAULT_INCONCLUSIVE_LIMIT, count), 0, 1000);
            if (problems.size() == before) {
                AnalysisRules.limits(problems, count, failures, "failureLimit", inconclusive, "inconclusiveLimit");
            }
            int requests = parseInt(problems, "minRequests", minRequests, (int) PlanDefaults.DEFAULT_MIN_REQUESTS, 0, Integer.MAX_VALUE);
            OnInconclusive policy = keyword(problems, OnInconclusive.class, onInconclusive, OnInconclusive.PAUSE, "onInconclusive");
            Map<MetricType, Double> parsedThresholds = new EnumMap<>(MetricType.class);
            thresholds.forEach((type, text) -> {
                try {
                    double value = Double.parseDouble(text);
                    AnalysisRules.threshold(problems, type, value, thresholdOption(type));
                    parsedThresholds.put(type, value);
                } catch (NumberFormatException e) {
                    problems.add(Problem.of(thresholdOption(type), text, "expected a number of 0 or more, in " + type.unit()));
                }
            });
            if (problems.size() > before) {
                return null;
            }
            return new PlanDefaults(weightList, interval, count, failures, inconclusive, requests, policy, parsedThresholds, prometheus,
                    database);
        }

        /** Returns what is wrong with a Prometheus base URL given as {@code name}, or {@code null} when it is valid. */
        private static Problem prometheusUrlProblem(String url, String name) {
            if (!url.matches("https?://\\S+")) {
                return Problem.of(name, url, "expected the Prometheus base URL, such as http://prometheus.monitoring:9090");
            }
            if (hasUserInfo(url)) {
                // The URL is a report parameter, so credentials in it would be written to every report.
                return Problem.of(name, "(a URL with user information)", "the URL contains credentials; pass them through the "
                        + "Prometheus credentials instead (prometheusCredentialsId, or ODOO_RELEASE_PROMETHEUS_TOKEN or "
                        + "ODOO_RELEASE_PROMETHEUS_PASSWORD for the CLI)");
            }
            return null;
        }

        /** Returns whether an http(s) URL has a user-information part, such as {@code user:secret@}, before its host. */
        private static boolean hasUserInfo(String url) {
            int start = url.indexOf("://") + 3;
            int end = start;
            while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
                end++;
            }
            return url.substring(start, end).contains("@");
        }

        /** Returns the parameter that sets a type's default threshold, for messages. */
        static String thresholdOption(MetricType type) {
            return switch (type) {
                case ERROR_RATE -> "maxErrorRate";
                case LATENCY -> "maxLatency";
                case QUEUE_BACKLOG -> "maxQueueGrowth";
                case FAILED_JOBS -> "maxFailedJobs";
                case POD_RESTARTS -> "maxRestarts";
                case HTTP -> "maxHealthSeconds";
                default -> type.keyword() + "Threshold";
            };
        }

        private static void name(List<Problem> problems, String parameter, String value, Pattern pattern, String what) {
            if (value == null) {
                problems.add(Problem.of(parameter, null, "missing " + parameter + "; name " + what));
            } else if (!pattern.matcher(value).matches()) {
                problems.add(Problem.of(parameter, value, "invalid name; Kubernetes names are lower-case letters, digits and '-'"));
            }
        }

        private static int parseInt(List<Problem> problems, String parameter, String value, int fallback, int min, int max) {
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < min || parsed > max) {
                    problems.add(Problem.of(parameter, value, "expected a whole number from " + min + " to " + max));
                    return fallback;
                }
                return parsed;
            } catch (NumberFormatException e) {
                problems.add(Problem.of(parameter, value, "expected a whole number from " + min + " to " + max));
                return fallback;
            }
        }

        private static Duration duration(List<Problem> problems, String parameter, String value, Duration fallback) {
            if (value == null) {
                return fallback;
            }
            Duration parsed = collect(problems, () -> Durations.parse(value, parameter));
            return parsed == null ? fallback : parsed;
        }

        private static <E extends Enum<E> & Keyword> E keyword(List<Problem> problems, Class<E> type, String value, E fallback,
                String parameter) {
            if (value == null) {
                return fallback;
            }
            E parsed = collect(problems, () -> Keyword.parse(type, value, parameter));
            return parsed == null ? fallback : parsed;
        }

        private interface Parse<T> {
            T get() throws InvalidInputException;
        }

        private static <T> T collect(List<Problem> problems, Parse<T> parse) {
            try {
                return parse.get();
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
                return null;
            }
        }
    }
}
