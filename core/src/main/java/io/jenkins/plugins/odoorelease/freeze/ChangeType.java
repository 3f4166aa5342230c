package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** What kind of change asks to proceed, so that application releases and infrastructure work can be governed apart. */
public enum ChangeType implements Keyword {
    /** A release of Odoo code, addons or configuration. */
    APPLICATION("application"),
    /** A change to the platform underneath: cluster, database server, ingress, storage. */
    INFRASTRUCTURE("infrastructure");

    private final String keyword;

    ChangeType(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
