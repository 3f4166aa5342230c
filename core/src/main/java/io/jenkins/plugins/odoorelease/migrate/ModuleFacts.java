package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.ModuleGraph;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the planner reads about every module, from the addons and from {@code ir_module_module}, and the dependency
 * graph over both. It never changes, so every planning step asks it the same questions.
 */
final class ModuleFacts {

    private final OdooSeries series;
    private final AddonsScan scan;
    private final Map<String, DbModule> database;
    /** Whether the addons include Odoo's own addons; otherwise installed modules outside them are taken as shipped. */
    private final boolean fullAddons;
    private final ModuleGraph graph;

    ModuleFacts(OdooSeries series, AddonsScan scan, Map<String, DbModule> database) {
        this.series = series;
        this.scan = scan;
        this.database = Collections.unmodifiableMap(database);
        this.fullAddons = scan.contains("base");
        Map<String, List<String>> dependencies = new TreeMap<>();
        database.keySet().forEach(name -> dependencies.put(name, dependencies(name)));
        scan.addons().keySet().forEach(name -> dependencies.put(name, dependencies(name)));
        this.graph = new ModuleGraph(dependencies);
    }

    OdooSeries series() {
        return series;
    }

    AddonsScan scan() {
        return scan;
    }

    /** Returns the database's modules by name. */
    Map<String, DbModule> database() {
        return database;
    }

    boolean fullAddons() {
        return fullAddons;
    }

    ModuleGraph graph() {
        return graph;
    }

    /** Returns the module in the addons, or {@code null}. */
    Addon addon(String name) {
        return scan.addon(name);
    }

    /** Returns the module's {@code ir_module_module} row, or {@code null}. */
    DbModule row(String name) {
        return database.get(name);
    }

    /** Returns the dependencies from the manifest, else from {@code ir_module_module_dependency}. */
    List<String> dependencies(String name) {
        Addon addon = scan.addon(name);
        if (addon != null && addon.manifest() != null) {
            return addon.depends();
        }
        DbModule module = database.get(name);
        return module == null ? List.of() : module.dependencyNames();
    }

    /** Returns whether the registry loads the module now: installed, to upgrade or to remove. */
    boolean loaded(String name) {
        DbModule module = database.get(name);
        return module != null && module.state().loaded();
    }

    boolean known(String name) {
        return scan.contains(name) || database.containsKey(name);
    }

    boolean autoInstallEnabled(String name) {
        Addon addon = scan.addon(name);
        if (addon != null) {
            return addon.manifest() != null && addon.manifest().autoInstall().enabled();
        }
        DbModule module = database.get(name);
        return !fullAddons && module != null && module.autoInstall();
    }

    Set<String> triggers(String name) {
        Addon addon = scan.addon(name);
        if (addon != null && addon.manifest() != null) {
            return addon.manifest().autoInstall().triggers();
        }
        return database.get(name).triggers();
    }

    /**
     * Returns whether Odoo can install the module: its manifest is valid and says it is installable. Errors outside
     * the manifest, such as a duplicate name or a migration folder above the manifest version, do not stop an
     * install. A module outside partial addons counts as installable unless the database marks it uninstallable.
     */
    boolean installable(String name) {
        Addon addon = scan.addon(name);
        if (addon != null) {
            return addon.installable() && addon.manifestValid();
        }
        DbModule module = database.get(name);
        return !fullAddons && module != null && module.state() != ModuleState.UNINSTALLABLE;
    }

    /** Joins the first {@code count} names, and says how many more there are. */
    static String first(Collection<String> names, int count) {
        List<String> list = new ArrayList<>(names);
        String head = String.join(", ", list.subList(0, Math.min(count, list.size())));
        return list.size() > count ? head + " and " + (list.size() - count) + " more" : head;
    }
}
