package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** What the rollout does when a freeze window stops the next weight increase. */
public enum OnFreeze implements Keyword {
    /** Keep the current weight and end the run as held; a rerun after the freeze continues. The default. */
    HOLD("hold"),
    /** Roll back, so that nothing new serves customers during the freeze. */
    ROLLBACK("rollback"),
    /** Wait for the freeze to end, up to {@code freezeMaxWait}, then go on. */
    WAIT("wait");

    private final String keyword;

    OnFreeze(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
