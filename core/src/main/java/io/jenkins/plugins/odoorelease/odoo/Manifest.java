package io.jenkins.plugins.odoorelease.odoo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A module's manifest as Odoo reads it ({@code load_manifest} in {@code odoo/modules/module.py}): the parsed dict
 * plus the normalised values that decide loading and upgrading.
 *
 * @param module the module's technical name, which is its folder name
 * @param file the manifest file, {@code __manifest__.py} or {@code __openerp__.py}
 * @param values the dict as written, with Python values mapped as {@link PythonLiteral} describes
 * @param declaredVersion the {@code version} as written, or {@code null} when the manifest has none
 * @param version the version normalised for the series ({@code 1.0} when none is declared, as Odoo assumes), or
 *     {@code null} when the series rejects it
 * @param depends the modules this one depends on, in manifest order
 * @param autoInstall whether and when Odoo installs the module by itself
 * @param installable the truth value of {@code installable}, true when absent
 * @param license the license, {@code LGPL-3} when absent, as Odoo assumes
 * @param countries the country codes an 18.0 module restricts auto-installation to; empty before 18.0
 */
public record Manifest(
        String module,
        Path file,
        Map<Object, Object> values,
        String declaredVersion,
        ModuleVersion version,
        List<String> depends,
        AutoInstall autoInstall,
        boolean installable,
        String license,
        List<String> countries) {

    /** The default {@code version} of {@code _DEFAULT_MANIFEST} in 16.0, 17.0 and 18.0. */
    public static final String DEFAULT_VERSION = "1.0";
    /** The license {@code load_manifest} sets when the manifest has none. */
    public static final String DEFAULT_LICENSE = "LGPL-3";

    public Manifest {
        Objects.requireNonNull(module, "module");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        depends = List.copyOf(depends);
        Objects.requireNonNull(autoInstall, "autoInstall");
        countries = List.copyOf(countries);
    }

    /** The manifest's {@code name}, the title people see, or {@code null}. */
    public String title() {
        return values.get("name") instanceof String title ? title : null;
    }

    /** Returns whether the file is the legacy {@code __openerp__.py}. */
    public boolean legacyFileName() {
        return file != null && file.getFileName().toString().equals(ManifestReader.LEGACY_MANIFEST);
    }

    /**
     * When Odoo installs a module by itself. {@code load_manifest} turns {@code auto_install: True} into the set
     * of all dependencies and a list into a set; each dependency in the set triggers the install.
     *
     * @param enabled whether {@code auto_install} is anything other than false
     * @param triggers the dependencies that must all be installed; empty with {@code auto_install: []}, which
     *     Odoo honours only when it creates a database
     */
    public record AutoInstall(boolean enabled, Set<String> triggers) {

        public static final AutoInstall NONE = new AutoInstall(false, Set.of());

        public AutoInstall {
            triggers = Collections.unmodifiableSet(new LinkedHashSet<>(triggers));
        }
    }
}
