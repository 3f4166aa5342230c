package io.jenkins.plugins.odoorelease.freeze;

import java.time.Instant;
import java.util.List;

/**
 * The guard's answer for one instant.
 *
 * @param at the instant decided for
 * @param changeEnd when the change is expected to finish
 * @param frozen whether the change must not proceed now
 * @param applied every window occurrence that shares time with the change, with what it does to it
 * @param governing the occurrence that freezes the change (block before approval, then the earliest), or {@code null}
 * @param endsAt the earliest instant at which a change of the expected duration fits outside every freezing
 *     window, or {@code null} when not frozen or when no such instant exists within a year
 * @param next the next freezing occurrence that starts after {@code at} and is not already applied, or {@code null}
 * @param ahead the occurrences of matching windows that start within the horizon, in start order
 * @param overrideCheck the override's check, or {@code null} when no override was given
 * @param overridden whether the override lifted at least one approval window
 */
public record FreezeDecision(
        Instant at,
        Instant changeEnd,
        boolean frozen,
        List<Applied> applied,
        FreezeWindow.Occurrence governing,
        Instant endsAt,
        FreezeWindow.Occurrence next,
        List<FreezeWindow.Occurrence> ahead,
        OverrideCheck overrideCheck,
        boolean overridden) {

    public FreezeDecision {
        applied = List.copyOf(applied);
        ahead = List.copyOf(ahead);
    }

    /** What a window occurrence does to the change. */
    public enum Effect {
        /** A block window: the change may not proceed. */
        BLOCKS,
        /** An approval window without a valid override covering it. */
        NEEDS_APPROVAL,
        /** An approval window lifted by the override. */
        OVERRIDDEN,
        /** A warn window: the change proceeds with a warning. */
        WARNS;

        public boolean freezes() {
            return this == BLOCKS || this == NEEDS_APPROVAL;
        }
    }

    /**
     * An occurrence that applies to the change.
     *
     * @param active whether it is in force at the decision instant; otherwise it starts while the change runs
     */
    public record Applied(FreezeWindow.Occurrence occurrence, Effect effect, boolean active) {
    }
}
