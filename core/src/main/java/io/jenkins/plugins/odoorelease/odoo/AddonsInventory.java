package io.jenkins.plugins.odoorelease.odoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The modules an addons tree ships, each with its normalised version and content checksum. An image build
 * records it next to the addons, and {@link #installedChecksumsJson()} gives the checksums in the form
 * click-odoo-update stores in {@code module_auto_update.installed_checksums}.
 *
 * @param series the series the versions were normalised for
 * @param modules the modules by name
 */
public record AddonsInventory(OdooSeries series, List<Module> modules) {

    public AddonsInventory {
        Objects.requireNonNull(series, "series");
        modules = List.copyOf(modules);
    }

    /**
     * One module of the inventory.
     *
     * @param version the full version, or {@code null} when the manifest or its version is invalid
     * @param declaredVersion the version as the manifest writes it, or {@code null} when it has none
     * @param checksum the content checksum, see {@link AddonChecksum}
     * @param valid whether the manifest and migration folders have no error (see {@link Addon#issues()})
     */
    public record Module(String name, String version, String declaredVersion, String checksum, Path directory, boolean installable,
            boolean autoInstall, List<String> depends, String license, boolean valid) {

        public Module {
            Objects.requireNonNull(name, "name");
            depends = List.copyOf(depends);
        }

        /** Returns the module as plain values (strings, booleans, lists) for JSON or a Pipeline result. */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name);
            map.put("version", version);
            map.put("declaredVersion", declaredVersion);
            map.put("checksum", checksum);
            map.put("path", directory.toString());
            map.put("installable", installable);
            map.put("autoInstall", autoInstall);
            map.put("depends", depends);
            map.put("license", license);
            map.put("valid", valid);
            return map;
        }
    }

    /**
     * Builds the inventory of a scan, computing each module's checksum.
     *
     * @throws IOException when a module file cannot be read
     */
    public static AddonsInventory of(AddonsScan scan, AddonChecksum checksum) throws IOException {
        try {
            List<Module> modules = scan.addons().values().parallelStream().map(addon -> module(addon, checksum)).toList();
            return new AddonsInventory(scan.series(), new ArrayList<>(modules));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Module module(Addon addon, AddonChecksum checksum) {
        String digest;
        try {
            digest = checksum.compute(addon.directory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Manifest manifest = addon.manifest();
        return new Module(addon.name(),
                addon.version() == null ? null : addon.version().full(),
                manifest == null ? null : manifest.declaredVersion(),
                digest,
                addon.directory(),
                addon.installable(),
                manifest != null && manifest.autoInstall().enabled(),
                addon.depends(),
                manifest == null ? null : manifest.license(),
                !addon.hasErrors());
    }

    /** Returns each module's checksum by name. */
    public Map<String, String> checksums() {
        Map<String, String> checksums = new LinkedHashMap<>();
        modules.forEach(module -> checksums.put(module.name(), module.checksum()));
        return checksums;
    }

    /**
     * Returns the checksums as Python's {@code json.dumps} writes the dict that click-odoo-update stores: keys in
     * inventory order, {@code ", "} and {@code ": "} as separators, non-ASCII characters escaped.
     */
    public String installedChecksumsJson() {
        StringBuilder json = new StringBuilder("{");
        for (Module module : modules) {
            if (json.length() > 1) {
                json.append(", ");
            }
            json.append(pythonJsonString(module.name())).append(": ").append(pythonJsonString(module.checksum()));
        }
        return json.append('}').toString();
    }

    /** Encodes a string as {@code json.dumps} does with {@code ensure_ascii=True}. */
    static String pythonJsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** Returns the inventory as plain values: {@code series} and {@code modules}, a list of {@link Module#toMap()}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("series", series.text());
        map.put("modules", modules.stream().map(Module::toMap).toList());
        return map;
    }
}
