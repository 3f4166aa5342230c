package io.jenkins.plugins.odoorelease.plugin;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
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
import io.jenkins.plugins.odoorelease.canary.CanaryRequest;
import io.jenkins.plugins.odoorelease.canary.MetricType;
import io.jenkins.plugins.odoorelease.canary.OnFreeze;
import io.jenkins.plugins.odoorelease.canary.OnInconclusive;
import io.jenkins.plugins.odoorelease.canary.PlanParser;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.kube.KubeAccess;
import io.jenkins.plugins.odoorelease.report.FailOn;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooCanary}: rolls a new image out to a share of the traffic through a weighted Traefik service, analyses it
 * and promotes or rolls it back. The step is durable: after a controller restart it continues the rollout from the
 * state kept on the cluster, and stopping the build rolls the canary back. The step object travels with the Pipeline
 * program, so it holds only credential ids, never a secret.
 */
public final class CanaryStep extends Step implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final String deployment;
    private final String service;
    private final String image;
    private String traefikService;
    private String servicePort;
    private String container;
    private String canaryReplicas;
    private String stickyCookie;
    private String plan;
    private String weights;
    private String analysisInterval;
    private String analysisCount;
    private String failureLimit;
    private String inconclusiveLimit;
    private String minRequests;
    private String onInconclusive = OnInconclusive.PAUSE.keyword();
    private String maxErrorRate;
    private String maxLatency;
    private String maxQueueGrowth;
    private String maxFailedJobs;
    private String maxRestarts;
    private String maxHealthSeconds;
    private boolean dryRun;
    private String readyTimeout;
    private String promoteTimeout;
    private String kubeconfigCredentialsId;
    private String context;
    private String tokenCredentialsId;
    private String apiUrl;
    private String caCertificate;
    private String prometheusUrl;
    private String prometheusCredentialsId;
    private String databaseUrl;
    private String databaseCredentialsId;
    private LinkedHashMap<String, Object> migrationPlan;
    private String migrationPlanJson;
    private boolean allowSchemaChanges;
    private List<String> calendars = new ArrayList<>();
    private String environment;
    private String tenant;
    private String onFreeze = OnFreeze.HOLD.keyword();
    private String freezeMaxWait;
    private String failOn = FailOn.ERROR.keyword();

    @DataBoundConstructor
    public CanaryStep(String namespace, String deployment, String service, String image) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
        this.deployment = Util.fixEmptyAndTrim(deployment);
        this.service = Util.fixEmptyAndTrim(service);
        this.image = Util.fixEmptyAndTrim(image);
    }

    public String getNamespace() {
        return namespace;
    }

    public String getDeployment() {
        return deployment;
    }

    public String getService() {
        return service;
    }

    public String getImage() {
        return image;
    }

    public String getTraefikService() {
        return traefikService;
    }

    @DataBoundSetter
    public void setTraefikService(String traefikService) {
        this.traefikService = Util.fixEmptyAndTrim(traefikService);
    }

    public String getServicePort() {
        return servicePort;
    }

    @DataBoundSetter
    public void setServicePort(String servicePort) {
        this.servicePort = Util.fixEmptyAndTrim(servicePort);
    }

    public String getContainer() {
        return container;
    }

    @DataBoundSetter
    public void setContainer(String container) {
        this.container = Util.fixEmptyAndTrim(container);
    }

    public String getCanaryReplicas() {
        return canaryReplicas;
    }

    @DataBoundSetter
    public void setCanaryReplicas(String canaryReplicas) {
        this.canaryReplicas = Util.fixEmptyAndTrim(canaryReplicas);
    }

    public String getStickyCookie() {
        return stickyCookie;
    }

    @DataBoundSetter
    public void setStickyCookie(String stickyCookie) {
        this.stickyCookie = Util.fixEmptyAndTrim(stickyCookie);
    }

    public String getPlan() {
        return plan;
    }

    /** Sets the plan as YAML or JSON text, for example {@code readFile('canary.yaml')}. */
    @DataBoundSetter
    public void setPlan(String plan) {
        this.plan = Util.fixEmptyAndTrim(plan);
    }

    public String getWeights() {
        return weights;
    }

    @DataBoundSetter
    public void setWeights(String weights) {
        this.weights = Util.fixEmptyAndTrim(weights);
    }

    public String getAnalysisInterval() {
        return analysisInterval;
    }

    @DataBoundSetter
    public void setAnalysisInterval(String analysisInterval) {
        this.analysisInterval = Util.fixEmptyAndTrim(analysisInterval);
    }

    public String getAnalysisCount() {
        return analysisCount;
    }

    @DataBoundSetter
    public void setAnalysisCount(String analysisCount) {
        this.analysisCount = Util.fixEmptyAndTrim(analysisCount);
    }

    public String getFailureLimit() {
        return failureLimit;
    }

    @DataBoundSetter
    public void setFailureLimit(String failureLimit) {
        this.failureLimit = Util.fixEmptyAndTrim(failureLimit);
    }

    public String getInconclusiveLimit() {
        return inconclusiveLimit;
    }

    @DataBoundSetter
    public void setInconclusiveLimit(String inconclusiveLimit) {
        this.inconclusiveLimit = Util.fixEmptyAndTrim(inconclusiveLimit);
    }

    public String getMinRequests() {
        return minRequests;
    }

    @DataBoundSetter
    public void setMinRequests(String minRequests) {
        this.minRequests = Util.fixEmptyAndTrim(minRequests);
    }

    public String getOnInconclusive() {
        return onInconclusive;
    }

    @DataBoundSetter
    public void setOnInconclusive(String onInconclusive) {
        String trimmed = Util.fixEmptyAndTrim(onInconclusive);
        this.onInconclusive = trimmed == null ? OnInconclusive.PAUSE.keyword() : trimmed;
    }

    public String getMaxErrorRate() {
        return maxErrorRate;
    }

    @DataBoundSetter
    public void setMaxErrorRate(String maxErrorRate) {
        this.maxErrorRate = Util.fixEmptyAndTrim(maxErrorRate);
    }

    public String getMaxLatency() {
        return maxLatency;
    }

    @DataBoundSetter
    public void setMaxLatency(String maxLatency) {
        this.maxLatency = Util.fixEmptyAndTrim(maxLatency);
    }

    public String getMaxQueueGrowth() {
        return maxQueueGrowth;
    }

    @DataBoundSetter
    public void setMaxQueueGrowth(String maxQueueGrowth) {
        this.maxQueueGrowth = Util.fixEmptyAndTrim(maxQueueGrowth);
    }

    public String getMaxFailedJobs() {
        return maxFailedJobs;
    }

    @DataBoundSetter
    public void setMaxFailedJobs(String maxFailedJobs) {
        this.maxFailedJobs = Util.fixEmptyAndTrim(maxFailedJobs);
    }

    public String getMaxRestarts() {
        return maxRestarts;
    }

    @DataBoundSetter
    public void setMaxRestarts(String maxRestarts) {
        this.maxRestarts = Util.fixEmptyAndTrim(maxRestarts);
    }

    public String getMaxHealthSeconds() {
        return maxHealthSeconds;
    }

    @DataBoundSetter
    public void setMaxHealthSeconds(String maxHealthSeconds) {
        this.maxHealthSeconds = Util.fixEmptyAndTrim(maxHealthSeconds);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getReadyTimeout() {
        return readyTimeout;
    }

    @DataBoundSetter
    public void setReadyTimeout(String readyTimeout) {
        this.readyTimeout = Util.fixEmptyAndTrim(readyTimeout);
    }

    public String getPromoteTimeout() {
        return promoteTimeout;
    }

    @DataBoundSetter
    public void setPromoteTimeout(String promoteTimeout) {
        this.promoteTimeout = Util.fixEmptyAndTrim(promoteTimeout);
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = Util.fixEmptyAndTrim(kubeconfigCredentialsId);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = Util.fixEmptyAndTrim(context);
    }

    public String getTokenCredentialsId() {
        return tokenCredentialsId;
    }

    @DataBoundSetter
    public void setTokenCredentialsId(String tokenCredentialsId) {
        this.tokenCredentialsId = Util.fixEmptyAndTrim(tokenCredentialsId);
    }

    public String getApiUrl() {
        return apiUrl;
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = Util.fixEmptyAndTrim(apiUrl);
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = Util.fixEmptyAndTrim(caCertificate);
    }

    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
    }

    public String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = Util.fixEmptyAndTrim(prometheusCredentialsId);
    }

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    @DataBoundSetter
    public void setDatabaseUrl(String databaseUrl) {
        this.databaseUrl = Util.fixEmptyAndTrim(databaseUrl);
    }

    public String getDatabaseCredentialsId() {
        return databaseCredentialsId;
    }

    @DataBoundSetter
    public void setDatabaseCredentialsId(String databaseCredentialsId) {
        this.databaseCredentialsId = Util.fixEmptyAndTrim(databaseCredentialsId);
    }

    public Map<String, Object> getMigrationPlan() {
        return migrationPlan;
    }

    /** Sets the map that {@code odooMigrateCheck} returned, or its report read with {@code readJSON}. */
    @DataBoundSetter
    public void setMigrationPlan(Map<String, Object> migrationPlan) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = migrationPlan == null ? null : (Map<String, Object>) StepRuns.plain(migrationPlan);
        this.migrationPlan = copy == null || copy.isEmpty() ? null : new LinkedHashMap<>(copy);
    }

    public String getMigrationPlanJson() {
        return migrationPlanJson;
    }

    /** Sets the JSON text of an {@code odooMigrateCheck} report, such as {@code readFile('migrate-check.json')}. */
    @DataBoundSetter
    public void setMigrationPlanJson(String migrationPlanJson) {
        this.migrationPlanJson = Util.fixEmptyAndTrim(migrationPlanJson);
    }

    public boolean isAllowSchemaChanges() {
        return allowSchemaChanges;
    }

    @DataBoundSetter
    public void setAllowSchemaChanges(boolean allowSchemaChanges) {
        this.allowSchemaChanges = allowSchemaChanges;
    }

    public List<String> getCalendars() {
        return calendars;
    }

    @DataBoundSetter
    public void setCalendars(List<String> calendars) {
        List<String> kept = new ArrayList<>();
        if (calendars != null) {
            for (String path : calendars) {
                String trimmed = Util.fixEmptyAndTrim(path);
                if (trimmed != null) {
                    kept.add(trimmed);
                }
            }
        }
        this.calendars = kept;
    }

    public String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getTenant() {
        return tenant;
    }

    @DataBoundSetter
    public void setTenant(String tenant) {
        this.tenant = Util.fixEmptyAndTrim(tenant);
    }

    public String getOnFreeze() {
        return onFreeze;
    }

    @DataBoundSetter
    public void setOnFreeze(String onFreeze) {
        String trimmed = Util.fixEmptyAndTrim(onFreeze);
        this.onFreeze = trimmed == null ? OnFreeze.HOLD.keyword() : trimmed;
    }

    public String getFreezeMaxWait() {
        return freezeMaxWait;
    }

    @DataBoundSetter
    public void setFreezeMaxWait(String freezeMaxWait) {
        this.freezeMaxWait = Util.fixEmptyAndTrim(freezeMaxWait);
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
    public StepExecution start(StepContext context) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        org.jenkinsci.plugins.workflow.graph.FlowNode node = context.get(org.jenkinsci.plugins.workflow.graph.FlowNode.class);
        String runId = run.getExternalizableId() + "/" + (node == null ? "0" : node.getId());
        return new CanaryStepExecution(this, context, runId);
    }

    /**
     * Reads the repository's calendars from the workspace. The execution calls it on its own thread, because reading
     * an agent's files is a remote call that must not block the Pipeline's thread. The execution keeps the text, so a
     * build resumed after a restart still has it while the agent is not back yet.
     */
    LinkedHashMap<String, String> readRepositoryCalendars(FilePath workspace) throws IOException, InterruptedException {
        LinkedHashMap<String, String> texts = new LinkedHashMap<>();
        if (calendars.isEmpty()) {
            return texts;
        }
        if (workspace == null) {
            throw new AbortException(DescriptorImpl.FUNCTION_NAME + ": calendars are read from the workspace; call the step inside "
                    + "node { } or leave out 'calendars' to use only the platform's");
        }
        for (String path : calendars) {
            FilePath file = workspace.child(path);
            if (!file.exists() || file.isDirectory()) {
                throw new AbortException(DescriptorImpl.FUNCTION_NAME + ": calendars: '" + path + "' is not a file in the workspace");
            }
            texts.put(path, file.readToString());
        }
        return texts;
    }

    /** Resolves the credentials and builds the engine's request; called again after a restart. */
    CanaryRequest request(Run<?, ?> run, String runId, Map<String, String> repositoryCalendars) throws IOException, InvalidInputException {
        OdooReleaseConfiguration platform = OdooReleaseConfiguration.get();
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
                .kube(kubeAccess(run))
                .prometheusUrl(prometheusUrl != null ? prometheusUrl : platform.getCanaryPrometheusUrl())
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
            request.plan(PlanParser.readTree(plan, "plan"), "plan");
        } else if (platform.getCanaryPlan() != null) {
            String source = "canaryPlan of the global Odoo Release configuration";
            request.plan(PlanParser.readTree(platform.getCanaryPlan(), source), source);
        }
        if (migrationPlan != null && migrationPlanJson != null) {
            throw InvalidInputException.forValue("migrationPlanJson", null, "give either migrationPlan or migrationPlanJson, not both");
        }
        request.migrationPlan(migrationPlan != null ? migrationPlan : migrationPlanJson);
        prometheusCredentials(run, request);
        if (databaseCredentialsId != null) {
            Credentials.UsernamePassword database = Credentials.usernamePassword(run, databaseCredentialsId, "databaseCredentialsId");
            request.database(databaseUrl, database.username(), database.password());
        } else {
            request.database(databaseUrl, null, null);
        }
        request.calendars(platform.platformCalendars());
        repositoryCalendars.forEach((name, content) -> request.calendar(CalendarSource.of(name, content, CalendarOrigin.REPOSITORY)));
        return request.build();
    }

    private KubeAccess kubeAccess(Run<?, ?> run) throws IOException {
        if (kubeconfigCredentialsId != null && tokenCredentialsId != null) {
            throw new AbortException(DescriptorImpl.FUNCTION_NAME + ": give either kubeconfigCredentialsId or tokenCredentialsId, not both");
        }
        if (kubeconfigCredentialsId != null) {
            return KubeAccess.ofKubeconfig(Credentials.secretFile(run, kubeconfigCredentialsId, "kubeconfigCredentialsId"), context);
        }
        if (tokenCredentialsId != null) {
            return KubeAccess.ofToken(Credentials.secretText(run, tokenCredentialsId, "tokenCredentialsId"), apiUrl, caCertificate);
        }
        return null;
    }

    /** Accepts a Secret text credential as a bearer token, or a Username with password credential for basic authentication. */
    private void prometheusCredentials(Run<?, ?> run, CanaryRequest.Builder request) throws AbortException {
        if (prometheusCredentialsId == null) {
            return;
        }
        StandardCredentials found = Credentials.find(run, prometheusCredentialsId, "prometheusCredentialsId", StandardCredentials.class,
                "Secret text or Username with password");
        if (found instanceof StringCredentials token) {
            request.prometheusToken(SecretValue.of(token.getSecret().getPlainText()));
        } else if (found instanceof StandardUsernamePasswordCredentials user) {
            request.prometheusBasicAuth(user.getUsername(), SecretValue.of(user.getPassword().getPlainText()));
        } else {
            throw new AbortException("prometheusCredentialsId: the credentials '" + prometheusCredentialsId + "' are of the kind "
                    + found.getDescriptor().getDisplayName() + ", but this parameter needs 'Secret text' or 'Username with password'");
        }
    }

    @Extension
    @Symbol("odooCanary")
    public static final class DescriptorImpl extends StepDescriptor {

        static final String FUNCTION_NAME = "odooCanary";

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** Labels the step in the Pipeline Graph View, for example {@code shop/odoo -> registry/odoo:17.0 (dry run)}. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object namespace = namedArgs.get("namespace");
            Object deployment = namedArgs.get("deployment");
            Object image = namedArgs.get("image");
            if (namespace == null || deployment == null || image == null) {
                return null;
            }
            return namespace + "/" + deployment + " -> " + image + (Boolean.TRUE.equals(namedArgs.get("dryRun")) ? " (dry run)" : "");
        }

        @POST
        public ListBoxModel doFillOnInconclusiveItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(OnInconclusive.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillOnFreezeItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(OnFreeze.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            return StepPermissions.canConfigure(item) ? FormChecks.keywords(FailOn.class) : new ListBoxModel();
        }

        @POST
        public ListBoxModel doFillKubeconfigCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String kubeconfigCredentialsId) {
            return StepPermissions.credentialItems(item, kubeconfigCredentialsId, FileCredentials.class);
        }

        @POST
        public ListBoxModel doFillTokenCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String tokenCredentialsId) {
            return StepPermissions.credentialItems(item, tokenCredentialsId, StringCredentials.class);
        }

        @POST
        public ListBoxModel doFillPrometheusCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String prometheusCredentialsId) {
            return StepPermissions.credentialItems(item, prometheusCredentialsId, StandardCredentials.class);
        }

        @POST
        public ListBoxModel doFillDatabaseCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String databaseCredentialsId) {
            return StepPermissions.usernamePasswordItems(item, databaseCredentialsId);
        }

        @POST
        public FormValidation doCheckDatabaseUrl(@AncestorInPath Item item, @QueryParameter String value) {
            if (!StepPermissions.canConfigure(item) || Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            return BackupSteps.checkJdbcUrl(value, "databaseUrl");
        }

        @POST
        public FormValidation doCheckReadyTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) && Util.fixEmptyAndTrim(value) != null
                    ? FormChecks.duration(value, "readyTimeout") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckPromoteTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepPermissions.canConfigure(item) && Util.fixEmptyAndTrim(value) != null
                    ? FormChecks.duration(value, "promoteTimeout") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckPlan(@AncestorInPath Item item, @QueryParameter String value) {
            if (!StepPermissions.canConfigure(item) || Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            try {
                PlanParser.readTree(value, "plan");
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
