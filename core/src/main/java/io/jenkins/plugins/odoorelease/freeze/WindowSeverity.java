package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** What a freeze window does to a change that falls into it. */
public enum WindowSeverity implements Keyword {
    /** The change may not proceed; no override lifts it. */
    BLOCK("block"),
    /** The change proceeds only with a valid, authorised override. */
    APPROVAL("approval"),
    /** The change proceeds, and the report carries a warning. */
    WARN("warn");

    private final String keyword;

    WindowSeverity(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** Returns whether a window of this severity stops a change unless something lifts it. */
    public boolean freezes() {
        return this != WARN;
    }
}
