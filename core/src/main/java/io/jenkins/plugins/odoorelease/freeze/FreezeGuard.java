package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a change may proceed now, given the freeze calendars in force, the change's scope and its
 * expected duration, and waits for the freeze to end when asked to. The result is a report whose result map
 * contains {@code frozen}, {@code window}, {@code endsAt}, {@code nextWindow}, {@code nextStartsAt} and
 * {@code overridden}.
 */
public final class FreezeGuard {

    /** The Pipeline step name, also the report's step name. */
    public static final String STEP = "odooFreezeGuard";

    private final Clock clock;
    private final Sleeper sleeper;
    private final OverrideAuthorizer authorizer;

    public FreezeGuard(Clock clock, Sleeper sleeper, OverrideAuthorizer authorizer) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.authorizer = authorizer;
    }

    /**
     * Runs the guard.
     *
     * @throws InterruptedException when the build is aborted while the guard waits
     */
    public StepReport run(FreezeRequest request, EventSink events) throws InterruptedException {
        Instant startedAt = clock.instant();
        CalendarParseResult calendars = Calendars.load(request.calendars());
        events.info("Read " + Text.count(calendars.windows().size(), "freeze window", "freeze windows") + " from "
                + Text.count(request.calendars().size(), "calendar", "calendars") + ".");

        FreezeEvaluator evaluator = new FreezeEvaluator(calendars.windows(), request, authorizer);
        boolean simulated = request.at() != null;
        Instant at = simulated ? request.at() : startedAt;
        FreezeDecision decision = evaluator.decide(at);
        Duration waited = Duration.ZERO;
        while (decision.frozen() && request.onFreeze() == OnFreeze.WAIT) {
            Duration remaining = request.maxWait().minus(waited);
            if (decision.endsAt() == null || Duration.between(at, decision.endsAt()).compareTo(remaining) > 0) {
                break;
            }
            Duration wait = Duration.between(at, decision.endsAt());
            events.info("Frozen by " + decision.governing().window().id() + "; waiting " + Durations.format(wait)
                    + ", resuming at " + decision.endsAt() + ".");
            if (simulated) {
                at = decision.endsAt();
            } else {
                sleeper.sleep(wait);
                at = clock.instant();
            }
            waited = waited.plus(wait);
            decision = evaluator.decide(at);
        }
        logDecision(decision, events);
        List<Problem> problems = new ArrayList<>(calendars.problems());
        problems.addAll(evaluator.windowProblems());
        problems.forEach(problem -> events.error("Invalid calendar: " + problem.describe()));
        List<String> similar = similarEnvironments(calendars.windows(), request.environment());
        if (!similar.isEmpty()) {
            events.warning("No freeze window applies to the environment '" + request.environment() + "', but the calendars name "
                    + String.join(", ", similar) + ". Check its spelling.");
        }
        return new FreezeReport(request, calendars.windows().size(), problems, decision, waited, similar).build(startedAt, clock.instant());
    }

    /**
     * Returns the environments that the windows name and that look like {@code environment}, when no window applies to
     * it. A misspelt environment ({@code prodution}) or a short form ({@code prod}) is never frozen, so it is reported.
     * An unrelated one ({@code staging} beside {@code production}) is not, because most calendars freeze production
     * only.
     */
    static List<String> similarEnvironments(List<FreezeWindow> windows, String environment) {
        if (windows.stream().anyMatch(window -> window.scope().coversEnvironment(environment))) {
            return List.of();
        }
        String requested = environment.toLowerCase(Locale.ROOT);
        return windows.stream().flatMap(window -> window.scope().environments().stream())
                .filter(name -> !name.contains("*") && similar(requested, name.toLowerCase(Locale.ROOT))).distinct().sorted().toList();
    }

    /**
     * Returns whether the requested environment looks like a misspelling or a short form of a calendar's. A short form
     * is a prefix of the calendar's name ({@code prod} of {@code production}), never the other way round, because
     * {@code production-eu} beside {@code production} is usually an environment of its own. Names of three characters
     * or fewer are too short to judge by their spelling ({@code uk} and {@code us}).
     */
    private static boolean similar(String requested, String named) {
        if (requested.length() >= 3 && named.startsWith(requested)) {
            return true;
        }
        int shorter = Math.min(requested.length(), named.length());
        return shorter > 3 && editDistance(requested, named) <= Math.max(1, shorter / 4);
    }

    /**
     * Returns the optimal string alignment distance: the fewest insertions, deletions, substitutions and swaps of two
     * neighbouring characters that turn one string into the other, so that {@code prdo} is one edit from {@code prod}.
     */
    static int editDistance(String a, String b) {
        int[][] distance = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            distance[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            distance[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(distance[i - 1][j - 1] + cost, Math.min(distance[i - 1][j], distance[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, distance[i - 2][j - 2] + 1);
                }
                distance[i][j] = best;
            }
        }
        return distance[a.length()][b.length()];
    }

    private static void logDecision(FreezeDecision decision, EventSink events) {
        if (decision.frozen()) {
            FreezeWindow window = decision.governing().window();
            events.warning("Frozen by " + window.id() + " (" + window.name() + ", " + window.severity().keyword() + ")"
                    + (decision.endsAt() == null ? "; no end found within a year." : " until " + decision.endsAt() + "."));
        } else if (decision.overridden()) {
            events.info("Not frozen: the override of " + decision.overrideCheck().override().approver()
                    + " lifts the approval windows that apply.");
        } else {
            events.info("Not frozen" + (decision.next() == null ? "." : "; the next freeze, " + decision.next().window().id()
                    + ", starts at " + decision.next().interval().start() + "."));
        }
    }
}
