package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.backup.VerifyLevels.Level;
import io.jenkins.plugins.odoorelease.common.Sizes;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Checks the layout of an Odoo backup zip from its central directory, before anything is extracted: entries whose
 * path would leave the extraction folder, entries that expand far more than real data does, and where
 * {@code dump.sql}, {@code manifest.json} and {@code filestore/} are.
 */
final class ArchiveStructure {

    /** Entries up to this size are never reported for their ratio: tiny files of zeros compress very well. */
    static final long RATIO_MIN_SIZE = 1 << 20;
    /**
     * The archive as a whole is checked for its ratio above this expanded size, so that many small entries, each
     * below {@link #RATIO_MIN_SIZE}, cannot add up to a zip bomb either.
     */
    static final long TOTAL_RATIO_MIN_SIZE = 64L << 20;
    /** The name under which the whole archive is reported when its total expands beyond the ratio. */
    static final String WHOLE_ARCHIVE = "(all entries together)";
    private static final int LISTED = 10;

    private ArchiveStructure() {
    }

    /**
     * What the central directory shows.
     *
     * @param fatal whether the archive must not be restored: unreadable, unsafe, or without a top-level {@code dump.sql}
     * @param hasFilestore whether any entry lies under {@code filestore/}
     * @param names every entry's name as the central directory gives it, in its order
     */
    record Layout(boolean fatal, boolean hasFilestore, boolean hasManifest, List<String> names, long uncompressedBytes) {
    }

    /**
     * Reads the central directory through {@code zip} and adds structure findings for {@code key}.
     *
     * @param archiveSize the size of the whole archive in bytes, for the ratio of all entries together
     */
    static Layout inspect(ZipFile zip, String key, long archiveSize, double maxRatio, VerifyLevels levels) {
        List<String> names = new ArrayList<>();
        List<String> escaping = new ArrayList<>();
        long uncompressed = 0;
        boolean fatal = false;
        Enumeration<ZipArchiveEntry> entries = zip.getEntries();
        while (entries.hasMoreElements()) {
            ZipArchiveEntry entry = entries.nextElement();
            String name = entry.getName();
            names.add(name);
            if (escapes(name)) {
                escaping.add(name);
            }
            long size = entry.getSize();
            long compressed = entry.getCompressedSize();
            if (size > 0) {
                uncompressed += size;
            }
            if (tooCompressed(size, compressed, maxRatio)) {
                fatal = true;
                levels.add(Level.STRUCTURE, ratioFinding(key, name, size, compressed, maxRatio));
            }
        }
        if (!fatal && tooCompressedInTotal(uncompressed, archiveSize, maxRatio)) {
            fatal = true;
            levels.add(Level.STRUCTURE, ratioFinding(key, WHOLE_ARCHIVE, uncompressed, archiveSize, maxRatio));
        }
        if (!escaping.isEmpty()) {
            fatal = true;
            levels.add(Level.STRUCTURE, new Finding(VerifyFindings.VERIFY_ENTRY_ESCAPES.code(), Severity.ERROR, key,
                    escaping.size() + " entries have paths that lead outside the extraction folder: "
                            + String.join(", ", escaping.subList(0, Math.min(LISTED, escaping.size())))
                            + ". Extracting this archive could overwrite files elsewhere; it was not restored. Recreate the backup "
                            + "with relative paths only.", Map.of("entries", escaping)));
        }
        boolean dump = names.contains("dump.sql");
        if (!dump) {
            fatal = true;
            String nested = names.stream().filter(name -> baseName(name).equalsIgnoreCase("dump.sql")).findFirst().orElse(null);
            if (nested != null) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_DUMP_NESTED, Severity.ERROR, key, "dump.sql is at " + nested
                        + ", inside a folder, but Odoo's restore reads it only from the top of the archive; the archive was probably "
                        + "zipped with its parent folder. Zip the folder's contents instead.");
            } else {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_DUMP_MISSING, Severity.ERROR, key, "The archive has no dump.sql ("
                        + names.size() + " entries), so there is no database to restore; it is not an Odoo backup.");
            }
        }
        boolean manifest = names.contains("manifest.json");
        if (!manifest) {
            String nested = names.stream().filter(name -> baseName(name).equalsIgnoreCase("manifest.json")).findFirst().orElse(null);
            levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_MANIFEST_MISSING, Severity.ERROR, key, "The archive has no manifest.json"
                    + (nested == null ? "" : " at its top level (there is one at " + nested + ")")
                    + ", so the Odoo series and installed modules of the dump are unknown; back up with Odoo's database manager or odooBackup.");
        }
        boolean filestore = names.stream().anyMatch(name -> name.startsWith("filestore/") && !name.endsWith("/"));
        levels.summary(Level.STRUCTURE, "zip, " + names.size() + " entries, " + Sizes.format(uncompressed) + " uncompressed");
        return new Layout(fatal, filestore, manifest, List.copyOf(names), uncompressed);
    }

    /**
     * Returns the names that the local headers and the central directory do not share, each list counted with its
     * repeats. Python's {@code zipfile}, which Odoo's restore uses, rejects an entry whose two names differ.
     */
    static NameMismatch compareNames(List<String> central, List<String> local) {
        Map<String, Integer> counts = new HashMap<>();
        central.forEach(name -> counts.merge(name, 1, Integer::sum));
        List<String> localOnly = new ArrayList<>();
        for (String name : local) {
            if (counts.merge(name, -1, Integer::sum) < 0) {
                localOnly.add(name);
            }
        }
        List<String> centralOnly = new ArrayList<>();
        for (String name : central) {
            if (counts.getOrDefault(name, 0) > 0) {
                centralOnly.add(name);
                counts.merge(name, -1, Integer::sum);
            }
        }
        return new NameMismatch(centralOnly, localOnly);
    }

    /** The entry names found only in the central directory, and only in the local headers. */
    record NameMismatch(List<String> centralOnly, List<String> localOnly) {

        boolean none() {
            return centralOnly.isEmpty() && localOnly.isEmpty();
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (!centralOnly.isEmpty()) {
                parts.add("only in the central directory: " + listed(centralOnly));
            }
            if (!localOnly.isEmpty()) {
                parts.add("only in the local headers: " + listed(localOnly));
            }
            return String.join("; ", parts);
        }

        private static String listed(List<String> names) {
            return String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
        }
    }

    static boolean tooCompressed(long size, long compressed, double maxRatio) {
        return size > RATIO_MIN_SIZE && (compressed <= 0 || (double) size / compressed > maxRatio);
    }

    static boolean tooCompressedInTotal(long size, long compressed, double maxRatio) {
        return size > TOTAL_RATIO_MIN_SIZE && (compressed <= 0 || (double) size / compressed > maxRatio);
    }

    static Finding ratioFinding(String key, String name, long size, long compressed, double maxRatio) {
        String ratio = compressed <= 0 ? "an unbounded ratio" : String.format(Locale.ROOT, "a ratio of %.0f:1", (double) size / compressed);
        return Finding.of(VerifyFindings.VERIFY_COMPRESSION_RATIO, Severity.ERROR, key, "The entry " + name + " expands from "
                + Sizes.format(Math.max(compressed, 0)) + " to " + Sizes.format(size) + ", " + ratio + ", above the limit of "
                + String.format(Locale.ROOT, "%.0f", maxRatio) + ":1; such an archive is built to exhaust memory or disk, so it was not "
                + "restored. Raise maxCompressionRatio only if the data is known to be this repetitive.");
    }

    /** Returns whether an entry path is absolute, has a drive letter, or climbs out with {@code ..}. */
    static boolean escapes(String name) {
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String baseName(String name) {
        String path = name.replace('\\', '/');
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Wraps the current entry of a streaming zip reader so that reading fails as soon as the entry, or all entries so
     * far together, expand beyond the ratio, whatever sizes the headers claim.
     *
     * @param expandedBefore the bytes the earlier entries expanded to
     * @param readSoFar returns the archive's bytes read so far
     */
    static InputStream ratioGuard(ZipArchiveInputStream zip, String name, double maxRatio, long expandedBefore, LongSupplier readSoFar) {
        return new FilterInputStream(zip) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                check();
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int read = super.read(bytes, offset, length);
                check();
                return read;
            }

            @Override
            public void close() {
                // The zip stream stays open for the next entry.
            }

            private void check() throws IOException {
                long size = zip.getUncompressedCount();
                long compressed = zip.getCompressedCount();
                if (tooCompressed(size, compressed, maxRatio)) {
                    throw new RatioExceededException(name, size, compressed);
                }
                long total = expandedBefore + size;
                long read = readSoFar.getAsLong();
                if (tooCompressedInTotal(total, read, maxRatio)) {
                    throw new RatioExceededException(WHOLE_ARCHIVE, total, read);
                }
            }
        };
    }

    /** An entry expanded beyond the allowed ratio while it was read. */
    static final class RatioExceededException extends IOException {

        private static final long serialVersionUID = 1L;

        final String entry;
        final long size;
        final long compressed;

        RatioExceededException(String entry, long size, long compressed) {
            super("the entry " + entry + " expanded beyond the allowed compression ratio");
            this.entry = entry;
            this.size = size;
            this.compressed = compressed;
        }
    }
}
