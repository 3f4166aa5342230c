package io.jenkins.plugins.odoorelease.odoo;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Kind;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue.Level;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the modules of a list of addons paths as Odoo does ({@code get_modules} and {@code get_module_path} in
 * {@code odoo/modules/module.py}): every folder of an addons path that contains {@code __manifest__.py} or
 * {@code __openerp__.py} is a module named after the folder, and a name found in several paths resolves to the
 * first path. Each manifest is read with {@link ManifestReader} and each module's migration folders are checked
 * against its manifest version; a broken module becomes issues, never an exception.
 *
 * <p>Thread-safe: one scanner may scan several lists at once.
 */
public final class AddonsScanner {

    private final OdooSeries series;
    private final List<Path> upgradePaths;

    /** Creates a scanner for a series, without an Odoo {@code --upgrade-path}. */
    public AddonsScanner(OdooSeries series) {
        this(series, List.of());
    }

    /**
     * @param upgradePaths the folders Odoo's {@code --upgrade-path} names, whose {@code <module>/<version>/} folders
     *     hold more migration scripts
     */
    public AddonsScanner(OdooSeries series, List<Path> upgradePaths) {
        this.series = series;
        this.upgradePaths = List.copyOf(upgradePaths);
    }

    public OdooSeries series() {
        return series;
    }

    /**
     * Scans the addons paths.
     *
     * @throws InvalidInputException when a path is missing, is not a folder, or is a module folder rather than the
     *     folder that contains modules; every bad path is listed
     */
    public AddonsScan scan(List<Path> addonsPaths) throws InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        if (addonsPaths.isEmpty()) {
            problems.add(Problem.of("addons", null, "no addons path given; name each folder that contains modules, as Odoo's addons_path does"));
        }
        checkFolders(addonsPaths, "addons", problems);
        checkFolders(upgradePaths, "upgradePaths", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<AddonIssue> scanIssues = new ArrayList<>();
        List<Path> paths = distinct(addonsPaths, scanIssues);
        Map<String, List<Path>> found = new TreeMap<>(MigrationScripts::compareCodePoints);
        for (Path addonsPath : paths) {
            for (Path directory : moduleFolders(addonsPath)) {
                found.computeIfAbsent(directory.getFileName().toString(), name -> new ArrayList<>()).add(directory);
            }
        }
        Map<String, Addon> addons = new LinkedHashMap<>();
        found.entrySet().parallelStream()
                .map(entry -> read(entry.getKey(), entry.getValue()))
                .toList()
                .forEach(addon -> addons.put(addon.name(), addon));
        Map<String, List<Path>> shadowed = new LinkedHashMap<>();
        found.forEach((name, directories) -> {
            if (directories.size() > 1) {
                shadowed.put(name, List.copyOf(directories.subList(1, directories.size())));
            }
        });
        AddonsScan scan = new AddonsScan(series, paths, addons, shadowed, scanIssues);
        for (List<String> cycle : new ModuleGraph(scan.dependencies()).cycles()) {
            scanIssues.add(new AddonIssue(Kind.DEPENDENCY_CYCLE, Level.ERROR, cycle.get(0), null, 0, "the modules " + String.join(", ", cycle)
                    + " depend on each other in a cycle, so Odoo loads none of them; remove one of the dependencies"));
        }
        return new AddonsScan(series, paths, addons, shadowed, scanIssues);
    }

    private static void checkFolders(List<Path> folders, String parameter, List<Problem> problems) {
        for (int i = 0; i < folders.size(); i++) {
            Path folder = folders.get(i);
            String name = parameter + "[" + i + "]";
            if (!Files.exists(folder)) {
                problems.add(Problem.of(name, folder.toString(), "no such folder; check the path"));
            } else if (!Files.isDirectory(folder)) {
                problems.add(Problem.of(name, folder.toString(), "not a folder; name the folder that contains the modules"));
            } else if (parameter.equals("addons") && ManifestReader.findManifest(folder) != null) {
                problems.add(Problem.of(name, folder.toString(), "this is a module folder; name the folder that contains it, "
                        + folder.toAbsolutePath().getParent()));
            }
        }
    }

    /** Drops a path given twice; Odoo searches it once. */
    private static List<Path> distinct(List<Path> addonsPaths, List<AddonIssue> issues) {
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> paths = new ArrayList<>();
        for (Path path : addonsPaths) {
            Path real;
            try {
                real = path.toRealPath();
            } catch (IOException e) {
                real = path.toAbsolutePath().normalize();
            }
            if (seen.add(real)) {
                paths.add(path);
            } else {
                issues.add(new AddonIssue(Kind.DUPLICATE_MODULE, Level.INFO, null, path, 0, "this addons path is given twice; it is read once"));
            }
        }
        return paths;
    }

    private static List<Path> moduleFolders(Path addonsPath) {
        List<Path> modules = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(addonsPath)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry) && ManifestReader.findManifest(entry) != null) {
                    modules.add(entry);
                }
            }
        } catch (IOException e) {
            // checkFolders proved the folder exists; a listing failure leaves it without modules, as Odoo's listdir would fail.
            return List.of();
        }
        return modules;
    }

    private Addon read(String name, List<Path> directories) {
        Path directory = directories.get(0);
        ManifestReader.Reading reading = new ManifestReader(series).read(directory);
        List<AddonIssue> issues = new ArrayList<>(reading.issues());
        for (Path other : directories.subList(1, directories.size())) {
            issues.add(new AddonIssue(Kind.DUPLICATE_MODULE, Level.ERROR, name, other, 0, "module " + name + " is in two addons paths, "
                    + directory.getParent() + " and " + other.getParent() + "; Odoo uses the first and ignores the other, so remove one"));
        }
        MigrationScripts.ModuleScripts scripts = MigrationScripts.discover(name, directory, series, upgradePaths, issues);
        if (reading.manifest() != null && reading.manifest().version() != null && reading.manifest().installable()) {
            checkFolders(name, reading.manifest().version(), scripts, issues);
        }
        return new Addon(name, directory, directory.getParent(), reading.manifest(), scripts, issues);
    }

    /** Records the version folders that cannot run whatever the database contains: above the manifest, never, other series. */
    private void checkFolders(String module, ModuleVersion version, MigrationScripts.ModuleScripts scripts, List<AddonIssue> issues) {
        for (String folder : scripts.versions()) {
            Path directory = scripts.folders().stream().filter(f -> f.version().equals(folder)).findFirst().orElseThrow().directory();
            switch (MigrationScripts.status(folder, series, null, version)) {
                case ABOVE_MANIFEST -> issues.add(new AddonIssue(Kind.MIGRATION_FOLDER_ABOVE_MANIFEST, Level.ERROR, module, directory, 0,
                        "this migration folder (" + series.folderVersion(folder) + ") is above the manifest version " + version.full()
                                + ", so its scripts cannot run; raise the manifest version to at least " + series.folderVersion(folder)
                                + " or rename the folder"));
                case NEVER_RUNS -> issues.add(new AddonIssue(Kind.MIGRATION_FOLDER_NEVER_RUNS, Level.WARNING, module, directory, 0,
                        "Odoo 16.0 reads a folder name with two dots as a full version, so " + folder + " is compared as version "
                                + folder + " and never runs; rename it " + series.text() + "." + folder));
                case OTHER_SERIES -> {
                    String folderSeries = MigrationScripts.folderSeries(folder).orElse("?");
                    boolean newer = OdooVersion.parse(folderSeries).compareTo(OdooVersion.parse(series.text())) > 0;
                    issues.add(new AddonIssue(Kind.MIGRATION_FOLDER_OTHER_SERIES, newer ? Level.WARNING : Level.INFO, module, directory, 0,
                            "this folder belongs to series " + folderSeries + "; on " + series.text() + " it runs only when a database "
                                    + "comes from a version below it" + (newer ? ", which cannot happen for a newer series" : "")));
                }
                default -> {
                }
            }
        }
    }
}
