package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.Finding;
import java.util.List;
import java.util.Map;

/**
 * What reading the addons paths found: the modules of each path in name order, the problems, one check per module
 * for JUnit XML, and the dependencies the base image must provide.
 *
 * @param modules the modules of each addons path, keyed by the path's label, in the order of the request
 * @param shadowed the modules of each addons path that an earlier path holds too, so that the image takes them from
 *     there; keyed by label, only for paths that have such modules
 * @param expectedFromBase the names of modules that image modules depend on but that no addons path holds, sorted
 */
record ImageAddons(Map<String, List<ModuleRecord>> modules, Map<String, List<String>> shadowed, List<Finding> findings, List<Check> checks,
        List<String> expectedFromBase) {

    ImageAddons {
        modules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modules));
        shadowed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(shadowed));
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
        expectedFromBase = List.copyOf(expectedFromBase);
    }

    List<ModuleRecord> allModules() {
        return modules.values().stream().flatMap(List::stream).toList();
    }
}
