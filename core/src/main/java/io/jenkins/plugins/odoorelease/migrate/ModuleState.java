package io.jenkins.plugins.odoorelease.migrate;

import java.util.Locale;

/**
 * The {@code state} of an {@code ir_module_module} row ({@code odoo/addons/base/models/ir_module.py}, the same
 * selection in 16.0, 17.0 and 18.0).
 */
public enum ModuleState {
    /** The manifest says {@code installable: False}; it cannot be installed. */
    UNINSTALLABLE("uninstallable"),
    /** Known, installable, not installed. */
    UNINSTALLED("uninstalled"),
    /** Installed; the registry loads it. */
    INSTALLED("installed"),
    /** Marked by an upgrade that has not run yet. */
    TO_UPGRADE("to upgrade"),
    /** Marked by an uninstall that has not run yet. */
    TO_REMOVE("to remove"),
    /** Marked by an install that has not run yet. */
    TO_INSTALL("to install"),
    /** A value Odoo does not write; the row was changed by hand. */
    UNKNOWN("unknown");

    private final String value;

    ModuleState(String value) {
        this.value = value;
    }

    /** The value as stored in the database. */
    public String value() {
        return value;
    }

    /** Reads a stored state; anything Odoo does not write becomes {@link #UNKNOWN}. */
    public static ModuleState of(String stored) {
        String text = stored == null ? "" : stored.trim().toLowerCase(Locale.ROOT);
        for (ModuleState state : values()) {
            if (state.value.equals(text) && state != UNKNOWN) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /**
     * Returns whether the registry loads modules in this state: {@code installed}, {@code to upgrade} and
     * {@code to remove} ({@code load_marked_modules} in {@code odoo/modules/loading.py}).
     */
    public boolean loaded() {
        return this == INSTALLED || this == TO_UPGRADE || this == TO_REMOVE;
    }

    /**
     * Returns whether the state is one of the transient {@code to ...} states, which stop scheduled actions on the
     * database ({@code _check_modules_state} in {@code ir_cron.py}).
     */
    public boolean pending() {
        return this == TO_UPGRADE || this == TO_REMOVE || this == TO_INSTALL;
    }
}
