package io.jenkins.plugins.odoorelease.plugin;

import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.CalendarParseResult;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.freeze.Calendars;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A platform freeze calendar kept in the global configuration: a name and the YAML or iCalendar text. */
public final class FreezeCalendarEntry extends AbstractDescribableImpl<FreezeCalendarEntry> {

    private final String name;
    private final String content;

    @DataBoundConstructor
    public FreezeCalendarEntry(String name, String content) {
        this.name = Util.fixEmptyAndTrim(name) == null ? "platform" : name.trim();
        this.content = content == null ? "" : content;
    }

    public String getName() {
        return name;
    }

    public String getContent() {
        return content;
    }

    /** Returns the calendar for the engine; its messages name it as {@code global configuration: <name>}. */
    CalendarSource toSource() {
        return CalendarSource.of("global configuration: " + name, content, CalendarOrigin.PLATFORM);
    }

    @Extension
    @Symbol("freezeCalendar")
    public static final class DescriptorImpl extends Descriptor<FreezeCalendarEntry> {

        @Override
        public String getDisplayName() {
            return Messages.FreezeCalendarEntry_DisplayName();
        }

        /** Parses the calendar as the guard will, so that a mistake shows before it is saved. */
        @POST
        public FormValidation doCheckContent(@QueryParameter String name, @QueryParameter String content) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (Util.fixEmptyAndTrim(content) == null) {
                return FormValidation.error("Paste the calendar's YAML or iCalendar text.");
            }
            CalendarParseResult result = Calendars.parse(new FreezeCalendarEntry(name, content).toSource());
            if (!result.problems().isEmpty()) {
                return FormValidation.error(result.problems().stream().map(Problem::describe).collect(Collectors.joining("\n")));
            }
            return FormValidation.ok(result.windows().size() + " windows.");
        }
    }
}
