package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** What the rollout does when an analysis is inconclusive. */
public enum OnInconclusive implements Keyword {
    /** Hold at the current weight with a warning; a rerun continues from that step. The default. */
    PAUSE("pause"),
    /** Hold at the current weight and fail the step, so that a person decides. */
    FAIL("fail"),
    /** Roll back as if the analysis had failed. */
    ROLLBACK("rollback");

    private final String keyword;

    OnInconclusive(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
