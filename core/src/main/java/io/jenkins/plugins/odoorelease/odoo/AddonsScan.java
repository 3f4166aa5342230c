package io.jenkins.plugins.odoorelease.odoo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The modules found in a list of addons paths, as one Odoo server with that {@code addons_path} would see them.
 *
 * @param series the series the manifests were read for
 * @param addonsPaths the paths in the order given, which is the order Odoo searches them
 * @param addons the modules by name, sorted by name; for a name found in several paths, the first path's module,
 *     as {@code get_module_path} returns it
 * @param shadowed for each name found in several paths, the folders Odoo ignores because an earlier path has it
 * @param issues issues that concern no single module, such as dependency cycles
 */
public record AddonsScan(OdooSeries series, List<Path> addonsPaths, Map<String, Addon> addons, Map<String, List<Path>> shadowed,
        List<AddonIssue> issues) {

    public AddonsScan {
        addonsPaths = List.copyOf(addonsPaths);
        addons = Collections.unmodifiableMap(new LinkedHashMap<>(addons));
        shadowed = Collections.unmodifiableMap(new LinkedHashMap<>(shadowed));
        issues = List.copyOf(issues);
    }

    /** Returns the module of that name, or {@code null}. */
    public Addon addon(String name) {
        return addons.get(name);
    }

    public boolean contains(String name) {
        return addons.containsKey(name);
    }

    /** Returns every issue: those of each module, by module name, then those of the scan. */
    public List<AddonIssue> allIssues() {
        List<AddonIssue> all = new ArrayList<>();
        addons.values().forEach(addon -> all.addAll(addon.issues()));
        all.addAll(issues);
        return all;
    }

    /** Returns the dependencies of every module whose manifest was read, for a {@link ModuleGraph}. */
    public Map<String, List<String>> dependencies() {
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        addons.forEach((name, addon) -> dependencies.put(name, addon.depends()));
        return dependencies;
    }
}
