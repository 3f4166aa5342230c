package io.jenkins.plugins.odoorelease.backup;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a backup's filestore with the {@code ir_attachment} rows of the restored database: every row with a
 * {@code store_fname} must have its file, and the file's SHA-1 must equal the row's {@code checksum}. Files that no
 * row references are counted as orphans; Odoo's garbage-collection markers under {@code checklist/} are not content
 * and are only counted.
 *
 * <p>Files can arrive before or after the database is known. In Odoo's zip {@code dump.sql} comes first, so the
 * expectations are loaded before the files and only the checked files are hashed. When files come first, each is
 * hashed and its digest kept until the expectations arrive.
 *
 * <p>NOTE: the referenced names are held in memory, about 150 bytes per distinct file, so a filestore of a million
 * files needs about 150 MiB of heap.
 */
final class AttachmentCheck {

    static final int SAMPLE_IDS = 10;
    private static final int BUFFER = 256 * 1024;

    private final AttachmentMode mode;
    private Map<String, Expected> expected;
    private Set<String> referenced;
    private final Map<String, String> early = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final byte[] buffer = new byte[BUFFER];
    private final MessageDigest sha1;
    private long files;
    private long markers;
    private long checked;
    private final List<Integer> mismatchedIds = new ArrayList<>();
    private long mismatched;
    private final Set<String> orphans = new TreeSet<>();
    private long orphanCount;

    /** What one distinct file must hash to, and which rows reference it. */
    record Expected(String checksum, List<Integer> ids) {
    }

    AttachmentCheck(AttachmentMode mode) {
        this.mode = mode;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /**
     * Loads the expectations from the restored database: every referenced file for the orphan count, and the files
     * to check (all of them, or a random sample of distinct files).
     */
    void load(Connection connection) throws SQLException {
        expected = null;
        referenced = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL "
                        + "AND store_fname <> ''")) {
            while (rows.next()) {
                referenced.add(normalize(rows.getString(1)));
            }
        }
        expected = new HashMap<>();
        String sampled = mode.all() ? "SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL AND store_fname <> ''"
                : "SELECT store_fname FROM (SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL "
                        + "AND store_fname <> '') names ORDER BY random() LIMIT " + mode.sample();
        try (PreparedStatement statement = connection.prepareStatement("SELECT a.id, a.store_fname, a.checksum FROM ir_attachment a "
                + "WHERE a.store_fname IN (" + sampled + ") ORDER BY a.id")) {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String name = normalize(rows.getString(2));
                    Expected entry = expected.computeIfAbsent(name, key -> new Expected(null, new ArrayList<>()));
                    String checksum = rows.getString(3);
                    if (entry.checksum() == null && checksum != null) {
                        entry = new Expected(checksum.trim().toLowerCase(java.util.Locale.ROOT), entry.ids());
                        expected.put(name, entry);
                    }
                    entry.ids().add(rows.getInt(1));
                }
            }
        }
        early.forEach(this::compare);
        early.clear();
    }

    /** Returns whether {@link #load} finished, so that {@link #outcome()} has expectations to compare with. */
    boolean loaded() {
        return expected != null;
    }

    /** Checks one file of the filestore, given by its path relative to the filestore root. */
    void file(String relativePath, InputStream content) throws IOException {
        if (relativePath.startsWith("checklist/")) {
            markers++;
            return;
        }
        files++;
        String name = normalize(relativePath);
        if (expected == null) {
            early.put(name, hash(content));
            return;
        }
        if (!referenced.contains(name)) {
            orphan(name);
            return;
        }
        seen.add(name);
        if (expected.containsKey(name)) {
            compare(name, hash(content));
        }
    }

    private void compare(String name, String digest) {
        if (!referenced.contains(name)) {
            orphan(name);
            return;
        }
        seen.add(name);
        Expected entry = expected.get(name);
        if (entry == null) {
            return;
        }
        checked++;
        if (!digest.equals(entry.checksum())) {
            mismatched++;
            for (Integer id : entry.ids()) {
                if (mismatchedIds.size() < SAMPLE_IDS) {
                    mismatchedIds.add(id);
                }
            }
        }
    }

    private void orphan(String name) {
        orphanCount++;
        if (orphans.size() < SAMPLE_IDS) {
            orphans.add(name);
        }
    }

    private String hash(InputStream content) throws IOException {
        sha1.reset();
        int read;
        while ((read = content.read(buffer)) >= 0) {
            sha1.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /** Returns the outcome once every file was seen; only after {@link #load} finished. */
    Outcome outcome() {
        if (expected == null) {
            throw new IllegalStateException("the attachment expectations were not loaded");
        }
        List<Integer> missingIds = new ArrayList<>();
        long missing = 0;
        for (Map.Entry<String, Expected> entry : expected.entrySet()) {
            if (!seen.contains(entry.getKey())) {
                missing++;
                for (Integer id : entry.getValue().ids()) {
                    if (missingIds.size() < SAMPLE_IDS) {
                        missingIds.add(id);
                    }
                }
            }
        }
        missingIds.sort(null);
        return new Outcome(files, markers, referenced.size(), expected.size(), checked, missing, missingIds, mismatched,
                List.copyOf(mismatchedIds), orphanCount, List.copyOf(orphans));
    }

    /** Odoo's {@code _full_path} drops dots and leading or trailing slashes from a {@code store_fname}. */
    static String normalize(String storeFname) {
        String name = storeFname.replace(".", "").replace('\\', '/');
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    /**
     * What the check found.
     *
     * @param files content files in the filestore
     * @param markers {@code checklist/} marker files
     * @param referenced distinct files the database references
     * @param selected distinct files chosen for checking (all, or the sample)
     * @param checked selected files found and hashed
     * @param missing selected files not in the filestore
     * @param mismatched selected files whose SHA-1 differs from the checksum
     */
    record Outcome(long files, long markers, long referenced, long selected, long checked, long missing, List<Integer> missingIds,
            long mismatched, List<Integer> mismatchedIds, long orphans, List<String> orphanSamples) {
    }
}
