package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.s3.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where a database's filestore is read from: a folder on the machine that runs the step (Odoo's
 * {@code data_dir/filestore/<db>}), or an S3 prefix that mirrors that folder's layout ({@code <ab>/<sha1>}).
 * Files are visited in name order; like Odoo's own backup, files ending in {@code .pyc}, {@code .pyo},
 * {@code .swp} or {@code .DS_Store} are left out.
 */
public sealed interface FilestoreSource permits FilestoreSource.Folder, FilestoreSource.Prefix {

    /** Returns the source as users wrote it, for the report. */
    String describe();

    /**
     * Calls {@code visitor} for every file, with its path relative to the filestore root using {@code /}.
     *
     * @throws IOException when a file or listing cannot be read
     */
    void visit(Visitor visitor) throws IOException;

    /** Receives the filestore's files one at a time. */
    interface Visitor {

        void file(String relativePath, long size, Opener content) throws IOException;

        /** Records a folder entry that is not a regular file, such as a symbolic link, which is left out. */
        default void skipped(String relativePath, String reason) {
        }

        /**
         * Records a listed file that was gone when it was read. Odoo's garbage collection deletes files that no
         * attachment references any more, so a backup of a running shop meets them.
         */
        default void vanished(String relativePath) {
        }
    }

    /** Opens one file's content; the caller closes the stream. */
    @FunctionalInterface
    interface Opener {

        /** Opens the content; throws {@link NoSuchFileException} when the file was removed after it was listed. */
        InputStream open() throws IOException;
    }

    /** Returns whether Odoo's {@code zip_dir} leaves a file of this name out of its backups. */
    static boolean excluded(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".pyc") || lower.endsWith(".pyo") || lower.endsWith(".swp") || lower.endsWith(".ds_store");
    }

    /** A filestore folder on this machine. Symbolic links are not followed, so that nothing outside it is read. */
    record Folder(Path root) implements FilestoreSource {

        @Override
        public String describe() {
            return root.toString();
        }

        @Override
        public void visit(Visitor visitor) throws IOException {
            List<Path> files = new ArrayList<>();
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String relative = relative(file);
                    if (!attributes.isRegularFile()) {
                        visitor.skipped(relative, attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file");
                    } else if (!excluded(file.getFileName().toString())) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            files.sort(null);
            for (Path file : files) {
                long size;
                try {
                    size = Files.size(file);
                } catch (NoSuchFileException e) {
                    visitor.vanished(relative(file));
                    continue;
                }
                visitor.file(relative(file), size, () -> Files.newInputStream(file));
            }
        }

        private String relative(Path file) {
            return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        }
    }

    /** A filestore kept in object storage under a prefix, read with the backup's S3 client. */
    record Prefix(S3Client client, S3Location location) implements FilestoreSource {

        @Override
        public String describe() {
            return location.toString();
        }

        @Override
        public void visit(Visitor visitor) throws IOException {
            try {
                ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(location.prefix()).build();
                for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
                    String relative = object.key().substring(location.prefix().length());
                    if (relative.isEmpty() || relative.endsWith("/") || excluded(relative.substring(relative.lastIndexOf('/') + 1))) {
                        continue;
                    }
                    String key = object.key();
                    visitor.file(relative, object.size(), () -> openObject(key));
                }
            } catch (SdkException e) {
                throw new IOException("listing the filestore at " + location + " failed: " + e.getMessage(), e);
            }
        }

        private InputStream openObject(String key) throws IOException {
            try {
                return client.getObject(request -> request.bucket(location.bucket()).key(key));
            } catch (NoSuchKeyException e) {
                throw new NoSuchFileException("s3://" + location.bucket() + "/" + key);
            } catch (SdkException e) {
                throw new IOException("reading s3://" + location.bucket() + "/" + key + " failed: " + e.getMessage(), e);
            }
        }
    }
}
