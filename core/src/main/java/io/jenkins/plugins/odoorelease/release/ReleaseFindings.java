package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/**
 * The finding codes of a whole release run ({@code odoo-release release} and the demo). The closing report uses all of
 * them. The report of a step that could not finish carries {@code RELEASE_STEP_FAULT} or
 * {@code RELEASE_STEP_INVALID_INPUT} with the cause.
 */
public enum ReleaseFindings implements FindingCode {
    RELEASE_STEP_FAILED("A step's verdict failed under its failOn policy, so the steps after it did not run."),
    RELEASE_STEP_FAULT("A step could not finish because a server, store, registry or cluster failed."),
    RELEASE_STEP_INVALID_INPUT("A step rejected a value that it could check only when it ran, such as a password that the server requires."),
    RELEASE_STEP_FINDINGS("A step finished with warnings or errors that its failOn policy lets pass."),
    RELEASE_STEP_SKIPPED("A step did not run because an earlier step failed."),
    RELEASE_STEP_NOT_CONFIGURED("The release configuration has no section for this step, so it did not run."),
    RELEASE_ABORTED("The release was stopped by request (Ctrl-C, SIGTERM or a build abort) before all its steps ran.");

    private final String summary;

    ReleaseFindings(String summary) {
        this.summary = summary;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String summary() {
        return summary;
    }
}
