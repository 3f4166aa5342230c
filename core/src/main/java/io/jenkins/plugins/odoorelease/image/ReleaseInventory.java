package io.jenkins.plugins.odoorelease.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory the image carries at {@value #PATH}: the modules with their versions and checksums, the source
 * revision and the base image, so that later steps and people can see what an image contains without running it. It
 * contains nothing that changes between two builds of the same inputs (no build time, host or absolute path), so that
 * the image digest stays reproducible.
 */
final class ReleaseInventory {

    static final String PATH = "/etc/odoo/release.json";
    static final String SCHEMA = "odoo-release/image-inventory/v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseInventory() {
    }

    /** Returns the inventory as UTF-8 JSON, indented with two spaces and ending lines with {@code \n} on every system. */
    static byte[] json(ImageBuildRequest request, BaseImage base, String series, String user, ImageAddons scan) {
        Map<String, Object> inventory = new LinkedHashMap<>();
        inventory.put("schema", SCHEMA);
        inventory.put("series", series);
        inventory.put("revision", request.revision());
        inventory.put("created", request.created().toString());
        inventory.put("source", request.source());
        inventory.put("version", request.effectiveVersion());

        Map<String, Object> baseImage = new LinkedHashMap<>();
        baseImage.put("name", base.displayName());
        baseImage.put("digest", base.digest());
        baseImage.put("platformDigest", base.platformDigest());
        inventory.put("base", baseImage);
        inventory.put("user", user);
        inventory.put("addonsRoot", request.addonsRoot());

        List<Map<String, Object>> paths = new ArrayList<>();
        scan.modules().forEach((label, modules) -> {
            Map<String, Object> path = new LinkedHashMap<>();
            path.put("path", label);
            path.put("modules", modules.size());
            paths.add(path);
        });
        inventory.put("addonsPaths", paths);

        List<Map<String, Object>> modules = new ArrayList<>();
        for (ModuleRecord module : scan.allModules().stream().sorted(java.util.Comparator.comparing(ModuleRecord::name)).toList()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", module.name());
            entry.put("version", module.version());
            entry.put("addonsPath", module.addonsPath());
            entry.put("checksum", module.checksum());
            entry.put("depends", module.depends().stream().sorted().toList());
            modules.add(entry);
        }
        inventory.put("modules", modules);
        inventory.put("expectedFromBase", scan.expectedFromBase());

        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return (JSON.writer(printer).writeValueAsString(inventory) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }
}
