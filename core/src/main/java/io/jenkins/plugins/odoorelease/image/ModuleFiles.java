package io.jenkins.plugins.odoorelease.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lists the files of one module folder that go into the image. Version-control folders, Python byte code and its
 * cache folders are left out, because they differ between checkouts and would change the layer without changing the
 * module. A symbolic link to a file inside the module is stored as a copy of that file. Any other link is a problem,
 * because following it could put files from outside the checkout into the image.
 */
final class ModuleFiles {

    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", ".hg", ".svn", "__pycache__");

    /** One file or folder, with its path relative to the module folder using {@code /}. */
    record Entry(Path source, String relativePath, boolean directory, boolean executable) {
    }

    /** The entries, and what could not be stored, each as a sentence naming the file. */
    record Listing(List<Entry> entries, List<String> problems) {
    }

    private ModuleFiles() {
    }

    static Listing list(Path moduleDirectory) throws IOException {
        Path root = moduleDirectory.toRealPath();
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Files.walkFileTree(moduleDirectory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                if (!directory.equals(moduleDirectory) && SKIPPED_FOLDERS.contains(directory.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                entries.add(new Entry(directory, relative(moduleDirectory, directory), true, false));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String name = file.getFileName().toString();
                if (name.endsWith(".pyc") || name.endsWith(".pyo")) {
                    return FileVisitResult.CONTINUE;
                }
                String relative = relative(moduleDirectory, file);
                if (attributes.isSymbolicLink()) {
                    link(file, relative);
                } else if (attributes.isRegularFile()) {
                    entries.add(new Entry(file, relative, false, Files.isExecutable(file)));
                } else {
                    problems.add(relative + " is neither a file nor a folder; remove it from the module");
                }
                return FileVisitResult.CONTINUE;
            }

            private void link(Path file, String relative) throws IOException {
                if (!Files.exists(file)) {
                    problems.add(relative + " is a broken symbolic link; remove it or restore its target");
                    return;
                }
                Path target = file.toRealPath();
                if (!target.startsWith(root)) {
                    problems.add(relative + " is a symbolic link to " + target + ", outside the module; replace it by a copy "
                            + "of the file");
                } else if (Files.isDirectory(target)) {
                    problems.add(relative + " is a symbolic link to a folder; replace it by the folder itself");
                } else {
                    entries.add(new Entry(target, relative, false, Files.isExecutable(target)));
                }
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(relative(moduleDirectory, file) + " cannot be read: " + e.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
        return new Listing(entries, problems);
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }
}
