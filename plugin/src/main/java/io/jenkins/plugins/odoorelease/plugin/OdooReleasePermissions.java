package io.jenkins.plugins.odoorelease.plugin;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import jenkins.model.Jenkins;

/** The plugin's permissions, listed under "Odoo Release" in matrix-based authorization. */
public final class OdooReleasePermissions {

    public static final PermissionGroup GROUP = new PermissionGroup(OdooReleasePermissions.class,
            Messages._OdooReleasePermissions_Group());

    /**
     * Allows a user to approve an override of an approval freeze window. It can be granted on a job or folder, and
     * administrators hold it implicitly.
     */
    public static final Permission OVERRIDE_FREEZE = new Permission(GROUP, "OverrideFreeze",
            Messages._OdooReleasePermissions_OverrideFreeze_Description(), Jenkins.ADMINISTER, PermissionScope.ITEM);

    private OdooReleasePermissions() {
    }

    /** Loads this class at startup: a permission exists only once the class that holds it has been initialised. */
    @Initializer(after = InitMilestone.PLUGINS_STARTED, before = InitMilestone.EXTENSIONS_AUGMENTED)
    public static void register() {
        // Calling this method initialises the static fields above.
    }
}
