package io.jenkins.plugins.odoorelease.odoo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A module found in an addons path.
 *
 * @param name the technical name, which is the folder name
 * @param directory the module folder
 * @param addonsPath the addons path it was found in
 * @param manifest the manifest, or {@code null} when Odoo could not read it (see the issues)
 * @param scripts its migration folders
 * @param issues what is wrong with its manifest, version or migration folders, found without a database
 */
public record Addon(String name, Path directory, Path addonsPath, Manifest manifest, MigrationScripts.ModuleScripts scripts,
        List<AddonIssue> issues) {

    public Addon {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(scripts, "scripts");
        issues = List.copyOf(issues);
    }

    /** Returns whether Odoo would fail to read the manifest or to load the module in its current state. */
    public boolean hasErrors() {
        return issues.stream().anyMatch(issue -> issue.level() == AddonIssue.Level.ERROR);
    }

    /**
     * Returns whether Odoo can read the manifest and use it: it parses, and its values and version are valid. Other
     * errors do not stop Odoo from loading or installing the module: it uses the first path of a duplicate name,
     * and it runs no migration script when it installs a module.
     */
    public boolean manifestValid() {
        return manifest != null && manifest.version() != null
                && issues.stream().noneMatch(issue -> issue.level() == AddonIssue.Level.ERROR && issue.kind().inManifest());
    }

    /** Returns whether the manifest was read and marks the module installable. */
    public boolean installable() {
        return manifest != null && manifest.installable();
    }

    /** Returns the normalised version, or {@code null} when the manifest or its version is invalid. */
    public ModuleVersion version() {
        return manifest == null ? null : manifest.version();
    }

    /** Returns the dependencies from the manifest, or an empty list when it could not be read. */
    public List<String> depends() {
        return manifest == null ? List.of() : manifest.depends();
    }
}
