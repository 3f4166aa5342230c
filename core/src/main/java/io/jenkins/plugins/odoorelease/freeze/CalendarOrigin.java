package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** Who owns a calendar: the platform's calendars always apply; a repository's may only add windows. */
public enum CalendarOrigin implements Keyword {
    PLATFORM("platform"),
    REPOSITORY("repository");

    private final String keyword;

    CalendarOrigin(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
