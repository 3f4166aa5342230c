package io.jenkins.plugins.odoorelease.plugin;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.odoorelease.canary.CanaryRequest;
import io.jenkins.plugins.odoorelease.canary.PlanDefaults;
import io.jenkins.plugins.odoorelease.canary.PlanParser;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import io.jenkins.plugins.odoorelease.image.ImagePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * What the platform team decides once for every job: the freeze calendars that always apply, the rules for
 * overrides, the registries base images may come from, the backups' recovery objectives, and the canary's
 * Prometheus server and default plan. In configuration as code it is {@code unclassified: odooRelease:}.
 */
@Extension
@Symbol("odooRelease")
public final class OdooReleaseConfiguration extends GlobalConfiguration {

    private static final Logger LOGGER = Logger.getLogger(OdooReleaseConfiguration.class.getName());

    private List<FreezeCalendarEntry> freezeCalendars = new ArrayList<>();
    private String overrideMaxValidity = "24h";
    private boolean overrideRequiresSecondPerson = true;
    private int overrideMinReasonLength = 10;
    private String defaultExpectedDuration = "30m";
    private String approvedRegistries = "";
    private boolean allowLocalBaseImages;
    private String canaryPrometheusUrl;
    private String canaryPlan;
    private String backupRpo = "26h";
    private String backupRto = "1h";

    public OdooReleaseConfiguration() {
        load();
    }

    public static OdooReleaseConfiguration get() {
        return ExtensionList.lookupSingleton(OdooReleaseConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return Messages.OdooReleaseConfiguration_DisplayName();
    }

    @Override
    public boolean configure(StaplerRequest2 request, JSONObject json) throws FormException {
        // A list whose last entry was deleted is missing from the form, so clear it before binding.
        freezeCalendars = new ArrayList<>();
        request.bindJSON(this, json);
        save();
        return true;
    }

    public List<FreezeCalendarEntry> getFreezeCalendars() {
        return freezeCalendars;
    }

    @DataBoundSetter
    public void setFreezeCalendars(List<FreezeCalendarEntry> freezeCalendars) {
        this.freezeCalendars = freezeCalendars == null ? new ArrayList<>() : new ArrayList<>(freezeCalendars);
        save();
    }

    public String getOverrideMaxValidity() {
        return overrideMaxValidity;
    }

    @DataBoundSetter
    public void setOverrideMaxValidity(String overrideMaxValidity) {
        this.overrideMaxValidity = Util.fixEmptyAndTrim(overrideMaxValidity) == null ? "24h" : overrideMaxValidity.trim();
        save();
    }

    public boolean isOverrideRequiresSecondPerson() {
        return overrideRequiresSecondPerson;
    }

    @DataBoundSetter
    public void setOverrideRequiresSecondPerson(boolean overrideRequiresSecondPerson) {
        this.overrideRequiresSecondPerson = overrideRequiresSecondPerson;
        save();
    }

    public int getOverrideMinReasonLength() {
        return overrideMinReasonLength;
    }

    @DataBoundSetter
    public void setOverrideMinReasonLength(int overrideMinReasonLength) {
        this.overrideMinReasonLength = Math.max(1, overrideMinReasonLength);
        save();
    }

    public String getDefaultExpectedDuration() {
        return defaultExpectedDuration;
    }

    @DataBoundSetter
    public void setDefaultExpectedDuration(String defaultExpectedDuration) {
        this.defaultExpectedDuration = Util.fixEmptyAndTrim(defaultExpectedDuration) == null ? "30m" : defaultExpectedDuration.trim();
        save();
    }

    /** Returns the approved base image registries, one per line, as the form and configuration as code hold them. */
    public String getApprovedRegistries() {
        return approvedRegistries;
    }

    /**
     * Sets the registries base images may come from: one per line (commas and spaces also separate), each a host with an
     * optional port and repository prefix, such as {@code registry.example.com/platform}.
     */
    @DataBoundSetter
    public void setApprovedRegistries(String approvedRegistries) {
        this.approvedRegistries = String.join("\n", registryList(approvedRegistries));
        save();
    }

    public boolean isAllowLocalBaseImages() {
        return allowLocalBaseImages;
    }

    @DataBoundSetter
    public void setAllowLocalBaseImages(boolean allowLocalBaseImages) {
        this.allowLocalBaseImages = allowLocalBaseImages;
        save();
    }

    /** Returns the Prometheus URL that {@code odooCanary} uses when the step gives none, or {@code null}. */
    public String getCanaryPrometheusUrl() {
        return canaryPrometheusUrl;
    }

    @DataBoundSetter
    public void setCanaryPrometheusUrl(String canaryPrometheusUrl) {
        this.canaryPrometheusUrl = Util.fixEmptyAndTrim(canaryPrometheusUrl);
        save();
    }

    /** Returns the rollout plan, as YAML, that {@code odooCanary} follows when the step gives none, or {@code null}. */
    public String getCanaryPlan() {
        return canaryPlan;
    }

    @DataBoundSetter
    public void setCanaryPlan(String canaryPlan) {
        this.canaryPlan = Util.fixEmptyAndTrim(canaryPlan);
        save();
    }

    /** Returns the recovery point objective that {@code odooBackupVerify} checks when the step gives none. */
    public String getBackupRpo() {
        return backupRpo;
    }

    @DataBoundSetter
    public void setBackupRpo(String backupRpo) {
        this.backupRpo = StepArguments.orDefault(backupRpo, "26h");
        save();
    }

    /** Returns the recovery time objective that {@code odooBackupVerify} checks when the step gives none. */
    public String getBackupRto() {
        return backupRto;
    }

    @DataBoundSetter
    public void setBackupRto(String backupRto) {
        this.backupRto = StepArguments.orDefault(backupRto, "1h");
        save();
    }

    /** Returns the base image policy for the engine. */
    ImagePolicy imagePolicy() {
        return new ImagePolicy(registryList(approvedRegistries), allowLocalBaseImages);
    }

    private static List<String> registryList(String text) {
        List<String> registries = new ArrayList<>();
        if (text != null) {
            for (String entry : text.split("[\\s,]+")) {
                if (!entry.isBlank()) {
                    registries.add(entry.trim());
                }
            }
        }
        return registries;
    }

    /** Returns the platform calendars for the engine. */
    List<CalendarSource> platformCalendars() {
        return freezeCalendars.stream().map(FreezeCalendarEntry::toSource).toList();
    }

    /** Returns the override rules; an invalid validity, which the form rejects, falls back to 24 hours. */
    FreezeRequest.OverridePolicy overridePolicy() {
        Duration maxValidity;
        try {
            maxValidity = Durations.parse(overrideMaxValidity, "overrideMaxValidity");
        } catch (InvalidInputException e) {
            LOGGER.log(Level.WARNING, "Invalid overrideMaxValidity in the Odoo Release configuration, using 24h: {0}", e.getMessage());
            maxValidity = Duration.ofHours(24);
        }
        return new FreezeRequest.OverridePolicy(maxValidity, overrideRequiresSecondPerson, overrideMinReasonLength);
    }

    @POST
    public FormValidation doCheckOverrideMaxValidity(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration(value, "overrideMaxValidity");
    }

    @POST
    public FormValidation doCheckApprovedRegistries(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        List<String> registries = registryList(value);
        if (registries.isEmpty()) {
            return FormValidation.warning("No registry is approved, so every odooBuildImage step fails until one is listed.");
        }
        for (String registry : registries) {
            String problem = ImagePolicy.entryProblem(registry);
            if (problem != null) {
                return FormValidation.error(registry + ": " + problem);
            }
        }
        return FormValidation.ok();
    }

    @POST
    public FormValidation doCheckCanaryPrometheusUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String url = Util.fixEmptyAndTrim(value);
        if (url == null) {
            return FormValidation.ok();
        }
        try {
            CanaryRequest.checkPrometheusUrl(url, "canaryPrometheusUrl");
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckCanaryPlan(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String plan = Util.fixEmptyAndTrim(value);
        if (plan == null) {
            return FormValidation.ok();
        }
        try {
            PlanParser.parse(PlanParser.readTree(plan, "canaryPlan"), PlanDefaults.standard(true, true), "canaryPlan");
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckBackupRpo(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration(value, "backupRpo");
    }

    @POST
    public FormValidation doCheckBackupRto(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration(value, "backupRto");
    }

    @POST
    public FormValidation doCheckDefaultExpectedDuration(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration(value, "defaultExpectedDuration");
    }
}
