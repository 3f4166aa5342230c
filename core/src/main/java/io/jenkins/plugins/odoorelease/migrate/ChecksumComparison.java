package io.jenkins.plugins.odoorelease.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.odoo.Addon;
import io.jenkins.plugins.odoorelease.odoo.AddonChecksum;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.OdooVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the content checksums that click-odoo-update (or OCA {@code module_auto_update}) stored after its last
 * update with checksums of the addons about to be deployed, computed the same way. click-odoo-update updates every
 * installed module whose checksum differs or is not stored.
 *
 * @param stored whether the database has {@value #INSTALLED_CHECKSUMS}; without it nothing was compared
 * @param patterns the exclude patterns used
 * @param patternSource where the patterns come from, for the report
 * @param languages the active languages used
 * @param changed installed modules at their installed version whose checksum differs from the stored one
 * @param notStored installed modules at their installed version without a stored checksum (absent, or stored as
 *     {@code false})
 * @param problems what could not be read, as sentences
 */
record ChecksumComparison(boolean stored, List<String> patterns, String patternSource, List<String> languages, Set<String> changed,
        Set<String> notStored, List<String> problems) {

    /** The system parameter click-odoo-update and module_auto_update write. */
    static final String INSTALLED_CHECKSUMS = "module_auto_update.installed_checksums";
    /** The system parameter that overrides the exclude patterns. */
    static final String EXCLUDE_PATTERNS = "module_auto_update.exclude_patterns";

    ChecksumComparison {
        patterns = List.copyOf(patterns);
        languages = List.copyOf(languages);
        changed = Collections.unmodifiableSet(new TreeSet<>(changed));
        notStored = Collections.unmodifiableSet(new TreeSet<>(notStored));
        problems = List.copyOf(problems);
    }

    static ChecksumComparison none() {
        return new ChecksumComparison(false, List.of(), "", List.of(), Set.of(), Set.of(), List.of());
    }

    /**
     * Compares the checksums of the installed modules in the addons with the stored ones.
     *
     * @param storedJson the value of {@value #INSTALLED_CHECKSUMS}, or {@code null} when absent
     * @param excludeParameter the value of {@value #EXCLUDE_PATTERNS}, or {@code null}
     * @param ocaModuleInstalled whether OCA's {@code module_auto_update} is installed, whose default patterns keep
     *     {@code tests/}
     */
    static ChecksumComparison compare(String storedJson, String excludeParameter, boolean ocaModuleInstalled, List<String> languages,
            AddonsScan scan, Map<String, DbModule> modules) {
        if (storedJson == null) {
            return none();
        }
        List<String> problems = new ArrayList<>();
        List<String> patterns;
        String patternSource;
        if (excludeParameter != null && !excludeParameter.isBlank()) {
            patterns = AddonChecksum.parsePatterns(excludeParameter);
            patternSource = "the system parameter " + EXCLUDE_PATTERNS;
        } else if (ocaModuleInstalled) {
            patterns = AddonChecksum.OCA_EXCLUDES;
            patternSource = "OCA module_auto_update's defaults (the module is installed)";
        } else {
            patterns = AddonChecksum.CLICK_ODOO_EXCLUDES;
            patternSource = "click-odoo-update's defaults";
        }
        Map<String, String> stored = parseStored(storedJson, problems);
        if (stored == null) {
            return new ChecksumComparison(true, patterns, patternSource, languages, Set.of(), Set.of(), problems);
        }
        AddonChecksum checksum = new AddonChecksum(patterns, languages);
        Map<String, Addon> candidates = new TreeMap<>();
        Set<String> notStored = new TreeSet<>();
        modules.forEach((name, module) -> {
            Addon addon = scan.addon(name);
            // click-odoo-update's candidates: installed or to upgrade, and installable on disk.
            boolean candidate = (module.state() == ModuleState.INSTALLED || module.state() == ModuleState.TO_UPGRADE) && addon != null
                    && addon.installable();
            if (!candidate || versionChanged(addon, module)) {
                return;
            }
            if (stored.get(name) == null) {
                notStored.add(name);
            } else {
                candidates.put(name, addon);
            }
        });
        Map<String, String> computed = new LinkedHashMap<>();
        candidates.values().parallelStream().map(addon -> {
            try {
                return Map.entry(addon.name(), checksum.compute(addon.directory()));
            } catch (IOException e) {
                return Map.entry(addon.name(), "!" + e);
            }
        }).toList().forEach(entry -> computed.put(entry.getKey(), entry.getValue()));
        Set<String> changed = new TreeSet<>();
        computed.forEach((name, digest) -> {
            if (digest.startsWith("!")) {
                problems.add("the checksum of " + name + " could not be computed: " + digest.substring(1));
            } else if (!stored.get(name).equals(digest)) {
                changed.add(name);
            }
        });
        return new ChecksumComparison(true, patterns, patternSource, languages, changed, notStored, problems);
    }

    /**
     * Returns whether the manifest version differs from the installed one. Such a module is upgraded (or is a downgrade)
     * whatever its checksum is, so its files need not be hashed.
     */
    private static boolean versionChanged(Addon addon, DbModule module) {
        return addon.version() == null || module.latestVersion() == null
                || addon.version().parsed().compareTo(OdooVersion.parse(module.latestVersion())) != 0;
    }

    /** Reads the stored JSON object: module name to digest, or {@code false} for a module click-odoo-update did not find. */
    private static Map<String, String> parseStored(String json, List<String> problems) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            problems.add("the system parameter " + INSTALLED_CHECKSUMS + " is not valid JSON (" + e.getOriginalMessage() + ")");
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add("the system parameter " + INSTALLED_CHECKSUMS + " is not a JSON object of module names and checksums");
            return null;
        }
        Map<String, String> stored = new LinkedHashMap<>();
        root.fields().forEachRemaining(field -> stored.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : null));
        return stored;
    }
}
