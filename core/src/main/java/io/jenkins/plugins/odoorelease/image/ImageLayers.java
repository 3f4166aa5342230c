package io.jenkins.plugins.odoorelease.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layers the build adds on top of the base image, in order: one per addons path, the Odoo configuration file
 * when one is given, and the inventory. Every entry has the same modification time and root ownership, and Jib sorts
 * the entries, so a layer's digest depends only on the paths and contents of its files. That is what lets a rebuild
 * skip every addons path that did not change, even across commits.
 */
final class ImageLayers {

    /** The modification time of every file in the added layers: Jib's default, one second after the epoch. */
    static final Instant MODIFICATION_TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
    /** Root owns the files, so the Odoo process, which runs as another user, cannot change its own code. */
    static final String OWNERSHIP = "0:0";

    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");

    /**
     * One added layer.
     *
     * @param description what the report calls it, for example {@code addons: addons/oca-web (12 modules)}
     */
    record Layer(String description, FileEntriesLayer content, int files) {
    }

    private ImageLayers() {
    }

    /**
     * Builds the layer of one addons path: every module folder at {@code addonsRoot/<module>}.
     *
     * @param listings the files of each module, by module name
     * @param readFrom the folder to read the modules through (see {@link LayerSources}), or {@code null} to read each
     *     file where the listing found it
     */
    static Layer addons(String label, String addonsRoot, Map<String, ModuleFiles.Listing> listings, Path readFrom) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("addons " + label);
        int files = 0;
        for (Map.Entry<String, ModuleFiles.Listing> module : listings.entrySet()) {
            AbsoluteUnixPath moduleRoot = AbsoluteUnixPath.get(addonsRoot).resolve(module.getKey());
            for (ModuleFiles.Entry entry : module.getValue().entries()) {
                AbsoluteUnixPath target = entry.relativePath().isEmpty() ? moduleRoot : moduleRoot.resolve(entry.relativePath());
                FilePermissions permissions = entry.directory() ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS
                        : entry.executable() ? EXECUTABLE : FilePermissions.DEFAULT_FILE_PERMISSIONS;
                Path source = readFrom == null ? entry.source()
                        : entry.relativePath().isEmpty() ? readFrom.resolve(module.getKey()) : readFrom.resolve(module.getKey()).resolve(entry.relativePath());
                layer.addEntry(source, target, permissions, MODIFICATION_TIME, OWNERSHIP);
                files += entry.directory() ? 0 : 1;
            }
        }
        return new Layer("addons: " + label + " (" + listings.size() + (listings.size() == 1 ? " module)" : " modules)"),
                layer.build(), files);
    }

    /** Builds a layer of one file, staged on disk because Jib reads layer content from files. */
    static Layer file(String description, Path staged, String pathInImage) {
        FileEntriesLayer layer = FileEntriesLayer.builder().setName(description)
                .addEntry(staged, AbsoluteUnixPath.get(pathInImage), FilePermissions.DEFAULT_FILE_PERMISSIONS, MODIFICATION_TIME, OWNERSHIP)
                .build();
        return new Layer(description + ": " + pathInImage, layer, 1);
    }

    static List<FileEntriesLayer> contents(List<Layer> layers) {
        List<FileEntriesLayer> contents = new ArrayList<>();
        layers.forEach(layer -> contents.add(layer.content()));
        return contents;
    }
}
