package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.migrate.InstallResolver.Installs;
import io.jenkins.plugins.odoorelease.migrate.InstalledModules.Classification;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.Action;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.ModulePlan;
import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.MigrationScripts;
import io.jenkins.plugins.odoorelease.odoo.MigrationScripts.Stage;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans an update from the addons and the database's modules, following what Odoo does when the modules whose
 * version increased are updated ({@code -u}, or click-odoo-update):
 * <ul>
 * <li>upgrade: an installed module whose manifest version is above {@code latest_version}, whatever its state;
 * below it is a downgrade, which is an error;</li>
 * <li>{@code Module.button_upgrade} ({@code ir_module.py}) also reloads every installed module that depends on an
 * updated one, and installs their new, uninstalled dependencies;</li>
 * <li>{@code Module.button_install} installs requested modules with their dependencies, then repeatedly every
 * uninstalled auto_install module whose trigger dependencies are all installed or being installed, at least one
 * of them being installed now;</li>
 * <li>{@code Graph.add_modules} ({@code graph.py}) loads a module only when all its dependencies load, so a missing
 * or unloadable dependency stops every module above it.</li>
 * </ul>
 * The steps are separate classes: {@link InstalledModules} decides about the loaded modules, {@link InstallResolver}
 * about installs, this class about the load order and the scripts, and {@link PlanFindings} describes the result.
 * Pure logic: the caller reads the addons and the database.
 */
final class UpgradePlanner {

    /**
     * What the planner works from.
     *
     * @param requested the modules the caller asks to install
     * @param checksums the comparison with click-odoo-update's stored checksums, or {@link ChecksumComparison#none()}
     */
    record Input(OdooSeries series, AddonsScan scan, Map<String, DbModule> database, List<String> requested, ChecksumComparison checksums) {
    }

    private final Input input;
    private final ModuleFacts facts;

    UpgradePlanner(Input input) {
        this.input = input;
        this.facts = new ModuleFacts(input.series(), input.scan(), input.database());
    }

    UpgradePlan plan() {
        List<Finding> findings = new ArrayList<>();
        if (!facts.fullAddons()) {
            findings.add(odooAddonsNotGiven());
        }
        Classification installed = InstalledModules.classify(facts, input.checksums());
        findings.addAll(installed.findings());
        Installs installs = InstallResolver.resolve(facts, installed, input.requested());
        findings.addAll(installs.findings());

        Map<String, Action> actions = new TreeMap<>(installed.actions());
        Map<String, String> reasons = new HashMap<>(installed.reasons());
        installs.reasons().forEach((name, reason) -> {
            actions.put(name, Action.INSTALL);
            reasons.put(name, reason);
        });

        // The cause for each module whose action would load it but that does not load, filled by the steps below.
        Map<String, String> notLoading = new LinkedHashMap<>(installs.notInstallable());
        findings.addAll(checkUntouchedDependencies(actions, installed, installs, notLoading));
        Set<String> excluded = new TreeSet<>(installed.notLoaded());
        excluded.addAll(notLoading.keySet());
        List<String> loadOrder = loadOrder(actions, excluded, notLoading, findings);

        Map<String, List<MigrationScripts.Script>> moduleScripts = new HashMap<>();
        List<MigrationScripts.Script> scripts = scripts(loadOrder, actions, moduleScripts, findings);
        Set<String> loading = new LinkedHashSet<>(loadOrder);
        findings.addAll(PlanFindings.describe(facts, new PlanFindings.Decisions(actions, reasons, installs.reasons().keySet(), loading,
                moduleScripts)));

        PlanFindings.Changes changes = new PlanFindings.Changes(inOrder(loadOrder, actions, Action.INSTALL),
                inOrder(loadOrder, actions, Action.UPGRADE), named(actions, Action.REMOVE), loadingNamed(actions, Action.UPDATE_CODE_CHANGED, loading),
                markedToUpgrade(actions, loading));
        List<String> canaryReasons = PlanFindings.canaryReasons(changes);
        if (!canaryReasons.isEmpty()) {
            findings.add(PlanFindings.canaryUnsafe(canaryReasons));
        }
        return new UpgradePlan(input.series(), modulePlans(actions, reasons, notLoading, loading, moduleScripts), changes.upgrade(),
                changes.install(), changes.remove(), changes.updatedByChecksum(), scripts, loadOrder, installs.autoInstall(), findings,
                canaryReasons);
    }

    private Finding odooAddonsNotGiven() {
        long outside = facts.database().values().stream().filter(module -> module.state().loaded() && !facts.scan().contains(module.name()))
                .count();
        return new Finding(MigrateFindings.ODOO_ADDONS_NOT_GIVEN.code(), Severity.INFO, null, "The addons paths do not contain Odoo's own "
                + "addons (no base module), so the " + outside + " installed modules outside them are taken as shipped unchanged by the "
                + "image, and dependencies known to the database count as available. Give Odoo's addons paths as well to check them.",
                Map.of());
    }

    static Severity severity(AddonIssue.Level level) {
        return switch (level) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
        };
    }

    private static Finding blocker(MigrateFindings code, String subject, String message) {
        return new Finding(code.code(), Severity.ERROR, subject, message, Map.of());
    }

    /**
     * Checks the dependencies of installed modules the update does not touch: nothing installs a new dependency of
     * theirs, so Odoo does not load them. Records each such module in {@code notLoading}.
     */
    private List<Finding> checkUntouchedDependencies(Map<String, Action> actions, Classification installed, Installs installs,
            Map<String, String> notLoading) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Action> entry : actions.entrySet()) {
            String name = entry.getKey();
            if (entry.getValue() != Action.UNCHANGED || installed.updated().contains(name) || installed.reloaded().contains(name)) {
                continue;
            }
            for (String dependency : facts.dependencies(name)) {
                if (facts.loaded(dependency) || installs.reasons().containsKey(dependency)) {
                    continue;
                }
                if (!facts.known(dependency)) {
                    notLoading.putIfAbsent(name, "its dependency " + dependency + " is neither in the addons nor in ir_module_module");
                    findings.add(blocker(MigrateFindings.MODULE_DEPENDENCY_MISSING, name, name + " depends on " + dependency + ", which "
                            + "is neither in the addons nor in ir_module_module, so Odoo will not load " + name + ". Add " + dependency
                            + " to the addons or remove the dependency."));
                } else {
                    notLoading.putIfAbsent(name, "its dependency " + dependency + " is not installed");
                    findings.add(blocker(MigrateFindings.MODULE_DEPENDENCY_NOT_INSTALLED, name, name + " depends on " + dependency
                            + ", which is not installed. The update does not touch " + name + " because its version is unchanged, so "
                            + "nothing installs " + dependency + " and Odoo will not load " + name + ". Raise the version of " + name
                            + " so that the update installs " + dependency + ", or install it (install: ['" + dependency + "'])."));
                }
            }
        }
        return findings;
    }

    /**
     * Returns the modules the updated registry loads, and reports those that depend on a module that cannot load.
     *
     * @param excluded the modules known not to load already
     * @param notLoading receives, for every module left out here, why
     */
    private List<String> loadOrder(Map<String, Action> actions, Set<String> excluded, Map<String, String> notLoading,
            List<Finding> findings) {
        Set<String> candidates = new TreeSet<>();
        actions.forEach((name, action) -> {
            if (loads(action) && !excluded.contains(name)) {
                candidates.add(name);
            }
        });
        List<String> order = facts.graph().loadOrder(candidates);
        Set<String> loading = new LinkedHashSet<>(order);
        for (String name : candidates) {
            if (!loading.contains(name)) {
                List<String> blockers = facts.dependencies(name).stream().filter(dependency -> !loading.contains(dependency)).toList();
                String cause = blockers.isEmpty() ? "it is part of a dependency cycle"
                        : "its dependency " + String.join(", ", blockers) + " cannot be loaded";
                notLoading.putIfAbsent(name, cause);
                findings.add(blocker(MigrateFindings.MODULE_NOT_LOADED, name, name + " will not load because " + cause + "; fix that module first."));
            }
        }
        return order;
    }

    /** Returns whether a module with the action is part of the updated registry, unless something stops it. */
    private static boolean loads(Action action) {
        return switch (action) {
            case UPGRADE, UNCHANGED, RELOAD, UPDATE_CODE_CHANGED, EXTERNAL, DOWNGRADE, INSTALL -> true;
            default -> false;
        };
    }

    private List<MigrationScripts.Script> scripts(List<String> loadOrder, Map<String, Action> actions,
            Map<String, List<MigrationScripts.Script>> moduleScripts, List<Finding> findings) {
        List<MigrationScripts.Script> ordered = new ArrayList<>();
        List<String> upgraded = inOrder(loadOrder, actions, Action.UPGRADE);
        for (String name : upgraded) {
            for (Stage stage : List.of(Stage.PRE, Stage.POST)) {
                List<MigrationScripts.Script> scripts = scriptsOf(name, stage);
                ordered.addAll(scripts);
                moduleScripts.computeIfAbsent(name, key -> new ArrayList<>()).addAll(scripts);
            }
        }
        for (String name : upgraded) {
            List<MigrationScripts.Script> scripts = scriptsOf(name, Stage.END);
            ordered.addAll(scripts);
            moduleScripts.computeIfAbsent(name, key -> new ArrayList<>()).addAll(scripts);
        }
        for (MigrationScripts.Script script : ordered) {
            MigrationScripts.checkEntryPoint(script.module(), script.file(), input.series()).ifPresent(issue ->
                    findings.add(new Finding(MigrateFindings.MIGRATION_SCRIPT_INVALID.code(), severity(issue.level()), script.module(),
                            script.relativePath() + (issue.line() > 0 ? " line " + issue.line() : "") + ": " + issue.message() + ".",
                            Map.of("path", script.file().toString()))));
        }
        return ordered;
    }

    private List<MigrationScripts.Script> scriptsOf(String name, Stage stage) {
        Addon addon = facts.addon(name);
        String installed = facts.row(name).latestVersion();
        return MigrationScripts.toRun(addon.scripts(), input.series(), installed == null ? "" : installed, addon.version(), stage);
    }

    // ---------------------------------------------------------------- result

    private static List<String> named(Map<String, Action> actions, Action action) {
        return actions.entrySet().stream().filter(entry -> entry.getValue() == action).map(Map.Entry::getKey).toList();
    }

    /** Returns the modules with the action that the updated registry loads, by name. */
    private static List<String> loadingNamed(Map<String, Action> actions, Action action, Set<String> loading) {
        return named(actions, action).stream().filter(loading::contains).toList();
    }

    /** Returns the modules with the action that the updated registry loads, in load order; the others are blocked. */
    private static List<String> inOrder(List<String> loadOrder, Map<String, Action> actions, Action action) {
        return loadOrder.stream().filter(name -> actions.get(name) == action).toList();
    }

    /** Returns the loading modules that the database marks {@code to upgrade} and whose version and code are unchanged. */
    private List<String> markedToUpgrade(Map<String, Action> actions, Set<String> loading) {
        return loadingNamed(actions, Action.RELOAD, loading).stream().filter(name -> facts.row(name).state() == ModuleState.TO_UPGRADE).toList();
    }

    /**
     * Returns one plan per module of the addons or the database. A module whose action would load it but that does not
     * load is shown as {@link Action#NOT_LOADED}, with the planned reason and why it does not load.
     */
    private Map<String, ModulePlan> modulePlans(Map<String, Action> actions, Map<String, String> reasons, Map<String, String> notLoading,
            Set<String> loading, Map<String, List<MigrationScripts.Script>> moduleScripts) {
        Set<String> names = new TreeSet<>(actions.keySet());
        names.addAll(facts.scan().addons().keySet());
        Map<String, ModulePlan> plans = new LinkedHashMap<>();
        for (String name : names) {
            Addon addon = facts.addon(name);
            DbModule module = facts.row(name);
            Action action = actions.getOrDefault(name, Action.NOT_INSTALLED);
            String reason = reasons.getOrDefault(name, "");
            if (action == Action.NOT_INSTALLED) {
                reason = module == null ? "new to the database" : "state " + module.state().value();
            } else if (loads(action) && !loading.contains(name)) {
                String cause = notLoading.getOrDefault(name, "a module it depends on cannot be loaded");
                reason = reason.isEmpty() ? "not loaded because " + cause : reason + "; not loaded because " + cause;
                action = Action.NOT_LOADED;
            }
            plans.put(name, new ModulePlan(name, action, module == null ? null : module.state(), module == null ? null : module.latestVersion(),
                    addon == null || addon.version() == null ? null : addon.version().full(), reason,
                    moduleScripts.getOrDefault(name, List.of()), addon == null ? null : addon.directory()));
        }
        return plans;
    }
}
