package io.jenkins.plugins.odoorelease.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * TODO: a stand-in that lists module folders without reading their manifests, until the odoo package's manifest
 * reader is merged; every module gets version {@code <series>.1.0} and a SHA-256 of its files.
 */
final class DirectoryAddonsReader implements ImageAddonsReader {

    @Override
    public ImageAddons read(List<AddonsSource> addons, String series) {
        Map<String, List<ModuleRecord>> modules = new LinkedHashMap<>();
        for (AddonsSource source : addons) {
            List<ModuleRecord> found = new ArrayList<>();
            try (Stream<Path> children = Files.list(source.directory())) {
                for (Path child : children.sorted().toList()) {
                    if (Files.isRegularFile(child.resolve("__manifest__.py"))) {
                        found.add(new ModuleRecord(child.getFileName().toString(), series + ".1.0", source.label(), child,
                                checksum(child), List.of("base")));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            modules.put(source.label(), found);
        }
        return new ImageAddons(modules, List.of(), List.of(), List.of("base"));
    }

    private static String checksum(Path module) throws IOException {
        try (Stream<Path> files = Files.walk(module)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(module.relativize(file).toString().getBytes());
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
