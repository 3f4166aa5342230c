package io.jenkins.plugins.odoorelease.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves the paths a Pipeline step gets relative to its workspace and keeps them inside it. A path that leaves the
 * workspace by {@code ..}, as an absolute path, or through a symbolic link is rejected, also when it names a file
 * that does not exist yet, such as a tar file to write under a linked folder.
 */
public final class WorkspacePaths {

    private WorkspacePaths() {
    }

    /**
     * Resolves {@code path} against the workspace and checks that it stays inside.
     *
     * @param parameter the step parameter that contains the path, for the message
     * @param fix what to do instead, for the message, such as {@code give a path relative to the workspace}
     * @return the resolved path, normalised but with its symbolic links kept
     * @throws InvalidInputException when the path leaves the workspace
     */
    public static Path inside(Path workspace, String path, String parameter, String fix) throws InvalidInputException {
        Path root = workspace.toAbsolutePath().normalize();
        Path resolved = root.resolve(path).normalize();
        if (!isInside(root, resolved)) {
            throw InvalidInputException.forValue(parameter, path, "outside the workspace " + root + "; " + fix);
        }
        return resolved;
    }

    /**
     * Returns whether {@code path} lies inside the workspace: lexically, and after following the symbolic links of
     * its deepest part that exists. A dangling link counts as outside, because the file written through it would land
     * wherever it points.
     */
    public static boolean isInside(Path workspace, Path path) {
        Path root = workspace.toAbsolutePath().normalize();
        Path resolved = path.toAbsolutePath().normalize();
        if (!resolved.startsWith(root)) {
            return false;
        }
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        try {
            return existing.toRealPath().startsWith(realPath(root));
        } catch (IOException e) {
            return false;
        }
    }

    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }
}
