package io.jenkins.plugins.odoorelease.odoo;

import java.util.Objects;

/**
 * A module version from a manifest, normalised for a series by {@link OdooSeries#adaptVersion}.
 *
 * @param declared the version as the manifest writes it, for example {@code 1.2.0}
 * @param full the version with the series prefix, for example {@code 17.0.1.2.0}; Odoo stores this in
 *     {@code ir_module_module.latest_version}
 * @param standard whether it has the form 17.0 and later require (two or three numbers after the series); only
 *     16.0 accepts other forms
 */
public record ModuleVersion(String declared, String full, boolean standard) implements Comparable<ModuleVersion> {

    public ModuleVersion {
        Objects.requireNonNull(declared, "declared");
        Objects.requireNonNull(full, "full");
    }

    /** Returns the comparison key of the full version. */
    public OdooVersion parsed() {
        return OdooVersion.parse(full);
    }

    @Override
    public int compareTo(ModuleVersion other) {
        return parsed().compareTo(other.parsed());
    }

    @Override
    public String toString() {
        return full;
    }
}
