package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.Action;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.AutoInstallNote;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.ModulePlan;
import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.MigrationScripts;
import io.jenkins.plugins.odoorelease.odoo.MigrationScripts.Stage;
import io.jenkins.plugins.odoorelease.odoo.ModuleGraph;
import io.jenkins.plugins.odoorelease.odoo.ModuleVersion;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.odoo.OdooVersion;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
    private final AddonsScan scan;
    private final Map<String, DbModule> database;
    /** Whether the addons include Odoo's own addons; otherwise installed modules outside them are taken as shipped. */
    private final boolean fullAddons;
    private final ModuleGraph graph;

    private final Map<String, Action> actions = new TreeMap<>();
    private final Map<String, String> reasons = new HashMap<>();
    private final Map<String, String> installs = new LinkedHashMap<>();
    private final Set<String> unloadable = new HashSet<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<AutoInstallNote> autoInstallNotes = new ArrayList<>();

    UpgradePlanner(Input input) {
        this.input = input;
        this.scan = input.scan();
        this.database = input.database();
        this.fullAddons = scan.contains("base");
        Map<String, List<String>> dependencies = new TreeMap<>();
        database.keySet().forEach(name -> dependencies.put(name, dependencies(name)));
        scan.addons().keySet().forEach(name -> dependencies.put(name, dependencies(name)));
        this.graph = new ModuleGraph(dependencies);
    }

    UpgradePlan plan() {
        if (!fullAddons) {
            long outside = database.values().stream().filter(module -> module.state().loaded() && !scan.contains(module.name())).count();
            finding(MigrateFindings.ODOO_ADDONS_NOT_GIVEN, Severity.INFO, null, "The addons paths do not contain Odoo's own addons (no "
                    + "base module), so the " + outside + " installed modules outside them are taken as shipped unchanged by the image, "
                    + "and dependencies known to the database count as available. Give Odoo's addons paths as well to check them.");
        }
        classifyInstalled();
        applyChecksums();
        Set<String> updated = updatedModules();
        Set<String> reloaded = reloadDependents(updated);
        collectInstalls(updated, reloaded);
        resolveAutoInstall();
        checkInstallable();
        checkUntouchedDependencies(updated, reloaded);
        List<String> loadOrder = loadOrder();
        Map<String, List<MigrationScripts.Script>> moduleScripts = new HashMap<>();
        List<MigrationScripts.Script> scripts = scripts(loadOrder, moduleScripts);
        reportAddonIssues();
        reportFolders();
        reportStuckStates();
        reportUpgradesAndInstalls(moduleScripts);
        List<String> canaryReasons = canary(loadOrder);
        return new UpgradePlan(input.series(), modulePlans(moduleScripts), inOrder(loadOrder, Action.UPGRADE), installOrder(loadOrder),
                named(Action.REMOVE), named(Action.UPDATE), scripts, loadOrder, autoInstallNotes, findings, canaryReasons);
    }

    // ---------------------------------------------------------------- module facts

    private List<String> dependencies(String name) {
        Addon addon = scan.addon(name);
        if (addon != null && addon.manifest() != null) {
            return addon.depends();
        }
        DbModule module = database.get(name);
        return module == null ? List.of() : module.dependencyNames();
    }

    private boolean loaded(String name) {
        DbModule module = database.get(name);
        return module != null && module.state().loaded();
    }

    private boolean known(String name) {
        return scan.contains(name) || database.containsKey(name);
    }

    /** Returns whether a module counts as installed for an auto_install trigger: installed or to upgrade, and loadable. */
    private boolean installedForTrigger(String name) {
        DbModule module = database.get(name);
        boolean installedState = module != null && (module.state() == ModuleState.INSTALLED || module.state() == ModuleState.TO_UPGRADE);
        return installedState && !unloadable.contains(name);
    }

    private void finding(MigrateFindings code, Severity severity, String subject, String message) {
        findings.add(new Finding(code.code(), severity, subject, message, Map.of()));
    }

    private void act(String name, Action action, String reason) {
        actions.put(name, action);
        reasons.put(name, reason);
    }

    // ---------------------------------------------------------------- installed modules

    private void classifyInstalled() {
        for (DbModule module : database.values()) {
            if (!module.state().loaded()) {
                continue;
            }
            String name = module.name();
            Addon addon = scan.addon(name);
            if (module.state() == ModuleState.TO_REMOVE) {
                act(name, Action.REMOVE, "marked 'to remove' in the database");
            } else if (addon == null) {
                classifyMissing(module);
            } else if (addon.manifest() == null || addon.version() == null) {
                act(name, Action.NOT_LOADED, "its manifest or version is invalid");
                unloadable.add(name);
            } else if (!addon.installable()) {
                act(name, Action.NOT_LOADED, "its manifest says installable: False");
                unloadable.add(name);
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
        if (!fullAddons) {
            act(name, Action.EXTERNAL, "not in the given addons; taken as shipped with Odoo's addons");
            return;
        }
        act(name, Action.NOT_LOADED, "not in the addons");
        unloadable.add(name);
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
            act(name, Action.RELOAD, "marked 'to upgrade' in the database");
        } else {
            act(name, Action.UNCHANGED, "at " + installed);
        }
    }

    private void applyChecksums() {
        ChecksumComparison checksums = input.checksums();
        for (String problem : checksums.problems()) {
            finding(MigrateFindings.CHECKSUM_UNREADABLE, Severity.WARNING, ChecksumComparison.INSTALLED_CHECKSUMS, "The checksum comparison "
                    + "is incomplete: " + problem + ".");
        }
        for (String name : checksums.changed()) {
            Action action = actions.get(name);
            if (action == Action.UNCHANGED || action == Action.RELOAD) {
                act(name, Action.UPDATE, "code changed, version not bumped");
                String version = database.get(name).latestVersion();
                finding(MigrateFindings.CHECKSUM_CODE_CHANGED, Severity.WARNING, name, "The code of " + name + " changed since "
                        + "click-odoo-update stored its checksum, but its version is still " + version + ": click-odoo-update updates it "
                        + "(reloading its data and changing the schema), yet no migration script runs, not even 0.0.0, and "
                        + "latest_version stays " + version + ". Bump the version if the change needs a migration.");
            }
        }
        for (String name : checksums.notStored()) {
            Action action = actions.get(name);
            if (action == Action.UNCHANGED || action == Action.RELOAD) {
                act(name, Action.UPDATE, "no stored checksum");
                finding(MigrateFindings.CHECKSUM_NOT_STORED, Severity.INFO, name, ChecksumComparison.INSTALLED_CHECKSUMS + " has no "
                        + "checksum for " + name + ", so click-odoo-update updates it.");
            }
        }
    }

    private Set<String> updatedModules() {
        Set<String> updated = new TreeSet<>();
        actions.forEach((name, action) -> {
            boolean markedUpgrade = database.get(name).state() == ModuleState.TO_UPGRADE && action == Action.RELOAD;
            if (action == Action.UPGRADE || action == Action.UPDATE || markedUpgrade) {
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
        for (String name : graph.withDependents(updated)) {
            Action action = actions.get(name);
            if (action == Action.UNCHANGED || action == Action.EXTERNAL) {
                Set<String> causes = new TreeSet<>(graph.withDependencies(List.of(name)));
                causes.retainAll(updated);
                act(name, action == Action.UNCHANGED ? Action.RELOAD : Action.EXTERNAL, "depends on updated " + first(causes, 3));
                reloaded.add(name);
            }
        }
        return reloaded;
    }

    private static String first(Collection<String> names, int count) {
        List<String> list = new ArrayList<>(names);
        String head = String.join(", ", list.subList(0, Math.min(count, list.size())));
        return list.size() > count ? head + " and " + (list.size() - count) + " more" : head;
    }

    // ---------------------------------------------------------------- installs

    private void collectInstalls(Set<String> updated, Set<String> reloaded) {
        for (String name : input.requested()) {
            if (loaded(name) && actions.get(name) != Action.REMOVE) {
                finding(MigrateFindings.MODULE_ALREADY_INSTALLED, Severity.INFO, name, name + " was requested for installation but is "
                        + "installed already (" + database.get(name).state().value() + ").");
            } else {
                addInstall(name, "requested");
            }
        }
        for (DbModule module : database.values()) {
            if (module.state() == ModuleState.TO_INSTALL) {
                addInstall(module.name(), "marked 'to install' in the database");
            }
        }
        Set<String> todo = new TreeSet<>(updated);
        todo.addAll(reloaded);
        for (String name : todo) {
            for (String dependency : dependencies(name)) {
                if (!loaded(dependency)) {
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
            for (String dependency : dependencies(name)) {
                if (!loaded(dependency) && !installs.containsKey(dependency)) {
                    addInstall(dependency, "dependency of " + name);
                    work.add(dependency);
                }
            }
        }
    }

    private boolean autoInstallEnabled(String name) {
        Addon addon = scan.addon(name);
        if (addon != null) {
            return addon.manifest() != null && addon.manifest().autoInstall().enabled();
        }
        DbModule module = database.get(name);
        return !fullAddons && module != null && module.autoInstall();
    }

    private Set<String> triggers(String name) {
        Addon addon = scan.addon(name);
        if (addon != null && addon.manifest() != null) {
            return addon.manifest().autoInstall().triggers();
        }
        return database.get(name).triggers();
    }

    private boolean installable(String name) {
        Addon addon = scan.addon(name);
        if (addon != null) {
            return addon.installable() && !addon.hasErrors();
        }
        DbModule module = database.get(name);
        return !fullAddons && module != null && module.state() != ModuleState.UNINSTALLABLE;
    }

    /** Repeats {@code button_install}'s auto_install loop until no module is added, then explains the modules left out. */
    private void resolveAutoInstall() {
        Set<String> candidates = new TreeSet<>();
        scan.addons().keySet().forEach(candidates::add);
        database.keySet().forEach(candidates::add);
        candidates.removeIf(name -> !autoInstallEnabled(name) || loaded(name) || installs.containsKey(name) || !installable(name));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String name : candidates) {
                if (installs.containsKey(name)) {
                    continue;
                }
                Set<String> triggers = triggers(name);
                boolean allPresent = !triggers.isEmpty() && triggers.stream().allMatch(t -> installedForTrigger(t) || installs.containsKey(t));
                List<String> fresh = triggers.stream().filter(installs::containsKey).toList();
                if (allPresent && !fresh.isEmpty()) {
                    addInstall(name, "auto_install: its triggers " + String.join(", ", triggers) + " will all be installed, and "
                            + String.join(", ", fresh) + (fresh.size() == 1 ? " is" : " are") + " being installed now");
                    autoInstallNotes.add(new AutoInstallNote(name, true, List.copyOf(triggers), List.of(), installs.get(name)));
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
        Addon addon = scan.addon(name);
        if (input.series().hasCountries() && addon != null && !addon.manifest().countries().isEmpty()) {
            finding(MigrateFindings.AUTO_INSTALL_COUNTRIES, Severity.INFO, name, name + " is restricted to the countries "
                    + addon.manifest().countries() + ": Odoo " + input.series().text() + " auto-installs it only when a company is in one of "
                    + "them, which this check does not read; the plan assumes it is installed.");
        }
    }

    private void explainNotInstalled(String name) {
        List<String> triggers = List.copyOf(triggers(name));
        List<String> missing = triggers.stream().filter(t -> !installedForTrigger(t) && !installs.containsKey(t)).toList();
        String reason;
        if (triggers.isEmpty()) {
            reason = "auto_install has no trigger dependency, so Odoo installs it only when it creates a database";
        } else if (missing.isEmpty()) {
            reason = "every trigger (" + String.join(", ", triggers) + ") is installed already and none is being installed now, and "
                    + "Odoo auto-installs only when a trigger is being installed";
            boolean newModule = !database.containsKey(name);
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
            autoInstallNotes.add(new AutoInstallNote(name, false, triggers, missing, reason));
        }
    }

    /** Checks that every module to install can be installed: in the addons, installable, readable. */
    private void checkInstallable() {
        for (Map.Entry<String, String> entry : installs.entrySet()) {
            String name = entry.getKey();
            String reason = entry.getValue();
            Addon addon = scan.addon(name);
            if (addon != null) {
                if (addon.manifest() != null && !addon.installable()) {
                    finding(MigrateFindings.MODULE_NOT_INSTALLABLE, Severity.ERROR, name, name + " must be installed (" + reason + ") but "
                            + "its manifest says installable: False, so Odoo cannot install it. Make it installable or remove the need.");
                    unloadable.add(name);
                } else if (addon.hasErrors() || addon.version() == null) {
                    unloadable.add(name);
                }
            } else if (database.containsKey(name)) {
                if (fullAddons) {
                    finding(MigrateFindings.MODULE_NOT_FOUND, Severity.ERROR, name, name + " must be installed (" + reason + ") but is "
                            + "not in the addons; the database knows it only from an earlier addons path. Add it to the addons.");
                    unloadable.add(name);
                }
            } else if (reason.equals("requested")) {
                finding(MigrateFindings.MODULE_NOT_FOUND, Severity.ERROR, name, name + " was requested for installation but is neither "
                        + "in the addons nor in ir_module_module. Check the name and the addons paths.");
                unloadable.add(name);
            } else {
                finding(MigrateFindings.MODULE_DEPENDENCY_MISSING, Severity.ERROR, name, name + " is needed (" + reason + ") but is "
                        + "neither in the addons nor in ir_module_module, so the update fails ('depends on the module " + name
                        + ". But this module is not available'). Add it to the addons.");
                unloadable.add(name);
            }
            act(name, Action.INSTALL, reason);
        }
    }

    /**
     * Checks the dependencies of installed modules the update does not touch: nothing installs a new dependency of
     * theirs, so Odoo does not load them.
     */
    private void checkUntouchedDependencies(Set<String> updated, Set<String> reloaded) {
        for (Map.Entry<String, Action> entry : actions.entrySet()) {
            String name = entry.getKey();
            if (entry.getValue() != Action.UNCHANGED || updated.contains(name) || reloaded.contains(name)) {
                continue;
            }
            for (String dependency : dependencies(name)) {
                if (loaded(dependency) || installs.containsKey(dependency)) {
                    continue;
                }
                unloadable.add(name);
                if (!known(dependency)) {
                    finding(MigrateFindings.MODULE_DEPENDENCY_MISSING, Severity.ERROR, name, name + " depends on " + dependency + ", which "
                            + "is neither in the addons nor in ir_module_module, so Odoo will not load " + name + ". Add " + dependency
                            + " to the addons or remove the dependency.");
                } else {
                    finding(MigrateFindings.MODULE_DEPENDENCY_NOT_INSTALLED, Severity.ERROR, name, name + " depends on " + dependency
                            + ", which is not installed. The update does not touch " + name + " because its version is unchanged, so "
                            + "nothing installs " + dependency + " and Odoo will not load " + name + ". Raise the version of " + name
                            + " so that the update installs " + dependency + ", or install it (install: ['" + dependency + "']).");
                }
            }
        }
    }

    // ---------------------------------------------------------------- load order and scripts

    /** Returns the modules the updated registry loads, and reports those that depend on a module that cannot load. */
    private List<String> loadOrder() {
        Set<String> candidates = new TreeSet<>();
        actions.forEach((name, action) -> {
            boolean loads = switch (action) {
                case UPGRADE, UNCHANGED, RELOAD, UPDATE, EXTERNAL, DOWNGRADE, INSTALL -> true;
                default -> false;
            };
            if (loads && !unloadable.contains(name)) {
                candidates.add(name);
            }
        });
        List<String> order = graph.loadOrder(candidates);
        Set<String> loading = new HashSet<>(order);
        for (String name : candidates) {
            if (!loading.contains(name)) {
                List<String> blockers = dependencies(name).stream().filter(dependency -> !loading.contains(dependency)).toList();
                finding(MigrateFindings.MODULE_NOT_LOADED, Severity.ERROR, name, name + " will not load because "
                        + (blockers.isEmpty() ? "it is part of a dependency cycle" : "its dependency " + String.join(", ", blockers)
                        + " cannot be loaded") + "; fix that module first.");
            }
        }
        return order;
    }

    private List<MigrationScripts.Script> scripts(List<String> loadOrder, Map<String, List<MigrationScripts.Script>> moduleScripts) {
        List<MigrationScripts.Script> ordered = new ArrayList<>();
        List<String> upgraded = loadOrder.stream().filter(name -> actions.get(name) == Action.UPGRADE).toList();
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
        Addon addon = scan.addon(name);
        String installed = database.get(name).latestVersion();
        return MigrationScripts.toRun(addon.scripts(), input.series(), installed == null ? "" : installed, addon.version(), stage);
    }

    private static Severity severity(AddonIssue.Level level) {
        return switch (level) {
            case ERROR -> Severity.ERROR;
            case WARNING -> Severity.WARNING;
            case INFO -> Severity.INFO;
        };
    }

    // ---------------------------------------------------------------- findings

    /**
     * Reports the manifest and folder issues found without the database. A module that is neither installed nor being
     * installed does not stop the update (Odoo ignores a manifest it cannot read there), so its errors become warnings
     * and its notes are left out; a duplicate name stays an error.
     */
    private void reportAddonIssues() {
        List<AddonIssue> issues = new ArrayList<>(scan.allIssues());
        for (AddonIssue issue : issues) {
            String module = issue.module();
            boolean inUse = module == null || loaded(module) || installs.containsKey(module)
                    || issue.kind() == AddonIssue.Kind.DEPENDENCY_CYCLE && cycleInUse(issue);
            Severity severity = severity(issue.level());
            if (!inUse && severity == Severity.INFO) {
                continue;
            }
            if (!inUse && severity == Severity.ERROR && issue.kind() != AddonIssue.Kind.DUPLICATE_MODULE) {
                severity = Severity.WARNING;
            }
            String suffix = inUse || issue.level() != AddonIssue.Level.ERROR ? ""
                    : " The module is not installed and nothing installs it, so this does not stop the update.";
            Map<String, Object> details = issue.file() == null ? Map.of() : Map.of("path", issue.file().toString(), "line", issue.line());
            String where = issue.file() == null ? "" : issue.file() + (issue.line() > 0 ? ":" + issue.line() : "") + ": ";
            findings.add(new Finding(code(issue.kind()).code(), severity, module, sentence(where + issue.message()) + suffix, details));
        }
    }

    private boolean cycleInUse(AddonIssue issue) {
        return graph.cycles().stream().filter(cycle -> cycle.contains(issue.module())).flatMap(List::stream)
                .anyMatch(name -> loaded(name) || installs.containsKey(name));
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static MigrateFindings code(AddonIssue.Kind kind) {
        return switch (kind) {
            case MANIFEST_UNREADABLE, MANIFEST_SYNTAX, MANIFEST_NOT_LITERAL, MANIFEST_NOT_DICT, MANIFEST_INVALID_VALUE ->
                    MigrateFindings.MODULE_MANIFEST_INVALID;
            case MANIFEST_LEGACY_NAME -> MigrateFindings.MODULE_MANIFEST_LEGACY_NAME;
            case LICENSE_MISSING -> MigrateFindings.MODULE_LICENSE_MISSING;
            case VERSION_MISSING -> MigrateFindings.MODULE_VERSION_MISSING;
            case VERSION_INVALID, VERSION_OTHER_SERIES -> MigrateFindings.MODULE_VERSION_INVALID;
            case VERSION_NONSTANDARD -> MigrateFindings.MODULE_VERSION_NONSTANDARD;
            case AUTO_INSTALL_NOT_DEPENDENCY -> MigrateFindings.MODULE_AUTO_INSTALL_INVALID;
            case DUPLICATE_MODULE -> MigrateFindings.MODULE_DUPLICATE;
            case DEPENDENCY_CYCLE -> MigrateFindings.MODULE_DEPENDENCY_CYCLE;
            case MIGRATION_FOLDER_INVALID_NAME -> MigrateFindings.MIGRATION_FOLDER_IGNORED;
            case MIGRATION_FOLDER_NEVER_RUNS -> MigrateFindings.MIGRATION_FOLDER_NEVER_RUNS;
            case MIGRATION_FOLDER_ABOVE_MANIFEST -> MigrateFindings.MIGRATION_FOLDER_ABOVE_MANIFEST;
            case MIGRATION_FOLDER_OTHER_SERIES -> MigrateFindings.MIGRATION_FOLDER_OTHER_SERIES;
            case MIGRATION_FILE_NO_STAGE -> MigrateFindings.MIGRATION_FILE_NO_STAGE;
            case MIGRATION_SCRIPT_NO_MIGRATE, MIGRATION_SCRIPT_BAD_SIGNATURE -> MigrateFindings.MIGRATION_SCRIPT_INVALID;
        };
    }

    /**
     * Reports the migration folders of installed modules that will not run on this database: a folder at the installed
     * version is a warning (it was probably added after that version was deployed), older folders are recorded only.
     */
    private void reportFolders() {
        for (Map.Entry<String, Action> entry : actions.entrySet()) {
            String name = entry.getKey();
            Addon addon = scan.addon(name);
            DbModule module = database.get(name);
            if (addon == null || addon.version() == null || module == null || module.latestVersion() == null || !module.state().loaded()) {
                continue;
            }
            OdooVersion installed = OdooVersion.parse(module.latestVersion());
            List<String> atInstalled = new ArrayList<>();
            List<String> below = new ArrayList<>();
            for (String folder : addon.scripts().versions()) {
                if (MigrationScripts.status(folder, input.series(), module.latestVersion(), addon.version())
                        != MigrationScripts.FolderStatus.AT_OR_BELOW_INSTALLED) {
                    continue;
                }
                String full = input.series().folderVersion(folder);
                OdooVersion version = OdooVersion.parse(full);
                boolean equal = full.equals(folder) ? version.compareTo(installed) == 0 : version.compareWithoutSeries(installed) == 0;
                (equal ? atInstalled : below).add(folder + (full.equals(folder) ? "" : " (" + full + ")"));
            }
            if (!atInstalled.isEmpty()) {
                finding(MigrateFindings.MIGRATION_FOLDER_NOT_RUN, Severity.WARNING, name, "The migration folder " + String.join(", ", atInstalled)
                        + " of " + name + " equals the installed version " + module.latestVersion() + ", so its scripts never run on this "
                        + "database. If it was added after that version was deployed, raise the manifest version above "
                        + module.latestVersion() + " and rename the folder to match.");
            }
            if (!below.isEmpty()) {
                String folders = below.size() == 1 ? "The migration folder " + below.get(0) + " of " + name + " is below the installed "
                        + "version " + module.latestVersion() + " and does not run again."
                        : "The migration folders " + String.join(", ", below) + " of " + name + " are below the installed version "
                        + module.latestVersion() + " and do not run again.";
                finding(MigrateFindings.MIGRATION_FOLDER_NOT_RUN, Severity.INFO, name, folders);
            }
        }
    }

    private void reportStuckStates() {
        Map<ModuleState, List<String>> stuck = new TreeMap<>();
        database.values().stream().filter(module -> module.state().pending())
                .forEach(module -> stuck.computeIfAbsent(module.state(), key -> new ArrayList<>()).add(module.name()));
        if (stuck.isEmpty()) {
            return;
        }
        String list = stuck.entrySet().stream().map(entry -> "'" + entry.getKey().value() + "': " + String.join(", ", entry.getValue()))
                .collect(Collectors.joining("; "));
        finding(MigrateFindings.DATABASE_MODULES_STUCK, Severity.ERROR, "ir_module_module", "Modules wait in transient states (" + list
                + "). While any module is in such a state Odoo runs no scheduled actions on the database (ir_cron skips it), and the next "
                + "update applies them. Finish them with an update or cancel them in Apps before deploying.");
    }

    private void reportUpgradesAndInstalls(Map<String, List<MigrationScripts.Script>> moduleScripts) {
        actions.forEach((name, action) -> {
            if (action == Action.UPGRADE) {
                List<MigrationScripts.Script> scripts = moduleScripts.getOrDefault(name, List.of());
                finding(MigrateFindings.MODULE_UPGRADE, Severity.INFO, name, name + " will be upgraded from " + reasons.get(name)
                        + (scripts.isEmpty() ? " with no migration script." : " with " + scripts.size() + " migration script"
                        + (scripts.size() == 1 ? ": " : "s: ") + scripts.stream().map(s -> s.relativePath()).collect(Collectors.joining(", ")) + "."));
            } else if (action == Action.INSTALL && !unloadable.contains(name)) {
                finding(MigrateFindings.MODULE_INSTALL, Severity.INFO, name, name + " will be installed (" + reasons.get(name) + ").");
            }
        });
    }

    private List<String> canary(List<String> loadOrder) {
        List<String> reasonsList = new ArrayList<>();
        addCanaryReason(reasonsList, "installs", inOrder(loadOrder, Action.INSTALL));
        addCanaryReason(reasonsList, "upgrades", inOrder(loadOrder, Action.UPGRADE));
        addCanaryReason(reasonsList, "removes", named(Action.REMOVE));
        addCanaryReason(reasonsList, "updates (code changed, version not bumped)", named(Action.UPDATE));
        if (!reasonsList.isEmpty()) {
            finding(MigrateFindings.CANARY_UNSAFE, Severity.INFO, null, "Not safe for a canary: the update " + String.join("; ", reasonsList)
                    + ". Old and new code would share one schema, so roll out with the update instead.");
        }
        return reasonsList;
    }

    private static void addCanaryReason(List<String> reasons, String verb, List<String> modules) {
        if (!modules.isEmpty()) {
            reasons.add(verb + " " + first(modules, 10));
        }
    }

    // ---------------------------------------------------------------- result

    private List<String> named(Action action) {
        return actions.entrySet().stream().filter(entry -> entry.getValue() == action).map(Map.Entry::getKey).toList();
    }

    /** Returns the modules with the action that the updated registry loads, in load order; the others are blocked. */
    private List<String> inOrder(List<String> loadOrder, Action action) {
        return loadOrder.stream().filter(name -> actions.get(name) == action).toList();
    }

    private List<String> installOrder(List<String> loadOrder) {
        return inOrder(loadOrder, Action.INSTALL);
    }

    private Map<String, ModulePlan> modulePlans(Map<String, List<MigrationScripts.Script>> moduleScripts) {
        Set<String> names = new TreeSet<>(actions.keySet());
        names.addAll(scan.addons().keySet());
        Map<String, ModulePlan> plans = new LinkedHashMap<>();
        for (String name : names) {
            Addon addon = scan.addon(name);
            DbModule module = database.get(name);
            Action action = actions.getOrDefault(name, Action.NOT_INSTALLED);
            String reason = reasons.getOrDefault(name, "");
            if (action == Action.NOT_INSTALLED) {
                reason = module == null ? "new to the database" : "state " + module.state().value();
            }
            plans.put(name, new ModulePlan(name, action, module == null ? null : module.state(), module == null ? null : module.latestVersion(),
                    addon == null || addon.version() == null ? null : addon.version().full(), reason,
                    moduleScripts.getOrDefault(name, List.of()), addon == null ? null : addon.directory()));
        }
        return plans;
    }
}
