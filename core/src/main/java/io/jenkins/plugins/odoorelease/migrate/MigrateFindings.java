package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/** The finding codes of {@code odooMigrateCheck}. */
public enum MigrateFindings implements FindingCode {
    MODULE_UPGRADE("The module's manifest version is above the installed version, so the update upgrades it."),
    MODULE_INSTALL("The update installs the module: requested, a new dependency, or triggered by auto_install."),
    MODULE_DOWNGRADE("The manifest version is below the installed version; Odoo does not downgrade modules."),
    MODULE_MANIFEST_INVALID("Odoo cannot read the module's manifest: invalid Python, not a literal, not a dict, or a value of the wrong type."),
    MODULE_VERSION_INVALID("The manifest version is one the target series rejects, or belongs to another series."),
    MODULE_VERSION_MISSING("The manifest has no version, so Odoo assumes 1.0 and never sees an upgrade."),
    MODULE_VERSION_NONSTANDARD("16.0 accepts the manifest version, but it is not of the form x.y or x.y.z that later series require."),
    MODULE_VERSION_UNKNOWN("The database has no installed version (latest_version) for an installed module."),
    MODULE_AUTO_INSTALL_INVALID("An auto_install trigger is not among the module's dependencies; Odoo fails to read the manifest."),
    MODULE_MANIFEST_LEGACY_NAME("The manifest is named __openerp__.py, deprecated since 17.0, or sits beside a __manifest__.py."),
    MODULE_LICENSE_MISSING("The manifest has no license; Odoo assumes LGPL-3 and logs a warning."),
    MODULE_DUPLICATE("A module name is in two addons paths; Odoo uses the first."),
    MODULE_DEPENDENCY_CYCLE("Modules depend on each other in a cycle, so Odoo loads none of them."),
    MODULE_DEPENDENCY_MISSING("A dependency is neither in the addons nor in ir_module_module."),
    MODULE_DEPENDENCY_NOT_INSTALLED("An installed module that the update does not touch depends on a module that is not installed."),
    MODULE_NOT_FOUND("A module the update must install is not in the addons."),
    MODULE_NOT_IN_ADDONS("A module installed in the database is not in the addons, so Odoo cannot load it."),
    MODULE_NOT_INSTALLABLE("A module that is installed or must be installed is marked installable: False, so Odoo skips it."),
    MODULE_NOT_LOADED("A module will not load because a module it depends on cannot be loaded."),
    MODULE_ALREADY_INSTALLED("A module requested for installation is installed already."),
    AUTO_INSTALL_NOT_TRIGGERED("An auto_install module will not be installed; the message says which trigger is missing."),
    AUTO_INSTALL_COUNTRIES("18.0 installs this auto_install module only when a company is in one of its countries, which the check does not read."),
    MIGRATION_FOLDER_IGNORED("A migration folder name that Odoo ignores or that is no version."),
    MIGRATION_FOLDER_NEVER_RUNS("16.0 reads this three-part migration folder name as a full version, so its scripts never run."),
    MIGRATION_FOLDER_ABOVE_MANIFEST("A migration folder above the manifest version: the version bump was probably forgotten."),
    MIGRATION_FOLDER_OTHER_SERIES("A migration folder of another series, which runs only when a database comes from below it."),
    MIGRATION_FOLDER_NOT_RUN("A migration folder at or below the installed version, so its scripts never run on this database."),
    MIGRATION_FILE_NO_STAGE("A .py file in a migration folder without a pre-, post- or end- prefix never runs."),
    MIGRATION_SCRIPT_INVALID("A migration script without migrate(cr, version), or with other parameters."),
    DATABASE_MODULES_STUCK("Modules are in to install, to upgrade or to remove, so the database runs no scheduled actions."),
    DATABASE_SERIES_MISMATCH("The database is of another Odoo series than the addons; that needs a major upgrade, not a module update."),
    POSTGRES_VERSION_UNSUPPORTED("The PostgreSQL server is older than the Odoo series supports."),
    POSTGRES_LONG_TRANSACTION("A transaction has been open longer than the threshold; it can block the update's schema changes."),
    POSTGRES_LOCK_WAITING("A session waits for a lock; the database is busy or blocked."),
    POSTGRES_CONNECTIONS_HIGH("The connections in use are near max_connections; the update needs connections of its own."),
    TABLE_LARGE("A table of a model the update touches has more rows than the threshold; schema changes on it can take long."),
    TABLE_LOCKED("Another session holds a lock on a table of a model the update touches; its size is estimated."),
    CHECKSUM_CODE_CHANGED("The module's code changed but its version was not bumped: click-odoo-update updates it, but no migration runs."),
    CHECKSUM_NOT_STORED("click-odoo-update has no stored checksum for an installed module, so it updates the module."),
    CHECKSUM_UNREADABLE("The stored checksums or a module's files could not be read, so that comparison was skipped."),
    ODOO_ADDONS_NOT_GIVEN("The addons paths lack Odoo's own addons (no base module), so installed modules outside them are not checked."),
    CANARY_UNSAFE("The update installs, upgrades, updates, removes or reloads modules, so old and new code must not share the database in a canary.");

    private final String summary;

    MigrateFindings(String summary) {
        this.summary = summary;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String summary() {
        return summary;
    }
}
