package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.odoo.MigrationScripts;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.Finding;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an update of the database with the given addons will do, module by module.
 *
 * @param modules every module of the addons and every module installed in the database, by name
 * @param upgrade the modules whose manifest version is above the installed one, in load order
 * @param install the modules the update installs, in load order
 * @param remove the modules the database marks {@code to remove}
 * @param updatedByChecksum installed modules with an unchanged version that click-odoo-update updates because their
 *     checksum changed or is not stored, and that load
 * @param scripts the migration scripts that run, in Odoo's order: per module in load order its {@code pre} and
 *     {@code post} scripts, then the {@code end} scripts of every module
 * @param loadOrder the modules the updated registry loads, in load order
 * @param autoInstall the auto_install modules the update considered, installed or not, with the reason
 * @param findings what the plan found, in the order found
 * @param canaryReasons why old and new code must not share the database, such as {@code upgrades shop_sale}; empty
 *     when a canary is safe
 */
record UpgradePlan(
        OdooSeries series,
        Map<String, ModulePlan> modules,
        List<String> upgrade,
        List<String> install,
        List<String> remove,
        List<String> updatedByChecksum,
        List<MigrationScripts.Script> scripts,
        List<String> loadOrder,
        List<AutoInstallNote> autoInstall,
        List<Finding> findings,
        List<String> canaryReasons) {

    UpgradePlan {
        modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        upgrade = List.copyOf(upgrade);
        install = List.copyOf(install);
        remove = List.copyOf(remove);
        updatedByChecksum = List.copyOf(updatedByChecksum);
        scripts = List.copyOf(scripts);
        loadOrder = List.copyOf(loadOrder);
        autoInstall = List.copyOf(autoInstall);
        findings = List.copyOf(findings);
        canaryReasons = List.copyOf(canaryReasons);
    }

    /**
     * Returns whether old and new code may share the database: the update installs, upgrades, updates, removes and
     * reloads nothing. A module marked {@code to upgrade} counts, because the update reloads its data and schema.
     */
    boolean canarySafe() {
        return canaryReasons.isEmpty();
    }

    /**
     * What the update does with a module. Odoo calls upgrading, updating and reloading alike an update ({@code -u}).
     * The plan distinguishes them because only an upgrade runs migration scripts.
     */
    enum Action {
        /** The manifest version is above the installed one: Odoo updates the module and runs its migration scripts. */
        UPGRADE("upgrade"),
        /** Not installed; the update installs it. */
        INSTALL("install"),
        /** Marked {@code to remove}; the update uninstalls it. */
        REMOVE("remove"),
        /**
         * Version unchanged, but click-odoo-update updates the module because its checksum changed or is not stored; no
         * migration script runs.
         */
        UPDATE_CODE_CHANGED("update"),
        /**
         * Version and code unchanged; the update reloads the module's data because a module it depends on is updated,
         * or because the database marks it {@code to upgrade}.
         */
        RELOAD("reload"),
        /** Installed and unchanged. */
        UNCHANGED("unchanged"),
        /** In the addons but not installed, and nothing installs it. */
        NOT_INSTALLED("not installed"),
        /** The manifest version is below the installed one. */
        DOWNGRADE("downgrade"),
        /**
         * Odoo cannot load it. Either it is installed but missing from the addons, not installable or with a broken
         * manifest, or it was planned for another action but cannot be installed or has a dependency that does not load.
         */
        NOT_LOADED("not loaded"),
        /** Installed, not in the given addons, which lack Odoo's own addons: taken as shipped unchanged. */
        EXTERNAL("external");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * One module of the plan.
     *
     * @param state the {@code ir_module_module} state, or {@code null} when the database does not know the module
     * @param installedVersion the {@code latest_version}, or {@code null}
     * @param targetVersion the normalised manifest version, or {@code null} when not in the addons or invalid
     * @param reason why the action applies, for example {@code new dependency of sale_ext}
     * @param scripts the module's migration scripts that run, in order
     * @param path the module folder, or {@code null} when not in the addons
     */
    record ModulePlan(String name, Action action, ModuleState state, String installedVersion, String targetVersion, String reason,
            List<MigrationScripts.Script> scripts, Path path) {

        ModulePlan {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(action, "action");
            reason = reason == null ? "" : reason;
            scripts = List.copyOf(scripts);
        }
    }

    /**
     * An auto_install module the update considered.
     *
     * @param installs whether the update installs it
     * @param triggers the dependencies that trigger it
     * @param missing the triggers that will not be installed
     * @param reason why it is or is not installed
     */
    record AutoInstallNote(String module, boolean installs, List<String> triggers, List<String> missing, String reason) {

        AutoInstallNote {
            triggers = List.copyOf(triggers);
            missing = List.copyOf(missing);
        }
    }
}
