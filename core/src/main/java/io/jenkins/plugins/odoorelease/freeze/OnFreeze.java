package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** What the guard does when the change is frozen. */
public enum OnFreeze implements Keyword {
    /** Report an error, which fails the step under the default {@code failOn}. */
    FAIL("fail"),
    /** Report a warning and let the change proceed. */
    WARN("warn"),
    /** Wait until the freeze ends, up to {@code maxWait}, then decide again. */
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
