package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.odoo.AddonChecksum;
import io.jenkins.plugins.odoorelease.odoo.AddonIssue;
import io.jenkins.plugins.odoorelease.odoo.AddonsInventory;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.AddonsScanner;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the addons paths with the odoo package's scanner and manifest reader, and judges them for an image. Every
 * module must parse, be installable and belong to the image's series. No two paths may contain a module of the same
 * name, because the image puts every module into one folder. Checksums are click-odoo-update's
 * ({@link AddonChecksum#clickOdooDefaults()}), so that a later step can compare them with the ones a database stores.
 */
final class OdooAddonsReader implements ImageAddonsReader {

    @Override
    public ImageAddons read(List<AddonsSource> addons, String series) throws InvalidInputException {
        OdooSeries odooSeries = OdooSeries.parse(series, "series");
        List<Path> paths = addons.stream().map(AddonsSource::directory).toList();
        AddonsScan scan = new AddonsScanner(odooSeries).scan(paths);
        AddonsInventory inventory;
        try {
            inventory = AddonsInventory.of(scan, AddonChecksum.clickOdooDefaults());
        } catch (IOException e) {
            throw new InvalidInputException(List.of(Problem.of("addons", null, "cannot read the module files: " + e.getMessage())),
                    Map.of(), e);
        }
        Map<String, AddonsInventory.Module> byName = new LinkedHashMap<>();
        inventory.modules().forEach(module -> byName.put(module.name(), module));

        Map<String, List<ModuleRecord>> modules = new LinkedHashMap<>();
        addons.forEach(source -> modules.put(source.label(), new ArrayList<>()));
        List<Finding> findings = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (Addon addon : scan.addons().values()) {
            AddonsSource source = sourceOf(addons, addon.addonsPath());
            AddonsInventory.Module module = byName.get(addon.name());
            modules.get(source.label()).add(new ModuleRecord(addon.name(), module.version(), source.label(), addon.directory(),
                    module.checksum(), addon.depends()));
            checks.add(judge(addon, source, findings, odooSeries));
        }
        for (AddonIssue issue : scan.issues()) {
            if (issue.level() == AddonIssue.Level.ERROR) {
                findings.add(Finding.of(ImageFindings.IMAGE_MODULE_INVALID, Severity.ERROR, issue.module(), issue.describe()));
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        scan.addons().values().forEach(addon -> addon.depends().stream().filter(name -> !scan.contains(name)).forEach(expected::add));
        if (!expected.isEmpty()) {
            findings.add(Finding.of(ImageFindings.IMAGE_DEPENDENCIES_FROM_BASE, Severity.INFO, null, "The image's modules depend on "
                    + String.join(", ", expected) + ", which no addons path holds, so the base image must provide them."));
        }
        Map<String, List<String>> shadowed = new LinkedHashMap<>();
        scan.shadowed().forEach((name, directories) -> directories.forEach(directory ->
                shadowed.computeIfAbsent(sourceOf(addons, directory.getParent()).label(), label -> new ArrayList<>()).add(name)));
        return new ImageAddons(modules, shadowed, findings, checks, List.copyOf(expected));
    }

    /** Turns the module's issues into findings and returns its check for JUnit XML. */
    private static Check judge(Addon addon, AddonsSource source, List<Finding> findings, OdooSeries series) {
        List<String> errors = new ArrayList<>();
        for (AddonIssue issue : addon.issues()) {
            boolean wrongSeries = issue.kind() == AddonIssue.Kind.VERSION_OTHER_SERIES;
            if (issue.level() == AddonIssue.Level.ERROR || wrongSeries && addon.installable()) {
                ImageFindings code = switch (issue.kind()) {
                    case DUPLICATE_MODULE -> ImageFindings.IMAGE_MODULE_DUPLICATE;
                    case VERSION_OTHER_SERIES -> ImageFindings.IMAGE_MODULE_WRONG_SERIES;
                    default -> ImageFindings.IMAGE_MODULE_INVALID;
                };
                findings.add(Finding.of(code, Severity.ERROR, addon.name(), source.label() + ": " + issue.describe() + "."));
                errors.add(issue.message());
            } else if (issue.level() == AddonIssue.Level.WARNING) {
                findings.add(Finding.of(ImageFindings.IMAGE_MODULE_WARNING, Severity.WARNING, addon.name(), source.label() + ": "
                        + issue.describe() + "."));
            }
        }
        if (addon.manifest() != null && !addon.installable()) {
            String message = "module " + addon.name() + " in " + source.label() + " is marked installable: False, so Odoo "
                    + series.text() + " cannot install it; remove it from the addons path or make it installable";
            findings.add(Finding.of(ImageFindings.IMAGE_MODULE_NOT_INSTALLABLE, Severity.ERROR, addon.name(), message + "."));
            errors.add(message);
        }
        String version = addon.version() == null ? "no valid version" : addon.version().full();
        return new Check("modules", addon.name(), errors.isEmpty() ? Verdict.PASS : Verdict.FAIL,
                errors.isEmpty() ? version + " from " + source.label() : String.join("; ", errors));
    }

    private static AddonsSource sourceOf(List<AddonsSource> addons, Path addonsPath) {
        Path expected = addonsPath.toAbsolutePath().normalize();
        for (AddonsSource source : addons) {
            if (source.directory().toAbsolutePath().normalize().equals(expected)) {
                return source;
            }
        }
        throw new IllegalStateException(new InfrastructureException("The scanner returned a module from " + addonsPath
                + ", which is not one of the requested addons paths"));
    }
}
