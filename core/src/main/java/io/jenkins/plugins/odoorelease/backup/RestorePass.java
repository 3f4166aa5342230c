package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.backup.ArchiveStructure.RatioExceededException;
import io.jenkins.plugins.odoorelease.backup.BackupLocator.Target;
import io.jenkins.plugins.odoorelease.backup.VerifyLevels.Level;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sizes;
import io.jenkins.plugins.odoorelease.pg.PgConnections;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads each object of a backup once, from start to end: the SHA-256 of the raw bytes is computed on the way
 * (level 2), the database is restored into the scratch database as its dump streams past (level 4), and the
 * filestore's files are checked as they stream past (level 6). Nothing is written to disk.
 */
final class RestorePass {

    private static final int MAX_MANIFEST_BYTES = 16 << 20;

    private final S3Client s3;
    private final String bucket;
    private final VerifyRequest request;
    private final VerifyLevels levels;
    private final EventSink events;
    private final PgTarget scratch;
    private final AttachmentCheck attachments;
    private Duration restoreTime;
    private boolean restored;
    private boolean sawFilestore;
    private OdooManifest archiveManifest;
    private String attachmentsSkipped;

    /**
     * @param scratch the scratch database to restore into, or {@code null} when the restore is skipped
     * @param attachments the attachment check, or {@code null} when attachments are not checked
     */
    RestorePass(S3Client s3, String bucket, VerifyRequest request, VerifyLevels levels, EventSink events, PgTarget scratch,
            AttachmentCheck attachments) {
        this.s3 = s3;
        this.bucket = bucket;
        this.request = request;
        this.levels = levels;
        this.events = events;
        this.scratch = scratch;
        this.attachments = attachments;
    }

    Duration restoreTime() {
        return restoreTime;
    }

    boolean restored() {
        return restored;
    }

    boolean sawFilestore() {
        return sawFilestore;
    }

    /** Returns why level 6 cannot run on the restored database, or {@code null}. */
    String attachmentsSkipped() {
        return attachmentsSkipped;
    }

    /** Returns the {@code manifest.json} read from a zip, or {@code null}. */
    OdooManifest archiveManifest() {
        return archiveManifest;
    }

    /**
     * Streams an Odoo backup zip: restores {@code dump.sql}, reads {@code manifest.json} and checks {@code filestore/}.
     * The stream reads the local headers, so their names are compared with {@code centralNames}, the names that the
     * central directory gives and that the structure check inspected.
     */
    void zip(Target target, List<String> centralNames) throws IOException, InterruptedException {
        events.info("Reading s3://" + bucket + "/" + target.key() + " (" + Sizes.format(target.size()) + ").");
        try (HashingInputStream hashing = open(target)) {
            ZipArchiveInputStream zip = new ZipArchiveInputStream(hashing, "UTF-8", true, true);
            List<String> localNames = new ArrayList<>();
            // The bytes the entries before the current one expanded to, for the ratio of all entries together.
            long expanded = 0;
            try {
                for (ZipArchiveEntry entry = zip.getNextEntry(); entry != null; expanded += zip.getUncompressedCount(),
                        entry = zip.getNextEntry()) {
                    String name = entry.getName();
                    localNames.add(name);
                    if (entry.isDirectory() || ArchiveStructure.escapes(name)) {
                        continue;
                    }
                    InputStream content = ArchiveStructure.ratioGuard(zip, name, request.maxCompressionRatio(), expanded, hashing::count);
                    if (name.equals("dump.sql")) {
                        restoreScript(content, entry.getSize());
                    } else if (name.equals("manifest.json")) {
                        archiveManifest = parseManifest(content, target.key());
                    } else if (name.startsWith("filestore/")) {
                        sawFilestore = true;
                        if (attachments != null) {
                            attachments.file(name.substring("filestore/".length()), content);
                        }
                    }
                }
                checkLocalNames(target.key(), centralNames, localNames);
            } catch (RatioExceededException e) {
                levels.add(Level.STRUCTURE, ArchiveStructure.ratioFinding(target.key(), e.entry, e.size, e.compressed,
                        request.maxCompressionRatio()));
                failRestore("the archive entry " + e.entry + " expanded beyond the compression ratio limit");
            } catch (InterruptedIOException e) {
                throw new InterruptedException(e.getMessage());
            } catch (IOException e) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_ARCHIVE_UNREADABLE, Severity.ERROR, target.key(), "Reading the zip "
                        + "archive failed after " + Sizes.format(hashing.count()) + " of " + Sizes.format(target.size()) + ": "
                        + e.getMessage() + ". The archive is damaged or truncated.");
                failRestore("the archive could not be read to its end");
            }
            finishIntegrity(target, hashing);
        }
    }

    private void checkLocalNames(String key, List<String> centralNames, List<String> localNames) {
        ArchiveStructure.NameMismatch mismatch = ArchiveStructure.compareNames(centralNames, localNames);
        if (!mismatch.none()) {
            levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_ARCHIVE_UNREADABLE, Severity.ERROR, key, "The entry names in the local "
                    + "headers differ from those in the central directory (" + mismatch.describe() + "). Python's zipfile, which "
                    + "Odoo's restore uses, rejects such an archive; it was damaged or crafted. Take a new backup.");
            failRestore("Odoo's restore would reject the archive, because its local headers do not match its central directory");
        }
        if (!restored && !localNames.contains("dump.sql")) {
            failRestore("dump.sql was not found while streaming the archive, although its central directory lists it");
        }
    }

    /** Streams a custom-format dump into {@code pg_restore}. */
    void customDump(Target target, PgTool pgRestore, LibpqConnection libpq) throws IOException, InterruptedException {
        events.info("Reading s3://" + bucket + "/" + target.key() + " (" + Sizes.format(target.size()) + ").");
        try (HashingInputStream hashing = open(target)) {
            if (scratch != null && pgRestore != null) {
                long start = System.nanoTime();
                List<String> command = List.of(pgRestore.path().toString(), "--no-owner", "--no-privileges", "--exit-on-error",
                        "--single-transaction", "--dbname=" + scratch.databaseName());
                try {
                    PgToolProcess.restoreFrom(command, libpq.environmentFor(scratch.databaseName()), hashing);
                    restoreTime = Duration.ofNanos(System.nanoTime() - start);
                    restored = true;
                    events.info("pg_restore restored " + Sizes.format(hashing.count()) + " in " + Durations.format(restoreTime) + ".");
                    loadAttachments();
                } catch (InfrastructureException e) {
                    failRestore(e.getMessage());
                } catch (InterruptedIOException e) {
                    throw new InterruptedException(e.getMessage());
                } catch (IOException e) {
                    failRestore("reading the dump failed: " + e.getMessage());
                }
            }
            finishIntegrity(target, hashing);
        }
    }

    /** Streams the filestore tar written beside a custom-format dump. */
    void filestoreTar(Target target) throws IOException, InterruptedException {
        events.info("Reading s3://" + bucket + "/" + target.key() + " (" + Sizes.format(target.size()) + ").");
        try (HashingInputStream hashing = open(target)) {
            try {
                TarArchiveInputStream tar = new TarArchiveInputStream(hashing, "UTF-8");
                List<String> escaping = new ArrayList<>();
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (ArchiveStructure.escapes(entry.getName()) || entry.isSymbolicLink() || entry.isLink()) {
                        escaping.add(entry.getName() + (entry.isSymbolicLink() || entry.isLink() ? " -> " + entry.getLinkName() : ""));
                        continue;
                    }
                    if (entry.isFile() && entry.getName().startsWith("filestore/")) {
                        sawFilestore = true;
                        if (attachments != null) {
                            attachments.file(entry.getName().substring("filestore/".length()), tar);
                        }
                    }
                }
                if (!escaping.isEmpty()) {
                    levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_ENTRY_ESCAPES, Severity.ERROR, target.key(), escaping.size()
                            + " entries of the filestore archive lead outside the extraction folder or are links: "
                            + String.join(", ", escaping.subList(0, Math.min(10, escaping.size()))) + ". They were not read.");
                }
            } catch (InterruptedIOException e) {
                throw new InterruptedException(e.getMessage());
            } catch (IOException e) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_ARCHIVE_UNREADABLE, Severity.ERROR, target.key(), "Reading the "
                        + "filestore archive failed after " + Sizes.format(hashing.count()) + ": " + e.getMessage()
                        + ". The archive is damaged or truncated.");
            }
            finishIntegrity(target, hashing);
        }
    }

    /** Reads an object only to compute its SHA-256 for level 2, when nothing else can be done with it. */
    static void hashOnly(S3Client s3, String bucket, VerifyRequest request, VerifyLevels levels, EventSink events, Target target)
            throws IOException, InterruptedException {
        RestorePass pass = new RestorePass(s3, bucket, request, levels, events, null, null);
        try (HashingInputStream hashing = pass.open(target)) {
            pass.finishIntegrity(target, hashing);
        }
    }

    private HashingInputStream open(Target target) throws IOException {
        try {
            return new HashingInputStream(s3.getObject(get -> get.bucket(bucket).key(target.key()).versionId(target.versionId())));
        } catch (AbortedException e) {
            throw new InterruptedIOException("interrupted while opening s3://" + bucket + "/" + target.key());
        } catch (SdkException e) {
            throw new IOException("reading s3://" + bucket + "/" + target.key() + " failed: " + e.getMessage(), e);
        }
    }

    private void finishIntegrity(Target target, HashingInputStream hashing) throws IOException, InterruptedException {
        try {
            hashing.drain();
        } catch (InterruptedIOException e) {
            throw new InterruptedException(e.getMessage());
        }
        String actual = hashing.sha256();
        if (target.recordedSha256() != null && !actual.equals(target.recordedSha256())) {
            levels.add(Level.INTEGRITY, VerifyFindings.VERIFY_CHECKSUM_MISMATCH, Severity.ERROR, target.key(), "The content's SHA-256 is "
                    + actual + " but " + target.recordedSha256() + " was recorded when it was written (" + Sizes.format(hashing.count())
                    + " read); the object is damaged or was replaced. Restore it from a bucket version or take a new backup.");
        }
        String comparison = target.recordedSha256() == null ? "nothing recorded to compare with"
                : actual.equals(target.recordedSha256()) ? "matches the recorded one" : "differs from the recorded one";
        events.info("SHA-256 of " + target.key() + ": " + actual + " (" + comparison + ").");
        levels.addSummary(Level.INTEGRITY, fileName(target.key()) + ": SHA-256 " + actual.substring(0, 12) + "... " + comparison + ", "
                + Sizes.format(hashing.count()) + " read");
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private void restoreScript(InputStream content, long size) throws IOException, InterruptedException {
        if (scratch == null) {
            return;
        }
        long start = System.nanoTime();
        try (Connection connection = PgConnections.open(scratch, Duration.ofSeconds(10))) {
            SqlScriptRestorer.Stats stats = new SqlScriptRestorer(connection, events, "Restoring dump.sql", size).restore(content);
            restoreTime = Duration.ofNanos(System.nanoTime() - start);
            restored = true;
            events.info("Restored dump.sql (" + Sizes.format(stats.bytes) + ", " + stats.statements + " statements, " + stats.rows
                    + " rows in " + stats.copies + " tables, " + stats.skipped + " owner and privilege statements skipped) in "
                    + Durations.format(restoreTime) + ".");
        } catch (SqlScriptRestorer.RestoreException e) {
            failRestore("dump.sql line " + e.line() + ": " + e.getMessage() + (e.statement() == null ? "" : " in: " + e.statement()));
            return;
        } catch (SQLException | InvalidInputException | InfrastructureException e) {
            failRestore(e.getMessage());
            return;
        }
        loadAttachments();
    }

    private void loadAttachments() throws InterruptedException {
        if (attachments == null) {
            return;
        }
        try (Connection connection = PgConnections.open(scratch, Duration.ofSeconds(10))) {
            if (OdooTables.exists(connection, "ir_attachment")) {
                attachments.load(connection);
            } else {
                // Level 5 reports the missing table as VERIFY_TABLE_MISSING.
                attachmentsSkipped = "the restored database has no ir_attachment table";
            }
        } catch (SQLException | InvalidInputException | InfrastructureException e) {
            levels.add(Level.ATTACHMENTS, VerifyFindings.VERIFY_ATTACHMENTS_UNREADABLE, Severity.ERROR, "ir_attachment",
                    "Reading ir_attachment from the restored database " + scratch.databaseName() + " failed: " + e.getMessage()
                            + ". Its files were not checked; a table without Odoo's store_fname and checksum columns is not Odoo's.");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted after the restore");
        }
    }

    private void failRestore(String message) {
        if (scratch == null) {
            return;
        }
        levels.add(Level.RESTORE, VerifyFindings.VERIFY_RESTORE_FAILED, Severity.ERROR, scratch.databaseName(), "The restore failed: "
                + message + ". The scratch database is dropped; fix the backup or take a new one.");
    }

    private OdooManifest parseManifest(InputStream content, String key) throws IOException {
        byte[] bytes = content.readNBytes(MAX_MANIFEST_BYTES + 1);
        if (bytes.length > MAX_MANIFEST_BYTES) {
            levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_MANIFEST_INVALID, Severity.ERROR, key, "manifest.json is larger than "
                    + Sizes.format(MAX_MANIFEST_BYTES) + ", far more than any Odoo manifest.");
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode json = ReportJson.mapper().readTree(bytes);
            List<String> missing = new ArrayList<>();
            for (String field : OdooManifest.KEYS) {
                if (json == null || !json.has(field)) {
                    missing.add(field);
                }
            }
            if (!missing.isEmpty()) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_MANIFEST_INVALID, Severity.ERROR, key, "manifest.json lacks the keys "
                        + String.join(", ", missing) + " that Odoo writes; it was not made by Odoo's backup.");
                return null;
            }
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!OdooManifest.KEYS.contains(name)) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                events.warning("manifest.json has keys Odoo does not write: " + String.join(", ", unknown) + ".");
            }
            return ReportJson.mapper().treeToValue(json, OdooManifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_MANIFEST_INVALID, Severity.ERROR, key, "manifest.json is not valid JSON: "
                    + e.getOriginalMessage() + ".");
            return null;
        }
    }
}
