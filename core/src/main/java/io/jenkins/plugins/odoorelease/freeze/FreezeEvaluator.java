package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Problem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a change may proceed at an instant. It reads no clock and no file, so every rule can be tested with
 * fixed instants. A window that cannot be expanded (too many occurrences, an instant out of range) is left out of
 * every decision and reported as a problem.
 */
final class FreezeEvaluator {

    /** How far ahead the evaluator looks for the end of a freeze before it gives up. */
    static final Duration SEARCH_LIMIT = Duration.ofDays(366);

    private final List<FreezeWindow> windows;
    private final FreezeRequest request;
    private final OverrideAuthorizer authorizer;
    private final Set<String> allWindowIds;
    private final Map<String, Problem> brokenWindows = new LinkedHashMap<>();
    private Instant overrideAnchor;

    FreezeEvaluator(List<FreezeWindow> windows, FreezeRequest request, OverrideAuthorizer authorizer) {
        this.windows = windows.stream()
                .filter(window -> window.scope().matches(request.environment(), request.tenant(), request.changeType()))
                .toList();
        this.request = request;
        this.authorizer = authorizer;
        this.allWindowIds = windows.stream().map(FreezeWindow::id).collect(Collectors.toSet());
    }

    /** Returns the windows that could not be expanded, as calendar problems. */
    List<Problem> windowProblems() {
        return new ArrayList<>(brokenWindows.values());
    }

    FreezeDecision decide(Instant at) {
        // An override given as a duration ("4h") counts from the first decision, so waiting does not extend it.
        if (overrideAnchor == null) {
            overrideAnchor = at;
        }
        Instant changeEnd = at.plus(request.expectedDuration());
        OverrideCheck overrideCheck = request.override() == null ? null
                : OverrideCheck.check(request, at, overrideAnchor, allWindowIds, authorizer);
        FreezeOverride override = overrideCheck != null && overrideCheck.accepted() ? overrideCheck.override() : null;

        List<FreezeDecision.Applied> applied = new ArrayList<>();
        // A change of no duration still occupies its start instant, so query at least one nanosecond.
        Instant queryEnd = changeEnd.isAfter(at) ? changeEnd : at.plusNanos(1);
        for (FreezeWindow.Occurrence occurrence : occurrences(at, queryEnd)) {
            if (!appliesToChange(occurrence.interval(), at, changeEnd)) {
                continue;
            }
            applied.add(new FreezeDecision.Applied(occurrence, effect(occurrence.window(), override),
                    occurrence.interval().contains(at)));
        }
        boolean frozen = applied.stream().anyMatch(a -> a.effect().freezes());
        boolean overridden = applied.stream().anyMatch(a -> a.effect() == FreezeDecision.Effect.OVERRIDDEN);
        FreezeWindow.Occurrence governing = applied.stream()
                .filter(a -> a.effect().freezes())
                .min(Comparator.comparing((FreezeDecision.Applied a) -> a.effect() == FreezeDecision.Effect.BLOCKS ? 0 : 1)
                        .thenComparing(a -> a.occurrence().interval().start()))
                .map(FreezeDecision.Applied::occurrence)
                .orElse(null);
        Instant endsAt = frozen ? clearStart(at, override) : null;

        Set<FreezeWindow.Occurrence> appliedOccurrences = new HashSet<>();
        applied.forEach(a -> appliedOccurrences.add(a.occurrence()));
        List<FreezeWindow.Occurrence> ahead = occurrences(at, at.plus(request.horizon())).stream()
                .filter(o -> o.interval().start().isAfter(at) || appliedOccurrences.contains(o))
                .toList();
        FreezeWindow.Occurrence next = occurrences(at, at.plus(SEARCH_LIMIT)).stream()
                .filter(o -> o.window().severity().freezes())
                .filter(o -> o.interval().start().isAfter(at) && !appliedOccurrences.contains(o))
                .findFirst()
                .orElse(null);
        return new FreezeDecision(at, changeEnd, frozen, applied, governing, endsAt, next, ahead, overrideCheck, overridden);
    }

    /**
     * Returns whether an occurrence shares time with a change running from {@code start} to {@code end}. A change of
     * no duration is a single instant, which the half-open interval contains or not.
     */
    private static boolean appliesToChange(Interval interval, Instant start, Instant end) {
        return start.equals(end) ? interval.contains(start) : interval.overlaps(start, end);
    }

    private FreezeDecision.Effect effect(FreezeWindow window, FreezeOverride override) {
        return switch (window.severity()) {
            case BLOCK -> FreezeDecision.Effect.BLOCKS;
            case WARN -> FreezeDecision.Effect.WARNS;
            case APPROVAL -> override != null && override.covers(window) ? FreezeDecision.Effect.OVERRIDDEN
                    : FreezeDecision.Effect.NEEDS_APPROVAL;
        };
    }

    /**
     * Finds the earliest instant from {@code at} at which the whole change fits outside every freezing occurrence,
     * merging overlapping and adjacent windows on the way. The approval windows an accepted override covers do not
     * count; the guard checks the override again if it waits and decides anew.
     */
    private Instant clearStart(Instant at, FreezeOverride override) {
        Instant limit = at.plus(SEARCH_LIMIT);
        List<Interval> freezing = new ArrayList<>();
        for (FreezeWindow.Occurrence occurrence : occurrences(at, limit.plus(request.expectedDuration()))) {
            FreezeWindow window = occurrence.window();
            boolean lifted = window.severity() == WindowSeverity.APPROVAL && override != null && override.covers(window);
            if (window.severity().freezes() && !lifted) {
                freezing.add(occurrence.interval());
            }
        }
        // The list is in start order and the candidate only moves later, so one pass is enough: once an interval
        // starts after the change would end, every later one does too.
        Instant candidate = at;
        for (Interval interval : freezing) {
            if (!interval.end().isAfter(candidate)) {
                continue;
            }
            if (!appliesToChange(interval, candidate, candidate.plus(request.expectedDuration()))) {
                break;
            }
            candidate = interval.end();
            if (candidate.isAfter(limit)) {
                return null;
            }
        }
        return candidate;
    }

    private List<FreezeWindow.Occurrence> occurrences(Instant from, Instant to) {
        List<FreezeWindow.Occurrence> occurrences = new ArrayList<>();
        for (FreezeWindow window : windows) {
            if (brokenWindows.containsKey(window.id())) {
                continue;
            }
            try {
                for (Interval interval : window.timing().occurrences(from, to)) {
                    occurrences.add(window.at(interval));
                }
            } catch (OccurrenceLimitException | DateTimeException | ArithmeticException e) {
                brokenWindows.put(window.id(), new Problem(window.source(), window.location(), window.id(), e.getMessage()));
            }
        }
        occurrences.sort(Comparator.comparing((FreezeWindow.Occurrence o) -> o.interval().start())
                .thenComparing(o -> o.window().id()));
        return occurrences;
    }
}
