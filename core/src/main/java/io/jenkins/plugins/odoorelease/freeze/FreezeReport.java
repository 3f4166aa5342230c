package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a freeze decision into the step's report: findings, the result map and the tables of windows. */
final class FreezeReport {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final int MAX_AHEAD_ROWS = 50;

    private final FreezeRequest request;
    private final int windowsRead;
    private final List<Problem> problems;
    private final FreezeDecision decision;
    private final Duration waited;
    private final List<String> namedEnvironments;

    /**
     * @param windowsRead how many windows the calendars held
     * @param problems the calendars' problems and the windows that could not be expanded
     * @param namedEnvironments environments that the windows name and that look like the change's environment, when no
     *     window applies to it. The list is empty when a window applies or no name looks alike.
     */
    FreezeReport(FreezeRequest request, int windowsRead, List<Problem> problems, FreezeDecision decision, Duration waited,
            List<String> namedEnvironments) {
        this.request = request;
        this.windowsRead = windowsRead;
        this.problems = List.copyOf(problems);
        this.decision = decision;
        this.waited = waited;
        this.namedEnvironments = List.copyOf(namedEnvironments);
    }

    StepReport build(Instant startedAt, Instant finishedAt) {
        StepReport.Builder report = StepReport.builder(FreezeGuard.STEP).startedAt(startedAt).finishedAt(finishedAt);
        parameters(report);
        findings(report);
        result(report);
        report.title(title());
        report.section(decisionSection());
        report.section(appliedSection());
        report.section(aheadSection());
        if (decision.overrideCheck() != null) {
            report.section(overrideSection(decision.overrideCheck()));
        }
        return report.build();
    }

    private void parameters(StepReport.Builder report) {
        report.parameter("environment", request.environment())
                .parameter("tenant", request.tenant())
                .parameter("changeType", request.changeType().keyword())
                .parameter("at", request.at() == null ? null : request.at().toString())
                .parameter("expectedDuration", Durations.formatCompact(request.expectedDuration()))
                .parameter("onFreeze", request.onFreeze().keyword())
                .parameter("maxWait", Durations.formatCompact(request.maxWait()))
                .parameter("calendars", request.calendars().stream().map(c -> c.name() + " (" + c.origin().keyword() + ")").toList())
                .parameter("requester", request.requester())
                .parameter("failOn", request.failOn().keyword());
    }

    private void findings(StepReport.Builder report) {
        for (Problem problem : problems) {
            report.finding(new Finding(FreezeFindings.FREEZE_CALENDAR_INVALID.code(), Severity.ERROR, problem.source(),
                    problem.describe() + ". " + consequence(problem), Map.of()));
        }
        if (request.calendars().isEmpty()) {
            report.finding(FreezeFindings.FREEZE_NO_CALENDARS, Severity.WARNING, null,
                    "No freeze calendar was given, so nothing can freeze this change; configure the platform calendars "
                            + "or pass a calendar file.");
        }
        if (!namedEnvironments.isEmpty()) {
            report.finding(FreezeFindings.FREEZE_ENVIRONMENT_UNKNOWN, Severity.WARNING, request.environment(),
                    "No window of the calendars applies to the "
                            + "environment '" + request.environment() + "', so none can freeze this change, but the windows name "
                            + String.join(", ", namedEnvironments) + ". Check the environment's spelling.");
        }
        Severity freezeSeverity = request.onFreeze() == OnFreeze.WARN ? Severity.WARNING : Severity.ERROR;
        OverrideCheck overrideCheck = decision.overrideCheck();
        for (FreezeDecision.Applied applied : decision.applied()) {
            FreezeWindow window = applied.occurrence().window();
            Interval interval = applied.occurrence().interval();
            String when = "from " + time(interval.start(), window.timing().zone()) + " until " + time(interval.end(), window.timing().zone());
            String what = describe(window) + (applied.active() ? " is in force " + when
                    : " starts at " + time(interval.start(), window.timing().zone()) + ", before the change is expected to finish at "
                            + time(decision.changeEnd(), window.timing().zone()) + " (in force " + when + ")");
            switch (applied.effect()) {
                case BLOCKS -> {
                    report.finding(applied.active() ? FreezeFindings.FREEZE_ACTIVE : FreezeFindings.FREEZE_STARTS_DURING_CHANGE,
                            freezeSeverity, window.id(), what + ". " + waitAdvice() + " A block window cannot be overridden.");
                    if (overrideCheck != null) {
                        report.finding(FreezeFindings.FREEZE_BLOCK_NOT_OVERRIDABLE, freezeSeverity, window.id(),
                                "The override does not apply to " + window.id() + " because its severity is block; only the "
                                        + "calendar's owners can change that.");
                    }
                }
                case NEEDS_APPROVAL -> report.finding(
                        applied.active() ? FreezeFindings.FREEZE_ACTIVE : FreezeFindings.FREEZE_STARTS_DURING_CHANGE,
                        freezeSeverity, window.id(), what + ". " + waitAdvice() + " " + approvalAdvice(overrideCheck));
                case OVERRIDDEN -> report.finding(FreezeFindings.FREEZE_OVERRIDDEN, Severity.INFO, window.id(),
                        what + ". Overridden by " + overrideCheck.override().approver() + " until " + overrideCheck.override().expiresAt()
                                + ": " + overrideCheck.override().reason());
                case WARNS -> report.finding(FreezeFindings.FREEZE_WARNING_WINDOW, Severity.WARNING, window.id(),
                        what + ". Its severity is warn, so the change may proceed; take extra care.");
            }
        }
        if (overrideCheck != null && !overrideCheck.accepted()) {
            Severity severity = decision.applied().stream().anyMatch(a -> a.effect() == FreezeDecision.Effect.NEEDS_APPROVAL)
                    ? freezeSeverity : Severity.WARNING;
            for (String rejection : overrideCheck.rejections()) {
                report.finding(FreezeFindings.FREEZE_OVERRIDE_REJECTED, severity, overrideCheck.input().approver(),
                        "Override rejected: " + rejection + ".");
            }
        }
        if (overrideCheck != null && overrideCheck.accepted() && overrideCheck.requesterUnknown() && decision.overridden()) {
            report.finding(FreezeFindings.FREEZE_FOUR_EYES_UNCHECKED, Severity.WARNING, overrideCheck.override().approver(),
                    "Nobody is known to have requested this change, so the rule that the approver is a second person "
                            + "could not be checked; pass the requester (requestedBy) or start the build as a user.");
        }
        if (!waited.isZero()) {
            report.finding(FreezeFindings.FREEZE_WAITED, Severity.INFO, null,
                    "Waited " + Durations.format(waited) + " for the freeze to end.");
        }
        if (decision.frozen() && request.onFreeze() == OnFreeze.WAIT) {
            String until = decision.endsAt() == null ? "the freeze does not end within a year"
                    : "the freeze ends at " + decision.endsAt();
            String waitedSoFar = waited.isZero() ? "The guard did not wait, because "
                    : "The guard stopped waiting after " + Durations.format(waited) + ", because ";
            report.finding(FreezeFindings.FREEZE_WAIT_TOO_LONG, Severity.ERROR, decision.governing().window().id(),
                    waitedSoFar + until + ", later than the maximum wait of " + Durations.format(request.maxWait())
                            + " allows; raise maxWait or plan the change for later.");
        }
    }

    /** Says what a problem costs: one window, or a whole calendar when its file could not be read at all. */
    private static String consequence(Problem problem) {
        if (problem.path() == null || problem.path().isEmpty() || problem.path().startsWith("line ")) {
            return "The whole calendar was left out, so none of its windows were checked; fix it and run again.";
        }
        return "That window was left out and the other windows were still checked; fix it so that it counts.";
    }

    /** Explains how an approval window can be lifted, naming what a given override covers when it misses this one. */
    private static String approvalAdvice(OverrideCheck overrideCheck) {
        if (overrideCheck != null && overrideCheck.accepted() && !overrideCheck.override().windows().isEmpty()) {
            return "This is an approval window, and the override covers only " + String.join(", ", overrideCheck.override().windows())
                    + "; add this window to the override's windows to let the change proceed.";
        }
        return "This is an approval window: an authorised override lets the change proceed.";
    }

    private String waitAdvice() {
        return decision.endsAt() == null ? "No time within a year leaves room for the change."
                : "The change can start at " + decision.endsAt() + " at the earliest.";
    }

    private void result(StepReport.Builder report) {
        FreezeWindow.Occurrence governing = decision.governing();
        report.result("frozen", decision.frozen())
                .result("window", governing == null ? null : governing.window().id())
                .result("endsAt", decision.endsAt() == null ? null : decision.endsAt().toString())
                .result("nextWindow", decision.next() == null ? null : decision.next().window().id())
                .result("nextStartsAt", decision.next() == null ? null : decision.next().interval().start().toString())
                .result("overridden", decision.overridden())
                .result("windows", decision.applied().stream().map(a -> a.occurrence().window().id()).distinct().toList())
                .result("decidedAt", decision.at().toString())
                .result("waitedSeconds", waited.getSeconds());
    }

    private String title() {
        String prefix = problems.isEmpty() ? "" : "Calendar invalid; ";
        return prefix + decisionTitle();
    }

    private String decisionTitle() {
        if (decision.frozen()) {
            FreezeWindow window = decision.governing().window();
            return "Frozen by " + window.id() + " (" + window.severity().keyword() + ")"
                    + (decision.endsAt() == null ? "" : " until " + decision.endsAt());
        }
        String next = decision.next() == null ? "" : "; next freeze " + decision.next().window().id() + " at "
                + decision.next().interval().start();
        if (decision.overridden()) {
            return "Not frozen: overridden by " + decision.overrideCheck().override().approver() + next;
        }
        return "Not frozen" + next;
    }

    private Section decisionSection() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("Change", request.changeType().keyword() + " change to " + request.environment()
                + (request.tenant() == null ? " (all tenants)" : " for tenant " + request.tenant()));
        entries.put("Decided for", decision.at().toString());
        entries.put("Expected end", decision.changeEnd() + " (" + Durations.format(request.expectedDuration()) + ")");
        entries.put("Frozen", decision.frozen() ? "yes" : "no");
        if (decision.governing() != null) {
            entries.put("Frozen by", describe(decision.governing().window()));
        }
        if (decision.endsAt() != null) {
            entries.put("Earliest start", decision.endsAt().toString());
        }
        if (decision.next() != null) {
            FreezeWindow next = decision.next().window();
            entries.put("Next freeze", next.id() + " at " + time(decision.next().interval().start(), next.timing().zone()));
        }
        entries.put("Windows read", String.valueOf(windowsRead));
        return new Section.KeyValues("Decision", entries);
    }

    private Section appliedSection() {
        List<List<String>> rows = new ArrayList<>();
        for (FreezeDecision.Applied applied : decision.applied()) {
            rows.add(row(applied.occurrence(), applied.effect().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (applied.active() ? "" : " (starts during the change)")));
        }
        return new Section.Table("Windows that apply", List.of("window", "name", "category", "severity", "effect", "starts",
                "ends", "calendar"), rows);
    }

    private Section aheadSection() {
        List<List<String>> rows = new ArrayList<>();
        for (FreezeWindow.Occurrence occurrence : decision.ahead()) {
            if (rows.size() == MAX_AHEAD_ROWS) {
                break;
            }
            rows.add(row(occurrence, occurrence.interval().contains(decision.at()) ? "in force" : "ahead"));
        }
        String title = "Windows in the next " + Durations.format(request.horizon());
        if (decision.ahead().size() > MAX_AHEAD_ROWS) {
            title += " (the first " + MAX_AHEAD_ROWS + " of " + decision.ahead().size() + ")";
        }
        return new Section.Table(title, List.of("window", "name", "category", "severity", "state", "starts", "ends", "calendar"), rows);
    }

    private static List<String> row(FreezeWindow.Occurrence occurrence, String effect) {
        FreezeWindow window = occurrence.window();
        ZoneId zone = window.timing().zone();
        return List.of(window.id(), window.name(), window.category(), window.severity().keyword(), effect,
                time(occurrence.interval().start(), zone), time(occurrence.interval().end(), zone),
                window.source() + " (" + window.origin().keyword() + ")");
    }

    private static Section overrideSection(OverrideCheck check) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("Status", check.accepted() ? "accepted" : "rejected");
        entries.put("Approver", nullToDash(check.input().approver()));
        entries.put("Reason", nullToDash(check.input().reason()));
        entries.put("Ticket", nullToDash(check.input().ticket()));
        entries.put("Expires", check.override() == null ? nullToDash(check.input().expires()) : check.override().expiresAt().toString());
        entries.put("Windows", check.input().windows().isEmpty() ? "every approval window that applies"
                : String.join(", ", check.input().windows()));
        if (!check.accepted()) {
            entries.put("Rejected because", String.join("; ", check.rejections()));
        }
        return new Section.KeyValues("Override", entries);
    }

    private static String describe(FreezeWindow window) {
        return window.id() + " (" + window.name() + ", " + window.category() + ", " + window.severity().keyword() + ")";
    }

    /** Formats an instant on the window's wall clock and in UTC, for example {@code 2027-11-26 00:00 Europe/Amsterdam (2027-11-25 23:00 UTC)}. */
    static String time(Instant instant, ZoneId zone) {
        String utc = LOCAL.format(instant.atZone(ZoneOffset.UTC)) + " UTC";
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return utc;
        }
        return LOCAL.format(instant.atZone(zone)) + " " + zone.getId() + " (" + utc + ")";
    }

    private static String nullToDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
