package io.jenkins.plugins.odoorelease.migrate;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A module as the database knows it: one {@code ir_module_module} row and its {@code ir_module_module_dependency}
 * rows.
 *
 * @param latestVersion the installed version ({@code latest_version}, for example {@code 17.0.1.3}), or {@code null}
 * @param autoInstall the {@code auto_install} column
 * @param dependencies the dependency rows, by name
 */
public record DbModule(String name, ModuleState state, String latestVersion, boolean autoInstall, List<Dependency> dependencies) {

    public DbModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        dependencies = List.copyOf(dependencies);
    }

    /**
     * One {@code ir_module_module_dependency} row.
     *
     * @param autoInstallRequired whether this dependency triggers the auto-install ({@code auto_install_required})
     */
    public record Dependency(String name, boolean autoInstallRequired) {
    }

    /** Returns the names of the dependencies. */
    public List<String> dependencyNames() {
        return dependencies.stream().map(Dependency::name).toList();
    }

    /** Returns the dependencies that trigger the auto-install. */
    public Set<String> triggers() {
        return dependencies.stream().filter(Dependency::autoInstallRequired).map(Dependency::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
