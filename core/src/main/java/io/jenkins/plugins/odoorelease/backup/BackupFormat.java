package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** The layouts a backup can take. */
public enum BackupFormat implements Keyword {
    /** Odoo's own backup zip: {@code dump.sql} (plain SQL), {@code manifest.json} and {@code filestore/}. */
    ZIP("zip"),
    /** A {@code pg_dump} custom-format archive, with the filestore as a separate tar archive beside it. */
    CUSTOM("custom");

    private final String keyword;

    BackupFormat(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
