package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.Action;
import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue;
import io.jenkins.plugins.odoorelease.odoo.MigrationScripts;
import io.jenkins.plugins.odoorelease.odoo.OdooVersion;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the findings that describe a finished plan. They cover the addons' own issues, weighed by whether the module
 * is in use, the migration folders that will not run, the modules stuck in a transient state, what each module will
 * do, and why a canary is not safe. It reads the plan's decisions and changes none of them.
 */
final class PlanFindings {

    /**
     * The plan's decisions that the findings describe.
     *
     * @param actions the action of every module, as planned before the load order is known
     * @param reasons why each action applies
     * @param installs the modules the update installs, whether or not they load
     * @param loading the modules the updated registry loads
     * @param scripts the migration scripts that run, by module
     */
    record Decisions(Map<String, Action> actions, Map<String, String> reasons, Set<String> installs, Set<String> loading,
            Map<String, List<MigrationScripts.Script>> scripts) {
    }

    /**
     * The schema changes of the update, each list in load order or by name.
     *
     * @param reloadedMarked the modules the database marks {@code to upgrade} at their installed version, which the
     *     update reloads
     */
    record Changes(List<String> install, List<String> upgrade, List<String> remove, List<String> updatedByChecksum,
            List<String> reloadedMarked) {
    }

    private final ModuleFacts facts;
    private final Decisions decisions;
    private final List<Finding> findings = new ArrayList<>();

    private PlanFindings(ModuleFacts facts, Decisions decisions) {
        this.facts = facts;
        this.decisions = decisions;
    }

    /** Returns the findings about the addons, the folders, the stuck states and each module's action, in that order. */
    static List<Finding> describe(ModuleFacts facts, Decisions decisions) {
        PlanFindings reporter = new PlanFindings(facts, decisions);
        reporter.reportAddonIssues();
        reporter.reportFolders();
        reporter.reportStuckStates();
        reporter.reportUpgradesAndInstalls();
        return List.copyOf(reporter.findings);
    }

    /**
     * Returns why old and new code must not share the database during a canary: each kind of schema change with its
     * modules. Empty when the update changes nothing.
     */
    static List<String> canaryReasons(Changes changes) {
        List<String> reasons = new ArrayList<>();
        addCanaryReason(reasons, "installs", changes.install());
        addCanaryReason(reasons, "upgrades", changes.upgrade());
        addCanaryReason(reasons, "removes", changes.remove());
        addCanaryReason(reasons, "updates (code changed, version not bumped)", changes.updatedByChecksum());
        addCanaryReason(reasons, "reloads (marked 'to upgrade')", changes.reloadedMarked());
        return reasons;
    }

    /** Returns the finding that a canary is not safe, for non-empty reasons. */
    static Finding canaryUnsafe(List<String> reasons) {
        return new Finding(MigrateFindings.CANARY_UNSAFE.code(), Severity.INFO, null, "Not safe for a canary: the update "
                + String.join("; ", reasons) + ". Old and new code would share one schema, so roll out with the update instead.", Map.of());
    }

    private static void addCanaryReason(List<String> reasons, String verb, List<String> modules) {
        if (!modules.isEmpty()) {
            reasons.add(verb + " " + ModuleFacts.first(modules, 10));
        }
    }

    private void finding(MigrateFindings code, Severity severity, String subject, String message) {
        findings.add(new Finding(code.code(), severity, subject, message, Map.of()));
    }

    private boolean inUse(String module) {
        return facts.loaded(module) || decisions.installs().contains(module);
    }

    /**
     * Reports the manifest and folder issues found without the database. A module that is neither installed nor being
     * installed does not stop the update (Odoo ignores a manifest it cannot read there), so its errors become warnings
     * and its notes are left out; a duplicate name stays an error.
     */
    private void reportAddonIssues() {
        for (AddonIssue issue : facts.scan().allIssues()) {
            String module = issue.module();
            boolean inUse = module == null || inUse(module) || issue.kind() == AddonIssue.Kind.DEPENDENCY_CYCLE && cycleInUse(issue);
            Severity severity = UpgradePlanner.severity(issue.level());
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
        return facts.graph().cycles().stream().filter(cycle -> cycle.contains(issue.module())).flatMap(List::stream)
                .anyMatch(this::inUse);
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
     * Reports the migration folders of installed modules that will not run on this database. A folder at the installed
     * version is a warning, because it was probably added after that version was deployed. A folder below it is
     * information only: it ran when the database passed that version, or the module was installed later, and either
     * way it is history rather than a mistake in this release.
     */
    private void reportFolders() {
        for (String name : decisions.actions().keySet()) {
            Addon addon = facts.addon(name);
            DbModule module = facts.row(name);
            if (addon == null || addon.version() == null || module == null || module.latestVersion() == null || !module.state().loaded()) {
                continue;
            }
            OdooVersion installed = OdooVersion.parse(module.latestVersion());
            List<String> atInstalled = new ArrayList<>();
            List<String> below = new ArrayList<>();
            for (String folder : addon.scripts().versions()) {
                if (MigrationScripts.status(folder, facts.series(), module.latestVersion(), addon.version())
                        != MigrationScripts.FolderStatus.AT_OR_BELOW_INSTALLED) {
                    continue;
                }
                String full = facts.series().folderVersion(folder);
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
        facts.database().values().stream().filter(module -> module.state().pending())
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

    /** Reports what the update does with each module that loads; a module that will not load has a blocker instead. */
    private void reportUpgradesAndInstalls() {
        decisions.actions().forEach((name, action) -> {
            if (!decisions.loading().contains(name)) {
                return;
            }
            if (action == Action.UPGRADE) {
                List<MigrationScripts.Script> scripts = decisions.scripts().getOrDefault(name, List.of());
                finding(MigrateFindings.MODULE_UPGRADE, Severity.INFO, name, name + " will be upgraded from " + decisions.reasons().get(name)
                        + (scripts.isEmpty() ? " with no migration script." : " with " + scripts.size() + " migration script"
                        + (scripts.size() == 1 ? ": " : "s: ") + scripts.stream().map(s -> s.relativePath()).collect(Collectors.joining(", ")) + "."));
            } else if (action == Action.INSTALL) {
                finding(MigrateFindings.MODULE_INSTALL, Severity.INFO, name, name + " will be installed (" + decisions.reasons().get(name) + ").");
            }
        });
    }
}
