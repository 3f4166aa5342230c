package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** How a rollout ended, as the step returns it in {@code outcome}. */
public enum Outcome implements Keyword {
    /** The stable Deployment runs the new image and all traffic goes to it. */
    PROMOTED("promoted"),
    /** All traffic is back on the old stable pods and the canary is removed. */
    ROLLED_BACK("rolledBack"),
    /** The rollout stays at its current weight; a rerun continues it. Also the outcome of a dry run. */
    HELD("held");

    private final String keyword;

    Outcome(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
