package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.report.StepReport;

/**
 * The outcome of one step in a release.
 *
 * @param name the step's name in the release, such as {@code backup} or {@code freeze guard before the canary}
 * @param state how it ended
 * @param report the step's report, or {@code null} when the step did not run
 */
record StepRun(String name, State state, StepReport report) {

    /** The ways a step can end, for the release's summary and its exit code. */
    enum State {
        /** The step ran, and its verdict does not fail under its failOn policy. */
        FINISHED,
        /** The step ran, and its verdict fails under its failOn policy. */
        FAILED,
        /** The step rejected a value that it could check only while it ran, such as a password that the server requires. */
        INVALID_INPUT,
        /** A server, store, registry or cluster failed, so the step could not finish. */
        FAULT,
        /** The run was stopped by request while the step ran, and the step stopped part-way. */
        STOPPED,
        /** The step did not run, because an earlier step stopped the release or the run was aborted. */
        SKIPPED
    }

    static StepRun skipped(String name) {
        return new StepRun(name, State.SKIPPED, null);
    }

    /** Returns whether this step stops the steps after it. */
    boolean stops() {
        return state == State.FAILED || state == State.INVALID_INPUT || state == State.FAULT;
    }

    /** Returns the failure this step gives the whole release. */
    ReleaseRunner.Failure failure() {
        return switch (state) {
            case FAILED -> ReleaseRunner.Failure.VERDICT;
            case INVALID_INPUT -> ReleaseRunner.Failure.INVALID_INPUT;
            case FAULT -> ReleaseRunner.Failure.FAULT;
            case STOPPED -> ReleaseRunner.Failure.ABORTED;
            case FINISHED, SKIPPED -> ReleaseRunner.Failure.NONE;
        };
    }

    /** Describes the state for the summary's table of steps, such as {@code WARN} or {@code FAIL, stops the release}. */
    String describe() {
        return switch (state) {
            case FINISHED -> report.verdict().name();
            case FAILED -> report.verdict() + ", stops the release";
            case INVALID_INPUT -> "rejected a value, stops the release";
            case FAULT -> "could not finish, stops the release";
            case STOPPED -> "stopped by request";
            case SKIPPED -> "skipped";
        };
    }

    /** Describes why this step stopped the release, such as {@code the backup could not finish}. */
    String stopReason() {
        return switch (state) {
            case FAILED -> "the " + name + " failed";
            case INVALID_INPUT -> "the " + name + " rejected a value";
            default -> "the " + name + " could not finish";
        };
    }
}
