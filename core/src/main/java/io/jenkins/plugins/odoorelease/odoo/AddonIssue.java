package io.jenkins.plugins.odoorelease.odoo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something wrong or noteworthy in one module's files, found without a database: a manifest Odoo cannot read, a
 * version the series rejects, a migration folder that never runs. Front ends map the kind to their own finding
 * codes; the level tells how Odoo reacts.
 *
 * @param kind what was found; the names are stable
 * @param level {@code ERROR} when Odoo would fail to load or update the module, {@code WARNING} when Odoo goes on
 *     but probably not as the author meant, {@code INFO} for facts worth recording
 * @param module the module's technical name, or {@code null} when the issue is about an addons path
 * @param file the file or folder concerned, or {@code null}
 * @param line the 1-based line in {@code file}, or 0 when not known
 * @param message what is wrong and what to do, as sentences
 */
public record AddonIssue(Kind kind, Level level, String module, Path file, int line, String message) {

    public AddonIssue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** How much an issue matters. */
    public enum Level {
        INFO,
        WARNING,
        ERROR
    }

    /** What an issue is about. */
    public enum Kind {
        /** The manifest file cannot be read, is not UTF-8 or starts with a byte order mark. */
        MANIFEST_UNREADABLE,
        /** The manifest is not valid Python. */
        MANIFEST_SYNTAX,
        /** The manifest is valid Python but not a literal, so Odoo's {@code ast.literal_eval} rejects it. */
        MANIFEST_NOT_LITERAL,
        /** The manifest is a literal but not a dict. */
        MANIFEST_NOT_DICT,
        /** A manifest key has a value of a type Odoo cannot use, such as {@code depends} as a string. */
        MANIFEST_INVALID_VALUE,
        /** The manifest is named {@code __openerp__.py}. */
        MANIFEST_LEGACY_NAME,
        /** The manifest has no {@code license}; Odoo assumes LGPL-3 and logs a warning. */
        LICENSE_MISSING,
        /** The manifest has no {@code version}; Odoo assumes {@code 1.0}. */
        VERSION_MISSING,
        /** The version is not one the series accepts. */
        VERSION_INVALID,
        /** The version belongs to another series, such as {@code 16.0.1.0.0} for 17.0. */
        VERSION_OTHER_SERIES,
        /** 16.0 accepts the version, but it is not of the form x.y, x.y.z that later series require. */
        VERSION_NONSTANDARD,
        /** An {@code auto_install} trigger is not in {@code depends}; Odoo fails with an assertion. */
        AUTO_INSTALL_NOT_DEPENDENCY,
        /** Two addons paths hold a module of the same name; Odoo uses the first. */
        DUPLICATE_MODULE,
        /** A migration folder name Odoo ignores (17.0 and later log a warning). */
        MIGRATION_FOLDER_INVALID_NAME,
        /** A folder 16.0 reads as a full version, such as {@code 1.2.0}, so its scripts never run. */
        MIGRATION_FOLDER_NEVER_RUNS,
        /** A migration folder above the manifest version: the version bump was probably forgotten. */
        MIGRATION_FOLDER_ABOVE_MANIFEST,
        /** A migration folder of another series, such as {@code 16.0.1.3} in a 17.0 module. */
        MIGRATION_FOLDER_OTHER_SERIES,
        /** A {@code .py} file in a version folder whose name starts with none of {@code pre-}, {@code post-}, {@code end-}. */
        MIGRATION_FILE_NO_STAGE,
        /** A migration script without a {@code migrate} function. */
        MIGRATION_SCRIPT_NO_MIGRATE,
        /** A {@code migrate} function whose parameters are not {@code (cr, version)}. */
        MIGRATION_SCRIPT_BAD_SIGNATURE,
        /** Modules that depend on each other in a cycle; Odoo loads none of them. */
        DEPENDENCY_CYCLE;

        /**
         * Returns whether the issue is about the manifest's text or values, which Odoo must read before it can load
         * or install the module, rather than about migration folders, duplicates or cycles.
         */
        public boolean inManifest() {
            return switch (this) {
                case MANIFEST_UNREADABLE, MANIFEST_SYNTAX, MANIFEST_NOT_LITERAL, MANIFEST_NOT_DICT, MANIFEST_INVALID_VALUE,
                        MANIFEST_LEGACY_NAME, LICENSE_MISSING, VERSION_MISSING, VERSION_INVALID, VERSION_OTHER_SERIES,
                        VERSION_NONSTANDARD, AUTO_INSTALL_NOT_DEPENDENCY -> true;
                default -> false;
            };
        }
    }

    /** Renders the issue on one line: {@code sale_ext: /addons/sale_ext/__manifest__.py:12: message}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (module != null) {
            text.append(module).append(": ");
        }
        if (file != null) {
            text.append(file);
            if (line > 0) {
                text.append(':').append(line);
            }
            text.append(": ");
        }
        return text.append(message).toString();
    }
}
