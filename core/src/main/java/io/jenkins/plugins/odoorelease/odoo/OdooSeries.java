package io.jenkins.plugins.odoorelease.odoo;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Text;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Odoo major series such as {@code 17.0}, with the rules that differ between series: how a manifest version
 * is normalised, which migration folder names count and how they are converted. The rules were read in the
 * {@code odoo/odoo} branches 16.0, 17.0 and 18.0 and checked by running each series; other series are rejected
 * rather than guessed.
 *
 * @param major the major version number, for example 17
 */
public record OdooSeries(int major) {

    private static final List<Integer> SUPPORTED = List.of(16, 17, 18);
    private static final Pattern SERIES_TEXT = Pattern.compile("(\\d+)(?:\\.0)?");
    /** The version remainder 17.0 and later accept: two or three numbers ({@code adapt_version}). */
    private static final Pattern STRICT_REMAINDER = Pattern.compile("^[0-9]+\\.[0-9]+(?:\\.[0-9]+)?$", Pattern.UNIX_LINES);
    /** A full version of some series from 6.0 on: {@code N.0.} and then two or three numbers. */
    private static final Pattern SERIES_PREFIXED = Pattern.compile("^([6-9]|[1-9][0-9]+)\\.0\\.[0-9]+\\.[0-9]+(?:\\.[0-9]+)?$");
    private static final Pattern SERIES_START = Pattern.compile("^(\\d+)\\.0\\.");
    /**
     * Migration folder names that 17.0 and 18.0 accept ({@code VERSION_RE} in {@code odoo/modules/migration.py}):
     * an optional Odoo series ({@code 6.1}, {@code x.0}, {@code x.saas~y} for 7 to 10, {@code saas~x.y}) and a
     * dot, then exactly two or three numbers.
     */
    private static final Pattern FOLDER_NAME = Pattern.compile("^(?:(?:6\\.1|[6-9]\\.0|[1-9][0-9]+\\.0|(?:7|8|9|10)\\.saas~[1-9][0-9]*"
            + "|saas~(?:1[1-9]|[2-9][0-9]+)\\.[1-9])\\.)?[0-9]+\\.[0-9]+(?:\\.[0-9]+)?$", Pattern.UNIX_LINES);

    public OdooSeries {
        if (!SUPPORTED.contains(major)) {
            throw new IllegalArgumentException("unsupported Odoo series " + major + ".0; supported: " + supportedText());
        }
    }

    /** Returns the supported series: 16.0, 17.0 and 18.0. */
    public static List<OdooSeries> supported() {
        return SUPPORTED.stream().map(OdooSeries::new).toList();
    }

    /**
     * Parses {@code 17.0} or {@code 17}.
     *
     * @param name the parameter that contains the value, for the error message
     * @throws InvalidInputException when the text is not a supported series
     */
    public static OdooSeries parse(String text, String name) throws InvalidInputException {
        String trimmed = Text.trimToNull(text);
        Matcher matcher = SERIES_TEXT.matcher(trimmed == null ? "" : trimmed);
        if (!matcher.matches()) {
            throw InvalidInputException.forValue(name, text, "expected an Odoo series such as 17.0; supported: " + supportedText());
        }
        int major = Integer.parseInt(matcher.group(1));
        if (!SUPPORTED.contains(major)) {
            throw InvalidInputException.forValue(name, text, "unsupported Odoo series; supported: " + supportedText());
        }
        return new OdooSeries(major);
    }

    /**
     * Returns the series a full module version belongs to, such as 17.0 for {@code 17.0.1.3}, when it is a
     * supported one. The {@code latest_version} of {@code base} tells the series of a database.
     */
    public static Optional<OdooSeries> ofFullVersion(String version) {
        if (version == null) {
            return Optional.empty();
        }
        Matcher matcher = SERIES_START.matcher(version);
        if (!matcher.find()) {
            return Optional.empty();
        }
        int major = Integer.parseInt(matcher.group(1));
        return SUPPORTED.contains(major) ? Optional.of(new OdooSeries(major)) : Optional.empty();
    }

    private static String supportedText() {
        return String.join(", ", SUPPORTED.stream().map(major -> major + ".0").toList());
    }

    /** The series as Odoo writes it ({@code release.major_version}), for example {@code 17.0}. */
    public String text() {
        return major + ".0";
    }

    /**
     * Normalises a manifest version as {@code adapt_version} in {@code odoo/modules/module.py} does: a version
     * that is the series itself or does not start with {@code <series>.} gets the series prefix, so {@code 1.2.0}
     * becomes {@code 17.0.1.2.0}. 17.0 and later then require two or three numbers after the prefix. 16.0 accepts
     * anything; this method still rejects a version of another series there (16.0 would read {@code 17.0.1.0.0}
     * as {@code 16.0.17.0.1.0.0}), because such a version is always a mistake.
     *
     * @throws InvalidVersionException when the series rejects the version, or it belongs to another series
     */
    public ModuleVersion adaptVersion(String declared) throws InvalidVersionException {
        String prefix = text() + ".";
        boolean prefixed = !declared.equals(text()) && declared.startsWith(prefix);
        String remainder = prefixed ? declared.substring(prefix.length()) : declared;
        String full = prefixed ? declared : prefix + declared;
        boolean standard = STRICT_REMAINDER.matcher(remainder).find();
        Matcher otherSeries = SERIES_PREFIXED.matcher(declared);
        if (!prefixed && otherSeries.matches() && Integer.parseInt(otherSeries.group(1)) != major) {
            String reading = major >= 17 ? "Odoo " + text() + " rejects it" : "Odoo " + text() + " would read it as " + full;
            throw new InvalidVersionException("version '" + declared + "' belongs to series " + otherSeries.group(1) + ".0, not "
                    + text() + " (" + reading + "); write it as " + text() + ".x.y.z or as x.y.z");
        }
        if (!standard && major >= 17) {
            throw new InvalidVersionException("invalid version '" + declared + "': Odoo " + text() + " accepts x.y, x.y.z, "
                    + text() + ".x.y or " + text() + ".x.y.z");
        }
        return new ModuleVersion(declared, full, standard);
    }

    /**
     * Converts a migration folder name to the full version it stands for ({@code convert_version} in
     * {@code odoo/modules/migration.py}). 17.0 and later keep {@code 0.0.0} and names with more than two dots, and
     * prefix the others with the series ({@code 1.2.0} becomes {@code 17.0.1.2.0}). 16.0 keeps every name with two
     * or more dots, so a three-part name such as {@code 1.2.0} stays as it is and never runs.
     */
    public String folderVersion(String folder) {
        long dots = folder.chars().filter(c -> c == '.').count();
        if (folder.equals(MigrationScripts.EVERY_CHANGE) || dots > 2 || (major == 16 && dots >= 2)) {
            return folder;
        }
        return text() + "." + folder;
    }

    /**
     * Returns whether a migration folder name is one Odoo considers. 17.0 and later accept only names that match
     * {@code VERSION_RE} and skip {@code tests}; 16.0 takes every folder.
     */
    public boolean acceptsFolderName(String folder) {
        return major == 16 || isVersionFolderName(folder);
    }

    /** Returns whether a folder name is a version as 17.0 and later define it ({@code VERSION_RE}). */
    public static boolean isVersionFolderName(String folder) {
        return FOLDER_NAME.matcher(folder).find();
    }

    /** Returns whether Odoo warns that {@code __openerp__.py} is deprecated: from 17.0 on. */
    public boolean deprecatesOpenerpManifest() {
        return major >= 17;
    }

    /**
     * Returns whether Odoo stops the update when a migration script has no {@code migrate(cr, version)} function
     * or another signature: 17.0 and later ({@code exec_script}); 16.0 logs an error and goes on.
     */
    public boolean requiresMigrateSignature() {
        return major >= 17;
    }

    /** Returns whether manifests may restrict auto-installation to {@code countries}: from 18.0 on. */
    public boolean hasCountries() {
        return major >= 18;
    }

    @Override
    public String toString() {
        return text();
    }
}
