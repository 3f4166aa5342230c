package io.jenkins.plugins.odoorelease.backup;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The small JSON object written last, beside the backup's data objects, so that a listing finds only complete
 * backups and verification compares each object with the SHA-256 recorded at backup time, never with an ETag (a
 * multipart ETag is not a digest of the content).
 *
 * @param schema {@value #SCHEMA}, raised on an incompatible change
 * @param format {@code zip} or {@code custom}
 * @param createdAt when the database snapshot was taken
 * @param database the backed-up database's name
 * @param serverVersion the PostgreSQL release of the backed-up server, such as {@code 15.18}
 * @param pgDumpVersion the release of the {@code pg_dump} that wrote the dump
 * @param objects the data objects, each with its role, key, SHA-256 and size
 * @param odoo the Odoo manifest of the database at the snapshot
 * @param rowCounts exact row counts of key tables, taken in the same snapshot as the dump
 * @param filestore where the filestore came from and how much it held, or {@code null} without one
 */
@JsonPropertyOrder({"schema", "format", "createdAt", "database", "serverVersion", "pgDumpVersion", "objects", "odoo", "rowCounts",
    "filestore"})
public record BackupManifest(
        String schema,
        String format,
        Instant createdAt,
        String database,
        String serverVersion,
        String pgDumpVersion,
        List<Entry> objects,
        OdooManifest odoo,
        Map<String, Long> rowCounts,
        Filestore filestore) {

    public static final String SCHEMA = "odoo-release/backup/v1";
    /** The key suffix of backup manifests; everything before it is the backup's name. */
    public static final String SUFFIX = ".backup.json";

    public BackupManifest {
        objects = objects == null ? List.of() : List.copyOf(objects);
        rowCounts = rowCounts == null ? Map.of() : new TreeMap<>(rowCounts);
    }

    /** Returns the object with this role ({@code archive}, {@code database} or {@code filestore}), or {@code null}. */
    public Entry object(String role) {
        return objects.stream().filter(entry -> entry.role().equals(role)).findFirst().orElse(null);
    }

    /** Returns the object with this key, or {@code null}. */
    public Entry objectByKey(String key) {
        return objects.stream().filter(entry -> entry.key().equals(key)).findFirst().orElse(null);
    }

    /**
     * One data object of a backup.
     *
     * @param role {@value #ARCHIVE} for Odoo's zip, {@value #DATABASE} for a custom-format dump, {@value #FILESTORE}
     *     for the filestore archive beside it
     */
    public record Entry(String role, String key, String sha256, long size) {

        public static final String ARCHIVE = "archive";
        public static final String DATABASE = "database";
        public static final String FILESTORE = "filestore";

        public Entry {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Where the filestore came from and how many files and bytes it held, checklist markers included. */
    public record Filestore(String source, long files, long bytes) {
    }
}
