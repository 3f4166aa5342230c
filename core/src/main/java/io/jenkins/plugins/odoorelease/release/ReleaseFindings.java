package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/** The finding codes of a whole release run ({@code odoo-release release} and the demo). */
public enum ReleaseFindings implements FindingCode {
    RELEASE_STEP_FAILED("A step's verdict failed under its failOn policy, so the steps after it did not run."),
    RELEASE_STEP_FAULT("A step could not finish because a server, store or cluster failed."),
    RELEASE_STEP_SKIPPED("A step did not run because an earlier step failed."),
    RELEASE_STEP_NOT_CONFIGURED("The release configuration has no section for this step, so it did not run.");

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
