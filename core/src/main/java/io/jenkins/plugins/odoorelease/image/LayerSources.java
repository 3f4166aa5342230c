package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Makes Jib's application-layer cache see content changes. Jib reuses a cached layer when the absolute paths and the
 * modification times of its source files are the same ({@code LayerEntriesSelector} in jib-core 0.27.3), so a file
 * whose content changed while its modification time stayed, as {@code rsync -a}, {@code cp -p} and unpacked archives
 * leave it, would reuse the old layer. So each addons path is read through a symbolic link in the cache folder that is
 * named after a SHA-256 of the path and of every file's relative path, type, mode and content. Changed content gives
 * new source paths, so Jib builds that layer again, while an unchanged addons path keeps its link and its cached layer.
 *
 * <p>Where a link cannot be made, as on a Windows agent without the right to create symbolic links, the build reads
 * the files directly and Jib gets an empty application-layer cache for this build only: slower, never stale.
 */
final class LayerSources {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path folder;
    private final EventSink events;
    private boolean contentKeyed = true;

    /** @param folder where the links are kept between builds, inside the layer cache folder */
    LayerSources(Path folder, EventSink events) {
        this.folder = folder;
        this.events = events;
    }

    /**
     * Returns the folder to read an addons path through: a link named after its content, or the addons path itself when
     * no link can be made.
     *
     * @param listings the files of each module of the addons path, as they go into the layer
     */
    Path readFrom(Path addonsPath, Map<String, ModuleFiles.Listing> listings) throws IOException {
        Path target = addonsPath.toRealPath();
        Path link = folder.resolve(fingerprint(target, listings));
        try {
            Files.createDirectories(folder);
            link(link, target);
            return link;
        } catch (IOException | UnsupportedOperationException e) {
            contentKeyed = false;
            events.debug("Cannot create the symbolic link " + link + " (" + e + "); the layers are built without the cache.");
            return addonsPath;
        }
    }

    /** Returns whether every addons path is read through a content link, so that Jib's persistent layer cache is safe. */
    boolean contentKeyed() {
        return contentKeyed;
    }

    /** Removes the links whose addons path no longer exists, such as those of deleted workspaces. */
    void removeStaleLinks() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(folder)) {
            for (Path link : links) {
                if (Files.isSymbolicLink(link) && !Files.exists(link)) {
                    Files.deleteIfExists(link);
                }
            }
        } catch (IOException e) {
            events.debug("Cannot clean up " + folder + ": " + e.getMessage());
        }
    }

    private static void link(Path link, Path target) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (Files.isSymbolicLink(link)) {
                if (Files.readSymbolicLink(link).equals(target)) {
                    return;
                }
                Files.deleteIfExists(link);
            }
            try {
                Files.createSymbolicLink(link, target);
                return;
            } catch (FileAlreadyExistsException e) {
                // Another build created it at the same moment; check where it points on the next pass.
            }
        }
        throw new IOException("another process keeps changing " + link);
    }

    /** Returns the hex SHA-256 of the addons path's real location and of every entry, in the order of their paths. */
    static String fingerprint(Path target, Map<String, ModuleFiles.Listing> listings) throws IOException {
        MessageDigest digest = sha256();
        update(digest, target.toString());
        byte[] buffer = new byte[BUFFER_SIZE];
        for (Map.Entry<String, ModuleFiles.Listing> module : listings.entrySet()) {
            List<ModuleFiles.Entry> entries = module.getValue().entries().stream()
                    .sorted(Comparator.comparing(ModuleFiles.Entry::relativePath)).toList();
            for (ModuleFiles.Entry entry : entries) {
                update(digest, module.getKey() + "/" + entry.relativePath());
                update(digest, entry.directory() ? "d" : entry.executable() ? "x" : "f");
                if (!entry.directory()) {
                    digest.update(longBytes(Files.size(entry.source())));
                    try (InputStream in = Files.newInputStream(entry.source())) {
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            digest.update(buffer, 0, read);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Adds a text with its length first, so that two texts cannot run into each other. */
    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(longBytes(bytes.length));
        digest.update(bytes);
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[i] = (byte) (value >>> (8 * (Long.BYTES - 1 - i)));
        }
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
