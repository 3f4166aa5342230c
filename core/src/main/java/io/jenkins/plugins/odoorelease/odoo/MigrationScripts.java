package io.jenkins.plugins.odoorelease.odoo;

import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Kind;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's migration scripts and the rules that decide which run, in which order, following
 * {@code MigrationManager} in {@code odoo/modules/migration.py} of 16.0, 17.0 and 18.0.
 *
 * <p>Scripts live in {@code <module>/migrations/<version>/}, {@code <module>/upgrades/<version>/} and
 * {@code <upgrade path>/<module>/<version>/}, as {@code pre-*.py}, {@code post-*.py} and {@code end-*.py}. Folders
 * of the three sources with the same name form one version. A version runs when the module is updated (never on
 * install) and:
 * <ul>
 * <li>{@code 0.0.0}: the installed version is below the new one, that is on every version increase;</li>
 * <li>a name without a series, such as {@code 1.1} ({@link OdooSeries#folderVersion} prefixes it):
 * installed &lt; folder &lt;= new, comparing without the series parts, so a series change alone runs nothing;</li>
 * <li>a full name such as {@code 17.0.1.3}: installed &lt; folder &lt;= new.</li>
 * </ul>
 * Versions run in {@link OdooVersion} order of their full version, with {@code 0.0.0} first for {@code pre} and
 * last for {@code post} and {@code end}. Within a version the files of all sources are sorted by file name.
 */
public final class MigrationScripts {

    /** The folder that runs on every version change. */
    public static final String EVERY_CHANGE = "0.0.0";

    private static final Pattern SERIES_PREFIX = Pattern.compile("^(?:(\\d+)\\.0|6\\.1|\\d+\\.saas~\\d+|saas~\\d+\\.\\d+)\\.");
    /** A top-level {@code def migrate(...)}; the parameters end at the first closing parenthesis. */
    private static final Pattern MIGRATE_DEF = Pattern.compile("(?m)^(?:async\\s+)?def\\s+migrate\\s*\\(([^)]*)\\)");
    private static final Pattern MIGRATE_WORD = Pattern.compile("\\bmigrate\\b");
    private static final Set<String> CURSOR_NAMES = Set.of("cr", "_cr");
    private static final Set<String> VERSION_NAMES = Set.of("version", "_version");

    private MigrationScripts() {
    }

    /** When a script runs during an update ({@code odoo/modules/loading.py}). */
    public enum Stage {
        /** Before the module's Python code, models and data are loaded. */
        PRE,
        /** After the module's data is loaded, before its translations and {@code post_init_hook}. */
        POST,
        /** After every module of the update is loaded, module by module in graph order. */
        END;

        /** The file name prefix, such as {@code pre-}. */
        public String prefix() {
            return keyword() + "-";
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a version folder was found. */
    public enum Source {
        /** {@code <module>/migrations/}. */
        MIGRATIONS("migrations"),
        /** {@code <module>/upgrades/}. */
        UPGRADES("upgrades"),
        /** {@code <upgrade path>/<module>/}, the {@code --upgrade-path} option of Odoo. */
        UPGRADE_PATH("upgrade path");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One version folder of one source.
     *
     * @param version the folder name, such as {@code 1.1} or {@code 17.0.1.3}
     * @param scripts the {@code *.py} files in it, by file name; {@code glob} skips names that start with a dot
     */
    public record Folder(String version, Source source, Path directory, List<Path> scripts) {

        public Folder {
            scripts = List.copyOf(scripts);
        }
    }

    /** All version folders of one module that Odoo considers, in source order: migrations, upgrades, upgrade paths. */
    public record ModuleScripts(String module, List<Folder> folders) {

        public static ModuleScripts none(String module) {
            return new ModuleScripts(module, List.of());
        }

        public ModuleScripts {
            folders = List.copyOf(folders);
        }

        /** The version names that hold at least one script, as Odoo merges them across sources. */
        public Set<String> versions() {
            Set<String> versions = new LinkedHashSet<>();
            for (Folder folder : folders) {
                if (!folder.scripts().isEmpty()) {
                    versions.add(folder.version());
                }
            }
            return versions;
        }
    }

    /** One script that will run, with what Odoo passes it. */
    public record Script(String module, Stage stage, String version, Source source, Path file) {

        public Script {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(stage, "stage");
        }

        /** The path as Odoo's log shows it, relative to the module, such as {@code migrations/1.1/pre-a.py}. */
        public String relativePath() {
            String folder = source == Source.UPGRADE_PATH ? "<upgrade path>/" + module : source.label();
            return folder + "/" + version + "/" + file.getFileName();
        }
    }

    /** Whether a version folder runs in an update from one version to another. */
    public enum FolderStatus {
        /** It runs in this update. */
        RUNS,
        /** {@code 0.0.0} in an update that does not change the version: it runs on the next version change. */
        NO_VERSION_CHANGE,
        /** At or below the installed version, so it never runs again on this database. */
        AT_OR_BELOW_INSTALLED,
        /** Above the manifest version: it cannot run until the version is raised. */
        ABOVE_MANIFEST,
        /** A full version of another series, outside this update's range. */
        OTHER_SERIES,
        /** A three-part name that 16.0 reads as a full version, such as {@code 1.2.0}: it never runs. */
        NEVER_RUNS,
        /** The module is installed, not updated: no migration script runs on install. */
        NOT_UPDATED
    }

    /**
     * Finds the version folders of a module and records the folders and files Odoo ignores.
     *
     * @param upgradePaths folders given to Odoo's {@code --upgrade-path}; may be empty
     * @param issues receives a warning for each ignored folder name and each script without a stage prefix
     */
    public static ModuleScripts discover(String module, Path moduleDirectory, OdooSeries series, List<Path> upgradePaths,
            List<AddonIssue> issues) {
        List<Folder> folders = new ArrayList<>();
        collect(module, moduleDirectory.resolve("migrations"), Source.MIGRATIONS, series, folders, issues);
        collect(module, moduleDirectory.resolve("upgrades"), Source.UPGRADES, series, folders, issues);
        for (Path upgradePath : upgradePaths) {
            collect(module, upgradePath.resolve(module), Source.UPGRADE_PATH, series, folders, issues);
        }
        return new ModuleScripts(module, folders);
    }

    private static void collect(String module, Path root, Source source, OdooSeries series, List<Folder> folders, List<AddonIssue> issues) {
        if (!Files.isDirectory(root)) {
            return;
        }
        for (Path directory : sortedEntries(root)) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            String name = directory.getFileName().toString();
            if (series.major() >= 17 && name.equals("tests")) {
                continue;
            }
            if (!series.acceptsFolderName(name)) {
                issues.add(new AddonIssue(Kind.MIGRATION_FOLDER_INVALID_NAME, Level.WARNING, module, directory, 0, "Odoo "
                        + series.text() + " ignores this folder ('Invalid version for upgrade script'): a version folder is x.y, x.y.z, "
                        + series.text() + ".x.y or " + series.text() + ".x.y.z, or 0.0.0"));
                continue;
            }
            if (!OdooSeries.isVersionFolderName(name)) {
                issues.add(new AddonIssue(Kind.MIGRATION_FOLDER_INVALID_NAME, Level.WARNING, module, directory, 0, "Odoo 16.0 reads this "
                        + "folder name as a version although it is none, and 17.0 ignores it: name version folders x.y, x.y.z, "
                        + series.text() + ".x.y or " + series.text() + ".x.y.z, or 0.0.0"));
            }
            List<Path> scripts = new ArrayList<>();
            for (Path file : sortedEntries(directory)) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".py") || fileName.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                scripts.add(file);
                boolean staged = false;
                for (Stage stage : Stage.values()) {
                    staged |= fileName.startsWith(stage.prefix());
                }
                if (!staged && !fileName.equals("__init__.py")) {
                    issues.add(new AddonIssue(Kind.MIGRATION_FILE_NO_STAGE, Level.WARNING, module, file, 0, "Odoo runs only files named "
                            + "pre-*.py, post-*.py or end-*.py; rename this one or it never runs"));
                }
            }
            folders.add(new Folder(name, source, directory, scripts));
        }
    }

    private static List<Path> sortedEntries(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return List.of();
        }
        entries.sort(Comparator.comparing(path -> path.getFileName().toString(), MigrationScripts::compareCodePoints));
        return entries;
    }

    /** Compares as Python compares strings: by code point, not by UTF-16 unit. */
    static int compareCodePoints(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int a = left.codePointAt(i);
            int b = right.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(left.length() - i, right.length() - j);
    }

    /**
     * Decides whether a version folder runs when a module goes from {@code installed} to {@code target}.
     *
     * @param installed the version in {@code ir_module_module.latest_version} before the update, or {@code null}
     *     when the module is not installed (then nothing runs)
     * @param target the manifest version after normalisation
     */
    public static FolderStatus status(String folder, OdooSeries series, String installed, ModuleVersion target) {
        OdooVersion current = target.parsed();
        OdooVersion before = installed == null ? null : OdooVersion.parse(installed);
        if (folder.equals(EVERY_CHANGE)) {
            if (before == null) {
                return FolderStatus.NOT_UPDATED;
            }
            return before.compareTo(current) < 0 ? FolderStatus.RUNS : FolderStatus.NO_VERSION_CHANGE;
        }
        String full = series.folderVersion(folder);
        boolean relative = !full.equals(folder);
        OdooVersion version = OdooVersion.parse(full);
        if (before != null) {
            boolean runs = relative
                    ? before.compareWithoutSeries(version) < 0 && version.compareWithoutSeries(current) <= 0
                    : before.compareTo(version) < 0 && version.compareTo(current) <= 0;
            if (runs) {
                return FolderStatus.RUNS;
            }
        }
        if (!relative && folderSeries(folder).isEmpty()) {
            return FolderStatus.NEVER_RUNS;
        }
        if (!relative && !folderSeries(folder).get().equals(series.text())) {
            return FolderStatus.OTHER_SERIES;
        }
        boolean above = relative ? version.compareWithoutSeries(current) > 0 : version.compareTo(current) > 0;
        if (above) {
            return FolderStatus.ABOVE_MANIFEST;
        }
        return before == null ? FolderStatus.NOT_UPDATED : FolderStatus.AT_OR_BELOW_INSTALLED;
    }

    /**
     * Returns the series a full folder name starts with, such as {@code 17.0} for {@code 17.0.1.3}, or empty for a
     * name without one, such as the {@code 1.2.0} that 16.0 takes as a full version.
     */
    static Optional<String> folderSeries(String folder) {
        Matcher matcher = SERIES_PREFIX.matcher(folder);
        if (!matcher.find()) {
            return Optional.empty();
        }
        if (matcher.group(1) != null && Integer.parseInt(matcher.group(1)) < 6) {
            return Optional.empty();
        }
        return Optional.of(folder.substring(0, matcher.end() - 1));
    }

    /**
     * Returns the scripts of one stage that run when the module goes from {@code installed} to {@code target}, in
     * Odoo's order.
     */
    public static List<Script> toRun(ModuleScripts scripts, OdooSeries series, String installed, ModuleVersion target, Stage stage) {
        List<String> versions = new ArrayList<>(scripts.versions());
        versions.sort(Comparator.comparing((String name) -> OdooVersion.parse(series.folderVersion(name))).thenComparing(name -> name));
        if (versions.remove(EVERY_CHANGE)) {
            if (stage == Stage.PRE) {
                versions.add(0, EVERY_CHANGE);
            } else {
                versions.add(EVERY_CHANGE);
            }
        }
        List<Script> run = new ArrayList<>();
        for (String version : versions) {
            if (status(version, series, installed, target) != FolderStatus.RUNS) {
                continue;
            }
            List<Script> files = new ArrayList<>();
            for (Folder folder : scripts.folders()) {
                if (!folder.version().equals(version)) {
                    continue;
                }
                for (Path file : folder.scripts()) {
                    if (file.getFileName().toString().startsWith(stage.prefix())) {
                        files.add(new Script(scripts.module(), stage, version, folder.source(), file));
                    }
                }
            }
            // A stable sort by file name keeps the source order (migrations, upgrades, upgrade paths) for equal names.
            files.sort(Comparator.comparing(script -> script.file().getFileName().toString(), MigrationScripts::compareCodePoints));
            run.addAll(files);
        }
        return run;
    }

    /**
     * Checks, without running it, that a script defines {@code migrate(cr, version)} as Odoo calls it. 17.0 and later
     * ({@code exec_script}) fail the update when the function is missing or its parameters are not
     * {@code (cr, version)} (each may start with an underscore); 16.0 logs an error for a missing function and goes on.
     * A script that only imports or assigns {@code migrate} is not judged.
     *
     * @return the issue, or empty when the script looks right or cannot be judged from its text
     */
    public static Optional<AddonIssue> checkEntryPoint(String module, Path script, OdooSeries series) {
        String text;
        try {
            text = new String(Files.readAllBytes(script), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.of(new AddonIssue(Kind.MIGRATION_SCRIPT_NO_MIGRATE, Level.ERROR, module, script, 0, "cannot read the script: " + e));
        }
        Level level = series.requiresMigrateSignature() ? Level.ERROR : Level.WARNING;
        Matcher definition = MIGRATE_DEF.matcher(text);
        if (!definition.find()) {
            if (MIGRATE_WORD.matcher(text).find()) {
                return Optional.empty();
            }
            String effect = series.requiresMigrateSignature() ? "Odoo " + series.text() + " stops the update with an AttributeError"
                    : "Odoo " + series.text() + " logs an error and skips it";
            return Optional.of(new AddonIssue(Kind.MIGRATION_SCRIPT_NO_MIGRATE, level, module, script, 0, "no migrate(cr, version) "
                    + "function; " + effect));
        }
        int line = 1 + (int) text.substring(0, definition.start()).chars().filter(c -> c == '\n').count();
        List<String> parameters = parameterNames(definition.group(1));
        String signature = "migrate(" + String.join(", ", parameters) + ")";
        if (series.requiresMigrateSignature()) {
            boolean valid = parameters.size() == 2 && CURSOR_NAMES.contains(parameters.get(0)) && VERSION_NAMES.contains(parameters.get(1));
            return valid ? Optional.empty() : Optional.of(new AddonIssue(Kind.MIGRATION_SCRIPT_BAD_SIGNATURE, Level.ERROR, module, script,
                    line, signature + " has the wrong parameters; Odoo " + series.text() + " stops the update with a TypeError unless "
                    + "they are (cr, version), each optionally with a leading underscore"));
        }
        // 16.0 calls migrate(cr, version) positionally, so any function that takes two positional arguments works.
        boolean takesTwo = parameters.size() >= 2 && !parameters.get(0).startsWith("*") && !parameters.get(1).startsWith("*")
                || parameters.stream().anyMatch(name -> name.startsWith("*") && !name.startsWith("**") && name.length() > 1);
        return takesTwo ? Optional.empty() : Optional.of(new AddonIssue(Kind.MIGRATION_SCRIPT_BAD_SIGNATURE, Level.WARNING, module, script,
                line, signature + " does not take the two arguments Odoo passes; write migrate(cr, version)"));
    }

    /** Returns the parameter names of a Python parameter list, keeping markers such as {@code *} and {@code /} apart. */
    private static List<String> parameterNames(String parameters) {
        List<String> names = new ArrayList<>();
        for (String parameter : parameters.split(",")) {
            String name = parameter.strip();
            if (name.isEmpty() || name.equals("/")) {
                continue;
            }
            int cut = name.length();
            for (char stop : new char[] {':', '='}) {
                int index = name.indexOf(stop);
                if (index >= 0) {
                    cut = Math.min(cut, index);
                }
            }
            names.add(name.substring(0, cut).strip());
        }
        return names;
    }
}
