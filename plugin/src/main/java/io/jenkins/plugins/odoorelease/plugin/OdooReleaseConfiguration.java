package io.jenkins.plugins.odoorelease.plugin;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
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
 * What the platform team decides once for every job: the freeze calendars that always apply and the rules for
 * overrides. Configuration as code sees it as {@code unclassified: odooRelease:}.
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
    public FormValidation doCheckDefaultExpectedDuration(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.duration(value, "defaultExpectedDuration");
    }
}
