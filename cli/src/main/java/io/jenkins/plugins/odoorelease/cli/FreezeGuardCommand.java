package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.freeze.CalendarFiles;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.FreezeGuard;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odoo-release freeze-guard}: the {@code odooFreezeGuard} step from the command line. */
@Command(name = "freeze-guard",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Decides whether a change may proceed now, given the platform's and the repository's freeze calendars, "
                + "the change's scope and its expected duration. Exits 1 when the change is frozen.")
final class FreezeGuardCommand extends StepCommand {

    @Option(names = "--calendar", paramLabel = "FILE", description = "A repository calendar (YAML or .ics); repeatable. "
            + "The platform calendars of the configuration always apply as well.")
    List<Path> calendars = new ArrayList<>();

    @Option(names = "--environment", required = true, paramLabel = "NAME", description = "The environment the change goes to, such as production.")
    String environment;

    @Option(names = "--tenant", paramLabel = "NAME", description = "The tenant the change affects. Default: none, meaning every tenant.")
    String tenant;

    @Option(names = "--change-type", paramLabel = "TYPE", defaultValue = "application", description = "application (the default) or infrastructure.")
    String changeType;

    @Option(names = "--at", paramLabel = "INSTANT", description = "Decide for this ISO-8601 instant, such as 2027-11-26T09:00:00Z, "
            + "instead of now; a simulated decision never waits.")
    String at;

    @Option(names = "--expected-duration", paramLabel = "DURATION", description = "How long the change takes, such as 45m; "
            + "a window that starts before it ends freezes it. Default: freeze.expectedDuration of the configuration, else 30m.")
    String expectedDuration;

    @Option(names = "--on-freeze", paramLabel = "POLICY", defaultValue = "fail", description = "fail (the default), warn, or wait until the freeze ends.")
    String onFreeze;

    @Option(names = "--max-wait", paramLabel = "DURATION", description = "The longest --on-freeze wait may wait. Default: 4h.")
    String maxWait;

    @Option(names = "--horizon", paramLabel = "DURATION", description = "How far ahead the report lists windows. Default: 30d.")
    String horizon;

    @Option(names = "--override-reason", paramLabel = "TEXT", description = "Why the change cannot wait; required for an override.")
    String overrideReason;

    @Option(names = "--override-approver", paramLabel = "NAME", description = "Who authorised the override; must be listed in "
            + "freeze.overrideApprovers of the configuration.")
    String overrideApprover;

    @Option(names = "--override-expires", paramLabel = "WHEN", description = "When the override ends: an ISO-8601 instant or a "
            + "duration from now, such as 4h.")
    String overrideExpires;

    @Option(names = "--override-ticket", paramLabel = "ID", description = "A change or incident reference for the audit trail.")
    String overrideTicket;

    @Option(names = "--override-window", paramLabel = "ID", description = "A window the override covers; repeatable. "
            + "Default: every approval window that applies.")
    List<String> overrideWindows = new ArrayList<>();

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks for the change, for the four-eyes rule. "
            + "Default: the CI user from GITLAB_USER_LOGIN, GITHUB_ACTOR or BUILD_USER_ID.")
    String requestedBy;

    @Override
    StepReport run(EventSink events) throws InvalidInputException, InterruptedException {
        PlatformConfig config = parent.platformConfig();
        PlatformConfig.FreezeSettings settings = config.freeze();
        FreezeRequest.Builder request = FreezeRequest.builder()
                .environment(environment)
                .tenant(tenant)
                .changeType(changeType)
                .at(at)
                .expectedDuration(expectedDuration != null ? expectedDuration : settings.expectedDuration())
                .onFreeze(onFreeze)
                .maxWait(maxWait)
                .horizon(horizon)
                .requester(requestedBy != null ? requestedBy : parent.ciEnvironment().requester())
                .overridePolicy(settings.overridePolicy())
                .failOn(failOn)
                .override(new FreezeRequest.OverrideInput(overrideReason, overrideApprover, overrideExpires, overrideTicket,
                        overrideWindows));
        for (Path platformCalendar : settings.calendars()) {
            request.calendar(CalendarFiles.read(platformCalendar, CalendarOrigin.PLATFORM, "freeze.calendars"));
        }
        for (Path calendar : calendars) {
            request.calendar(CalendarFiles.read(calendar, CalendarOrigin.REPOSITORY, "--calendar"));
        }
        FreezeGuard guard = new FreezeGuard(Clock.systemUTC(), Sleeper.SYSTEM, OverrideAuthorizer.fromApprovers(settings.overrideApprovers()));
        return guard.run(request.build(), events);
    }

    @Override
    Map<String, String> renamedParameters() {
        return Map.of("calendars", "--calendar", "overrideWindows", "--override-window");
    }
}
