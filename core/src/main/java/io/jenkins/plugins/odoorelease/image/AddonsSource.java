package io.jenkins.plugins.odoorelease.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One addons path to put into the image.
 *
 * @param directory where the addons path is on this machine
 * @param label how the layer, the inventory and the report name it; it goes into the image, so it never contains an
 *     absolute path (see {@link #inCheckout})
 */
public record AddonsSource(Path directory, String label) {

    public AddonsSource {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(label, "label");
    }

    /**
     * Labels addons paths so that the image does not depend on where the checkout is or which folder the build runs
     * in: a path inside the checkout by its path relative to the checkout ({@code addons/oca-web}, or {@code .} for the
     * checkout itself), any other path by its folder name. A label that repeats gets a number: {@code addons (2)}.
     *
     * @param checkout the root of the source checkout, such as git's top level or the Jenkins workspace
     */
    public static List<AddonsSource> inCheckout(List<Path> directories, Path checkout) {
        Path root = canonical(checkout);
        Set<String> used = new HashSet<>();
        List<AddonsSource> sources = new ArrayList<>();
        for (Path directory : directories) {
            Path path = canonical(directory);
            String label;
            if (path.startsWith(root)) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                label = relative.isEmpty() ? "." : relative;
            } else {
                label = path.getFileName() == null ? "addons" : path.getFileName().toString();
            }
            String unique = label;
            for (int number = 2; !used.add(unique); number++) {
                unique = label + " (" + number + ")";
            }
            sources.add(new AddonsSource(directory, unique));
        }
        return sources;
    }

    /** Returns the real path when the folder exists, so that a symbolic link to the checkout counts as inside it. */
    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
