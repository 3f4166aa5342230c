package io.jenkins.plugins.odoorelease.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One addons path to put into the image.
 *
 * @param directory where the addons path is on this machine
 * @param label how the inventory and the report name it: the path as written, relative to the workspace or working
 *     directory, so that the image does not depend on where the checkout happens to be
 */
public record AddonsSource(Path directory, String label) {

    public AddonsSource {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(label, "label");
    }
}
