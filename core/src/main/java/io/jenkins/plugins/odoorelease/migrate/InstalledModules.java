package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.Action;
import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.odoo.ModuleVersion;
import io.jenkins.plugins.odoorelease.odoo.OdooVersion;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what the update does with each module the database has loaded: upgrade, downgrade, update because its
 * checksum changed, reload, remove, or nothing, and which of them Odoo cannot load at all. Then it adds the installed
 * modules that depend on an updated one, which {@code Module.button_upgrade} reloads with it.
 */
final class InstalledModules {

    /**
     * The decisions about the loaded modules.
     *
     * @param actions the action of every loaded module, by name
     * @param reasons why each action applies, by name
     * @param notLoaded the loaded modules Odoo cannot load: missing from the addons, not installable, or with an
     *     unreadable manifest or version
     * @param updated the modules the update changes: upgraded, updated because of their checksum, or marked
     *     {@code to upgrade}
     * @param reloaded the unchanged modules reloaded because they depend on an updated one
     * @param findings what was found, in the order found
     */
    record Classification(Map<String, Action> actions, Map<String, String> reasons, Set<String> notLoaded, Set<String> updated,
            Set<String> reloaded, List<Finding> findings) {

        Classification {
            actions = Collections.unmodifiableMap(new TreeMap<>(actions));
            reasons = Map.copyOf(reasons);
            notLoaded = Collections.unmodifiableSet(new TreeSet<>(notLoaded));
            updated = Collections.unmodifiableSet(new TreeSet<>(updated));
            reloaded = Collections.unmodifiableSet(new TreeSet<>(reloaded));
            findings = List.copyOf(findings);
        }
    }

    /** The reason of a module that the database marks {@code to upgrade} at its installed version. */
    private static final String RELOAD_MARKED = "marked 'to upgrade' in the database";

    private final ModuleFacts facts;
    private final Map<String, Action> actions = new TreeMap<>();
    private final Map<String, String> reasons = new HashMap<>();
    private final Set<String> notLoaded = new TreeSet<>();
    private final List<Finding> findings = new ArrayList<>();

    private InstalledModules(ModuleFacts facts) {
        this.facts = facts;
    }

    static Classification classify(ModuleFacts facts, ChecksumComparison checksums) {
        InstalledModules classifier = new InstalledModules(facts);
        classifier.classifyLoaded();
        classifier.applyChecksums(checksums);
        Set<String> updated = classifier.updatedModules();
        Set<String> reloaded = classifier.reloadDependents(updated);
        return new Classification(classifier.actions, classifier.reasons, classifier.notLoaded, updated, reloaded, classifier.findings);
    }

    private void act(String name, Action action, String reason) {
        actions.put(name, action);
        reasons.put(name, reason);
    }

    private void finding(MigrateFindings code, Severity severity, String subject, String message) {
        findings.add(new Finding(code.code(), severity, subject, message, Map.of()));
    }

    private void classifyLoaded() {
        for (DbModule module : facts.database().values()) {
            if (!module.state().loaded()) {
                continue;
            }
            String name = module.name();
            Addon addon = facts.addon(name);
            if (module.state() == ModuleState.TO_REMOVE) {
                act(name, Action.REMOVE, "marked 'to remove' in the database");
            } else if (addon == null) {
                classifyMissing(module);
            } else if (addon.manifest() == null || addon.version() == null) {
                act(name, Action.NOT_LOADED, "its manifest or version is invalid");
                notLoaded.add(name);
            } else if (!addon.installable()) {
                act(name, Action.NOT_LOADED, "its manifest says installable: False");
                notLoaded.add(name);
                finding(MigrateFindings.MODULE_NOT_INSTALLABLE, Severity.ERROR, name, installedText(module) + " but its manifest in "
                        + addon.directory() + " says installable: False. Odoo skips it ('not installable, "
                        + "skipped'), does not load its code or the modules that depend on it, and never uninstalls it by itself. "
                        + "Uninstall it before deploying, or make it installable again.");
            } else {
                classifyVersion(module, addon.version());
            }
        }
    }

    private void classifyMissing(DbModule module) {
        String name = module.name();
        if (!facts.fullAddons()) {
            act(name, Action.EXTERNAL, "not in the given addons; taken as shipped with Odoo's addons");
            return;
        }
        act(name, Action.NOT_LOADED, "not in the addons");
        notLoaded.add(name);
        finding(MigrateFindings.MODULE_NOT_IN_ADDONS, Severity.ERROR, name, installedText(module) + " but is in none of the addons paths. Odoo logs "
                + "'not installable, skipped' at every start, does not load its code or any module that depends on it, and an update "
                + "that includes it leaves it stuck in 'to upgrade'. Put it back into the addons, or uninstall it before deploying.");
    }

    /** Describes an installed module, such as {@code shop_sale is installed at 17.0.1.0.0 (state 'to upgrade')}. */
    private static String installedText(DbModule module) {
        return module.name() + " is installed" + (module.latestVersion() == null ? "" : " at " + module.latestVersion())
                + (module.state() == ModuleState.INSTALLED ? "" : " (state '" + module.state().value() + "')");
    }

    private void classifyVersion(DbModule module, ModuleVersion target) {
        String name = module.name();
        String installed = module.latestVersion();
        if (installed == null || installed.isBlank()) {
            finding(MigrateFindings.MODULE_VERSION_UNKNOWN, Severity.WARNING, name, name + " is installed but ir_module_module has no "
                    + "latest_version for it, so every manifest version counts as an upgrade and Odoo compares migration folders with "
                    + "an empty version. Check how the row was created.");
            act(name, Action.UPGRADE, "no installed version recorded");
            return;
        }
        int compared = target.parsed().compareTo(OdooVersion.parse(installed));
        if (compared > 0) {
            act(name, Action.UPGRADE, installed + " to " + target.full());
        } else if (compared < 0) {
            act(name, Action.DOWNGRADE, installed + " to " + target.full());
            finding(MigrateFindings.MODULE_DOWNGRADE, Severity.ERROR, name, "The manifest version of " + name + " (" + target.full()
                    + ") is below the installed version " + installed + ". Odoo has no downgrade: no migration runs and the data stays "
                    + "as the newer code left it. Deploy the release that matches the database, or raise the version above " + installed + ".");
        } else if (module.state() == ModuleState.TO_UPGRADE) {
            act(name, Action.RELOAD, RELOAD_MARKED);
        } else {
            act(name, Action.UNCHANGED, "at " + installed);
        }
    }

    private void applyChecksums(ChecksumComparison checksums) {
        for (String problem : checksums.problems()) {
            finding(MigrateFindings.CHECKSUM_UNREADABLE, Severity.WARNING, ChecksumComparison.INSTALLED_CHECKSUMS, "The checksum comparison "
                    + "is incomplete: " + problem + ".");
        }
        for (String name : checksums.changed()) {
            Action action = actions.get(name);
            if (action == Action.UNCHANGED || action == Action.RELOAD) {
                act(name, Action.UPDATE_CODE_CHANGED, "code changed, version not bumped");
                String version = facts.row(name).latestVersion();
                finding(MigrateFindings.CHECKSUM_CODE_CHANGED, Severity.WARNING, name, "The code of " + name + " changed since "
                        + "click-odoo-update stored its checksum, but its version is still " + version + ": click-odoo-update updates it "
                        + "(reloading its data and changing the schema), yet no migration script runs, not even 0.0.0, and "
                        + "latest_version stays " + version + ". Bump the version if the change needs a migration.");
            }
        }
        for (String name : checksums.notStored()) {
            Action action = actions.get(name);
            if (action == Action.UNCHANGED || action == Action.RELOAD) {
                act(name, Action.UPDATE_CODE_CHANGED, "no stored checksum");
                finding(MigrateFindings.CHECKSUM_NOT_STORED, Severity.INFO, name, ChecksumComparison.INSTALLED_CHECKSUMS + " has no "
                        + "checksum for " + name + ", so click-odoo-update updates it.");
            }
        }
    }

    private Set<String> updatedModules() {
        Set<String> updated = new TreeSet<>();
        actions.forEach((name, action) -> {
            boolean markedUpgrade = facts.row(name).state() == ModuleState.TO_UPGRADE && action == Action.RELOAD;
            if (action == Action.UPGRADE || action == Action.UPDATE_CODE_CHANGED || markedUpgrade) {
                updated.add(name);
            }
        });
        return updated;
    }

    /**
     * Marks the installed modules that depend on an updated one: {@code button_upgrade} adds them to the update, so
     * they reload their data and their new dependencies are installed.
     */
    private Set<String> reloadDependents(Set<String> updated) {
        Set<String> reloaded = new TreeSet<>();
        for (String name : facts.graph().withDependents(updated)) {
            Action action = actions.get(name);
            if (action == Action.UNCHANGED || action == Action.EXTERNAL) {
                Set<String> causes = new TreeSet<>(facts.graph().withDependencies(List.of(name)));
                causes.retainAll(updated);
                act(name, action == Action.UNCHANGED ? Action.RELOAD : Action.EXTERNAL, "depends on updated " + ModuleFacts.first(causes, 3));
                reloaded.add(name);
            }
        }
        return reloaded;
    }
}
