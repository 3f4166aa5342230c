package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.migrate.InstalledModules.Classification;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.Action;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.AutoInstallNote;
import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which modules the update installs, as Odoo does: the requested modules and those the database marks
 * {@code to install}, the new dependencies of every updated or reloaded module ({@code button_upgrade}), the
 * dependencies of every module installed ({@code _state_update}), and then repeatedly every auto_install module whose
 * triggers are all installed or being installed, one of them now ({@code button_install}). Last it checks that Odoo
 * can install each of them.
 */
final class InstallResolver {

    /**
     * The modules to install.
     *
     * @param reasons why each module is installed, in the order the modules were added
     * @param notInstallable the modules to install that Odoo cannot install, with the reason, such as
     *     {@code it is not in the addons}
     * @param autoInstall the auto_install modules considered, installed or not
     * @param findings what was found, in the order found
     */
    record Installs(Map<String, String> reasons, Map<String, String> notInstallable, List<AutoInstallNote> autoInstall,
            List<Finding> findings) {

        Installs {
            reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
            notInstallable = Collections.unmodifiableMap(new LinkedHashMap<>(notInstallable));
            autoInstall = List.copyOf(autoInstall);
            findings = List.copyOf(findings);
        }
    }

    private final ModuleFacts facts;
    private final Classification installed;
    private final Map<String, String> installs = new LinkedHashMap<>();
    private final Map<String, String> notInstallable = new LinkedHashMap<>();
    private final List<AutoInstallNote> notes = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    private InstallResolver(ModuleFacts facts, Classification installed) {
        this.facts = facts;
        this.installed = installed;
    }

    static Installs resolve(ModuleFacts facts, Classification installed, List<String> requested) {
        InstallResolver resolver = new InstallResolver(facts, installed);
        resolver.collectInstalls(requested);
        resolver.resolveAutoInstall();
        resolver.checkInstallable();
        return new Installs(resolver.installs, resolver.notInstallable, resolver.notes, resolver.findings);
    }

    private void finding(MigrateFindings code, Severity severity, String subject, String message) {
        findings.add(new Finding(code.code(), severity, subject, message, Map.of()));
    }

    private void collectInstalls(List<String> requested) {
        for (String name : requested) {
            if (facts.loaded(name) && installed.actions().get(name) != Action.REMOVE) {
                finding(MigrateFindings.MODULE_ALREADY_INSTALLED, Severity.INFO, name, name + " was requested for installation but is "
                        + "installed already (" + facts.row(name).state().value() + ").");
            } else {
                addInstall(name, "requested");
            }
        }
        for (DbModule module : facts.database().values()) {
            if (module.state() == ModuleState.TO_INSTALL) {
                addInstall(module.name(), "marked 'to install' in the database");
            }
        }
        Set<String> todo = new TreeSet<>(installed.updated());
        todo.addAll(installed.reloaded());
        for (String name : todo) {
            for (String dependency : facts.dependencies(name)) {
                if (!facts.loaded(dependency)) {
                    addInstall(dependency, "new dependency of " + name);
                }
            }
        }
        closeInstalls();
    }

    private void addInstall(String name, String reason) {
        installs.putIfAbsent(name, reason);
    }

    /** Adds the uninstalled dependencies of every module being installed, as {@code _state_update} marks them. */
    private void closeInstalls() {
        Deque<String> work = new ArrayDeque<>(installs.keySet());
        while (!work.isEmpty()) {
            String name = work.pop();
            for (String dependency : facts.dependencies(name)) {
                if (!facts.loaded(dependency) && !installs.containsKey(dependency)) {
                    addInstall(dependency, "dependency of " + name);
                    work.add(dependency);
                }
            }
        }
    }

    /**
     * Returns whether a module counts as installed for an auto_install trigger: installed or to upgrade, and loadable.
     * Whether its own dependencies load is not known yet at this point, as in Odoo, which marks modules before it
     * loads them.
     */
    private boolean installedForTrigger(String name) {
        DbModule module = facts.row(name);
        boolean installedState = module != null && (module.state() == ModuleState.INSTALLED || module.state() == ModuleState.TO_UPGRADE);
        return installedState && !installed.notLoaded().contains(name);
    }

    /** Repeats {@code button_install}'s auto_install loop until no module is added, then explains the modules left out. */
    private void resolveAutoInstall() {
        Set<String> candidates = new TreeSet<>();
        candidates.addAll(facts.scan().addons().keySet());
        candidates.addAll(facts.database().keySet());
        candidates.removeIf(name -> !facts.autoInstallEnabled(name) || facts.loaded(name) || installs.containsKey(name)
                || !facts.installable(name));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String name : candidates) {
                if (installs.containsKey(name)) {
                    continue;
                }
                Set<String> triggers = facts.triggers(name);
                boolean allPresent = !triggers.isEmpty() && triggers.stream().allMatch(t -> installedForTrigger(t) || installs.containsKey(t));
                List<String> fresh = triggers.stream().filter(installs::containsKey).toList();
                if (allPresent && !fresh.isEmpty()) {
                    addInstall(name, "auto_install: its triggers " + String.join(", ", triggers) + " will all be installed, and "
                            + String.join(", ", fresh) + (fresh.size() == 1 ? " is" : " are") + " being installed now");
                    notes.add(new AutoInstallNote(name, true, List.copyOf(triggers), List.of(), installs.get(name)));
                    noteCountries(name);
                    closeInstalls();
                    changed = true;
                }
            }
        }
        for (String name : candidates) {
            if (!installs.containsKey(name)) {
                explainNotInstalled(name);
            }
        }
    }

    private void noteCountries(String name) {
        Addon addon = facts.addon(name);
        if (facts.series().hasCountries() && addon != null && !addon.manifest().countries().isEmpty()) {
            finding(MigrateFindings.AUTO_INSTALL_COUNTRIES, Severity.INFO, name, name + " is restricted to the countries "
                    + addon.manifest().countries() + ": Odoo " + facts.series().text() + " auto-installs it only when a company is in one "
                    + "of them, which this check does not read; the plan assumes it is installed.");
        }
    }

    private void explainNotInstalled(String name) {
        List<String> triggers = List.copyOf(facts.triggers(name));
        List<String> missing = triggers.stream().filter(t -> !installedForTrigger(t) && !installs.containsKey(t)).toList();
        String reason;
        if (triggers.isEmpty()) {
            reason = "auto_install has no trigger dependency, so Odoo installs it only when it creates a database";
        } else if (missing.isEmpty()) {
            reason = "every trigger (" + String.join(", ", triggers) + ") is installed already and none is being installed now, and "
                    + "Odoo auto-installs only when a trigger is being installed";
            boolean newModule = facts.row(name) == null;
            finding(MigrateFindings.AUTO_INSTALL_NOT_TRIGGERED, newModule ? Severity.WARNING : Severity.INFO, name, name + " will not "
                    + "be installed: " + reason + (newModule ? ". It is new to this database; install it explicitly (install: ['" + name
                    + "']) if it should be." : ". It was probably uninstalled on purpose."));
        } else {
            reason = "trigger " + (missing.size() == 1 ? "dependency " : "dependencies ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not installed and will not be";
            if (missing.size() < triggers.size()) {
                finding(MigrateFindings.AUTO_INSTALL_NOT_TRIGGERED, Severity.INFO, name, name + " (auto_install on " + String.join(", ", triggers)
                        + ") will not be installed: " + reason + ". Install " + String.join(", ", missing) + " if " + name + " is wanted.");
            }
        }
        if (!missing.equals(triggers) || triggers.isEmpty()) {
            notes.add(new AutoInstallNote(name, false, triggers, missing, reason));
        }
    }

    /**
     * Checks that Odoo can install every module to install: it is in the addons (or, with partial addons, known to
     * the database), installable, and its manifest is valid.
     */
    private void checkInstallable() {
        for (Map.Entry<String, String> entry : installs.entrySet()) {
            String name = entry.getKey();
            String reason = entry.getValue();
            Addon addon = facts.addon(name);
            if (addon != null) {
                if (addon.manifest() != null && !addon.installable()) {
                    finding(MigrateFindings.MODULE_NOT_INSTALLABLE, Severity.ERROR, name, name + " must be installed (" + reason + ") but "
                            + "its manifest says installable: False, so Odoo cannot install it. Make it installable or remove the need.");
                    notInstallable.put(name, "its manifest says installable: False");
                } else if (!addon.manifestValid()) {
                    // The manifest's own findings explain it; they are errors because the module is in use.
                    notInstallable.put(name, "its manifest or version is invalid");
                }
            } else if (facts.row(name) != null) {
                if (facts.fullAddons()) {
                    finding(MigrateFindings.MODULE_NOT_FOUND, Severity.ERROR, name, name + " must be installed (" + reason + ") but is "
                            + "not in the addons; the database knows it only from an earlier addons path. Add it to the addons.");
                    notInstallable.put(name, "it is not in the addons");
                }
            } else if (reason.equals("requested")) {
                finding(MigrateFindings.MODULE_NOT_FOUND, Severity.ERROR, name, name + " was requested for installation but is neither "
                        + "in the addons nor in ir_module_module. Check the name and the addons paths.");
                notInstallable.put(name, "it is neither in the addons nor in ir_module_module");
            } else {
                finding(MigrateFindings.MODULE_DEPENDENCY_MISSING, Severity.ERROR, name, name + " is needed (" + reason + ") but is "
                        + "neither in the addons nor in ir_module_module, so the update fails ('depends on the module " + name
                        + ". But this module is not available'). Add it to the addons.");
                notInstallable.put(name, "it is neither in the addons nor in ir_module_module");
            }
        }
    }
}
