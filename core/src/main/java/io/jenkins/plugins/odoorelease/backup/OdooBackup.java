package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sha256;
import io.jenkins.plugins.odoorelease.common.Sizes;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.pg.PgConnections;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.s3.MultipartUploadStream;
import io.jenkins.plugins.odoorelease.s3.ObjectMetadata;
import io.jenkins.plugins.odoorelease.s3.S3Clients;
import io.jenkins.plugins.odoorelease.s3.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Takes a consistent backup of an Odoo database and its filestore into object storage, streaming everything
 * without a copy on disk. The row counts, the Odoo manifest and the dump come from one database snapshot: the
 * engine exports a snapshot from a repeatable-read transaction and hands it to {@code pg_dump --snapshot}.
 * Nothing of a failed backup stays in the store: uploads are aborted and objects already written are deleted.
 */
public final class OdooBackup {

    /** The Pipeline step name, also the report's step name. */
    public static final String STEP = "odooBackup";

    private final Clock clock;

    public OdooBackup(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs the backup.
     *
     * @throws InvalidInputException when the database rejects the credentials, is not an Odoo database, or pg_dump is
     *     missing or older than the server
     * @throws InfrastructureException when the database, pg_dump or the store fails
     * @throws InterruptedException when the build is aborted; nothing of the backup is left in the store
     */
    public StepReport run(BackupRequest request, EventSink events) throws InvalidInputException, InfrastructureException,
            InterruptedException {
        Instant startedAt = clock.instant();
        StepReport.Builder report = StepReport.builder(STEP).startedAt(startedAt);
        parameters(report, request);
        try (S3Client s3 = S3Clients.create(request.s3());
                Connection connection = PgConnections.open(request.database(), Duration.ofSeconds(10))) {
            Snapshot snapshot = Snapshot.take(connection, request, clock, report, events);
            PgTool pgDump = PgTool.find("pg_dump", request.pgDump(), "pgDump", snapshot.serverVersion(),
                    "the server " + request.database(), System.getenv());
            events.info("Using " + pgDump + " for the server's PostgreSQL " + snapshot.serverVersion() + ".");
            FilestoreSource filestore = filestore(request, s3);
            if (filestore == null && snapshot.filestoreAttachments() > 0) {
                report.finding(BackupFindings.BACKUP_FILESTORE_NOT_GIVEN, Severity.ERROR, request.database().databaseName(),
                        snapshot.filestoreAttachments() + " attachments keep their content in the filestore, but no filestore was "
                                + "given; pass the folder data_dir/filestore/" + request.database().databaseName()
                                + " or its s3:// prefix with filestore.");
            }
            Writer writer = new Writer(s3, request, snapshot, pgDump, filestore, report, events);
            BackupManifest manifest = writer.write();
            finish(report, manifest, request, events);
        } catch (SQLException e) {
            throw new InfrastructureException("reading the database failed: " + e.getMessage(), request.database().context(), e);
        } catch (AbortedException e) {
            throw new InterruptedException("the backup was interrupted: " + e.getMessage());
        } catch (SdkException e) {
            throw new InfrastructureException("the object store failed: " + e.getMessage(), request.s3().context(), e);
        }
        return report.finishedAt(clock.instant()).build();
    }

    private static FilestoreSource filestore(BackupRequest request, S3Client s3) {
        if (request.filestoreFolder() != null) {
            return new FilestoreSource.Folder(request.filestoreFolder());
        }
        if (request.filestorePrefix() != null) {
            return new FilestoreSource.Prefix(s3, request.filestorePrefix());
        }
        return null;
    }

    private static void parameters(StepReport.Builder report, BackupRequest request) {
        report.parameter("database", request.database().toString())
                .parameter("location", request.location().toString())
                .parameter("endpoint", request.s3().endpoint() == null ? null : request.s3().endpoint().toString())
                .parameter("region", request.s3().region())
                .parameter("pathStyle", request.s3().pathStyle())
                .parameter("format", request.format().keyword())
                .parameter("filestore", request.filestoreFolder() != null ? request.filestoreFolder().toString()
                        : request.filestorePrefix() == null ? null : request.filestorePrefix().toString())
                .parameter("pgDump", request.pgDump() == null ? null : request.pgDump().toString())
                .parameter("partSize", Sizes.format(request.partSize()))
                .parameter("failOn", request.failOn().keyword());
    }

    private void finish(StepReport.Builder report, BackupManifest manifest, BackupRequest request, EventSink events) {
        BackupManifest.Entry main = manifest.objects().get(0);
        long total = manifest.objects().stream().mapToLong(BackupManifest.Entry::size).sum();
        report.finding(BackupFindings.BACKUP_CREATED, Severity.INFO, main.key(), "Wrote " + Text.count(manifest.objects().size(),
                "object", "objects") + " (" + Sizes.format(total) + ") and the manifest " + BackupKeys.manifestKeyOf(main.key()) + ".");
        report.title("Backed up " + manifest.database() + " to s3://" + request.location().bucket() + "/" + main.key() + " ("
                + Sizes.format(total) + ")");
        report.result("key", main.key())
                .result("sha256", main.sha256())
                .result("size", main.size())
                .result("createdAt", manifest.createdAt().toString())
                .result("bucket", request.location().bucket())
                .result("format", manifest.format())
                .result("manifestKey", BackupKeys.manifestKeyOf(main.key()))
                .result("objects", manifest.objects().stream().map(entry -> (Object) Map.of("role", entry.role(), "key", entry.key(),
                        "sha256", entry.sha256(), "size", entry.size())).toList());
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("Database", manifest.database());
        summary.put("Snapshot taken", manifest.createdAt().toString());
        summary.put("Format", manifest.format());
        summary.put("PostgreSQL server", manifest.serverVersion());
        summary.put("pg_dump", manifest.pgDumpVersion());
        summary.put("Odoo series", String.valueOf(manifest.odoo().majorVersion()));
        summary.put("Installed modules", String.valueOf(manifest.odoo().modules().size()));
        if (manifest.filestore() != null) {
            summary.put("Filestore", manifest.filestore().source() + ": " + manifest.filestore().files() + " files, "
                    + Sizes.format(manifest.filestore().bytes()));
        }
        report.section(new Section.KeyValues("Backup", summary));
        List<List<String>> rows = new ArrayList<>();
        for (BackupManifest.Entry entry : manifest.objects()) {
            rows.add(List.of(entry.role(), entry.key(), Sizes.format(entry.size()), entry.sha256()));
        }
        report.section(new Section.Table("Objects", List.of("role", "key", "size", "sha256"), rows));
        List<List<String>> counts = new ArrayList<>();
        manifest.rowCounts().forEach((table, count) -> counts.add(List.of(table, String.valueOf(count))));
        report.section(new Section.Table("Row counts at the snapshot", List.of("table", "rows"), counts));
        events.info("Backed up " + manifest.database() + " to s3://" + request.location().bucket() + "/" + main.key() + " ("
                + Sizes.format(total) + ", SHA-256 " + main.sha256() + ").");
    }

    /** What the database looked like when the dump's snapshot was taken. */
    record Snapshot(Instant createdAt, String snapshotId, PgVersion serverVersion, OdooManifest odoo, Map<String, Long> rowCounts,
            long filestoreAttachments) {

        /**
         * Opens a repeatable-read transaction on {@code connection}, exports its snapshot and reads the manifest and
         * counts in it. The transaction stays open, and with it the snapshot, until the connection closes.
         */
        static Snapshot take(Connection connection, BackupRequest request, Clock clock, StepReport.Builder report, EventSink events)
                throws SQLException, InvalidInputException {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            String snapshotId = null;
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT pg_export_snapshot()")) {
                row.next();
                snapshotId = row.getString(1);
            } catch (SQLException e) {
                connection.rollback();
                report.finding(BackupFindings.BACKUP_NO_SNAPSHOT, Severity.WARNING, request.database().databaseName(),
                        "The server did not export a snapshot (" + e.getMessage() + "), so pg_dump takes its own and the row "
                                + "counts may differ slightly from the dump.");
            }
            Instant createdAt = clock.instant();
            int serverVersionNum;
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SHOW server_version_num")) {
                row.next();
                serverVersionNum = Integer.parseInt(row.getString(1).trim());
            }
            PgVersion server = PgVersion.fromVersionNum(serverVersionNum);
            if (!OdooTables.exists(connection, "ir_module_module")) {
                throw InvalidInputException.forValue("databaseUrl", request.database().toString(),
                        "not an Odoo database: it has no ir_module_module table; check the database name");
            }
            String database = request.database().databaseName();
            OdooManifest odoo = OdooManifest.read(connection, database, serverVersionNum);
            Map<String, Long> counts = OdooTables.countRows(connection);
            long filestoreAttachments = OdooTables.exists(connection, "ir_attachment") ? OdooTables.filestoreAttachments(connection) : 0;
            events.info("Read " + Text.count(odoo.modules().size(), "installed module", "installed modules") + " and the row counts of "
                    + Text.count(counts.size(), "table", "tables") + " of " + database + " (PostgreSQL " + server + ").");
            return new Snapshot(createdAt, snapshotId, server, odoo, counts, filestoreAttachments);
        }
    }

    /** Writes the data objects and then the manifest; on any failure it removes what it wrote. */
    private static final class Writer {

        private final S3Client s3;
        private final BackupRequest request;
        private final Snapshot snapshot;
        private final PgTool pgDump;
        private final FilestoreSource filestore;
        private final StepReport.Builder report;
        private final EventSink events;
        private final String name;
        private final List<StoredObject> written = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final List<String> vanished = new ArrayList<>();
        private long filestoreFiles;
        private long filestoreBytes;

        Writer(S3Client s3, BackupRequest request, Snapshot snapshot, PgTool pgDump, FilestoreSource filestore,
                StepReport.Builder report, EventSink events) {
            this.s3 = s3;
            this.request = request;
            this.snapshot = snapshot;
            this.pgDump = pgDump;
            this.filestore = filestore;
            this.report = report;
            this.events = events;
            this.name = BackupKeys.name(request.location(), snapshot.createdAt(), request.database().databaseName());
        }

        BackupManifest write() throws InvalidInputException, InfrastructureException, InterruptedException {
            boolean complete = false;
            try (LibpqConnection libpq = LibpqConnection.of(request.database())) {
                List<BackupManifest.Entry> entries = new ArrayList<>();
                if (request.format() == BackupFormat.ZIP) {
                    entries.add(entry(BackupManifest.Entry.ARCHIVE, writeZip(libpq)));
                } else {
                    entries.add(entry(BackupManifest.Entry.DATABASE, writeCustomDump(libpq)));
                    if (filestore != null) {
                        entries.add(entry(BackupManifest.Entry.FILESTORE, writeFilestoreTar()));
                    }
                }
                reportSkipped();
                BackupManifest manifest = new BackupManifest(BackupManifest.SCHEMA, request.format().keyword(), snapshot.createdAt(),
                        request.database().databaseName(), snapshot.serverVersion().toString(), pgDump.version().toString(), entries,
                        snapshot.odoo(), snapshot.rowCounts(),
                        filestore == null ? null : new BackupManifest.Filestore(filestore.describe(), filestoreFiles, filestoreBytes));
                writeManifest(manifest);
                complete = true;
                return manifest;
            } catch (IOException e) {
                if (e instanceof java.io.InterruptedIOException) {
                    throw new InterruptedException("the backup was interrupted: " + e.getMessage());
                }
                throw new InfrastructureException("the backup failed: " + e.getMessage(), request.s3().context(), e);
            } finally {
                if (!complete) {
                    deleteWritten();
                }
            }
        }

        private static BackupManifest.Entry entry(String role, StoredObject object) {
            return new BackupManifest.Entry(role, object.key(), object.sha256(), object.size());
        }

        private MultipartUploadStream upload(String key, String contentType) {
            return new MultipartUploadStream(s3, request.location().bucket(), key, Map.of("created-at", snapshot.createdAt().toString(),
                    "database", request.database().databaseName()), contentType, request.partSize(), events, "Uploading " + key);
        }

        private List<String> pgDumpCommand(String format) {
            List<String> command = new ArrayList<>(List.of(pgDump.path().toString(), "--no-owner", "--format=" + format));
            if (snapshot.snapshotId() != null) {
                command.add("--snapshot=" + snapshot.snapshotId());
            }
            return command;
        }

        /** Writes Odoo's layout: {@code dump.sql} first, then {@code manifest.json}, then {@code filestore/}. */
        private StoredObject writeZip(LibpqConnection libpq) throws IOException, InterruptedException, InfrastructureException {
            String key = name + BackupKeys.ZIP;
            events.info("Writing the zip backup s3://" + request.location().bucket() + "/" + key + ".");
            MultipartUploadStream upload = upload(key, "application/zip");
            try {
                upload.start();
                ZipOutputStream zip = new ZipOutputStream(upload, StandardCharsets.UTF_8);
                zip.setLevel(Deflater.DEFAULT_COMPRESSION);
                zip.putNextEntry(zipEntry("dump.sql"));
                long dumped = PgToolProcess.dumpTo(pgDumpCommand("plain"), libpq.environment(), zip, events, "Dumping "
                        + request.database().databaseName());
                zip.closeEntry();
                events.info("pg_dump wrote " + Sizes.format(dumped) + " of SQL.");
                zip.putNextEntry(zipEntry("manifest.json"));
                zip.write(manifestJson(snapshot.odoo()));
                zip.closeEntry();
                if (filestore != null) {
                    filestore.visit(new FilestoreSource.Visitor() {
                        @Override
                        public void file(String relativePath, long size, FilestoreSource.Opener content) throws IOException {
                            try (InputStream in = openListed(relativePath, content)) {
                                if (in != null) {
                                    zip.putNextEntry(zipEntry("filestore/" + relativePath));
                                    copyFile(relativePath, size, in, zip);
                                    zip.closeEntry();
                                }
                            }
                        }

                        @Override
                        public void skipped(String relativePath, String reason) {
                            skipped.add(relativePath + " (" + reason + ")");
                        }

                        @Override
                        public void vanished(String relativePath) {
                            vanished.add(relativePath);
                        }
                    });
                }
                zip.finish();
                upload.close();
                return record(upload);
            } finally {
                upload.abort();
            }
        }

        private ZipEntry zipEntry(String entryName) {
            ZipEntry entry = new ZipEntry(entryName);
            entry.setTime(snapshot.createdAt().toEpochMilli());
            return entry;
        }

        private StoredObject writeCustomDump(LibpqConnection libpq) throws IOException, InterruptedException, InfrastructureException {
            String key = name + BackupKeys.DUMP;
            events.info("Writing the custom-format dump s3://" + request.location().bucket() + "/" + key + ".");
            MultipartUploadStream upload = upload(key, "application/octet-stream");
            try {
                upload.start();
                long dumped = PgToolProcess.dumpTo(pgDumpCommand("custom"), libpq.environment(), upload, events, "Dumping "
                        + request.database().databaseName());
                upload.close();
                events.info("pg_dump wrote a custom-format archive of " + Sizes.format(dumped) + ".");
                return record(upload);
            } finally {
                upload.abort();
            }
        }

        private StoredObject writeFilestoreTar() throws IOException {
            String key = name + BackupKeys.FILESTORE_TAR;
            events.info("Writing the filestore archive s3://" + request.location().bucket() + "/" + key + " from " + filestore.describe() + ".");
            MultipartUploadStream upload = upload(key, "application/x-tar");
            try {
                TarArchiveOutputStream tar = new TarArchiveOutputStream(upload, StandardCharsets.UTF_8.name());
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                filestore.visit(new FilestoreSource.Visitor() {
                    @Override
                    public void file(String relativePath, long size, FilestoreSource.Opener content) throws IOException {
                        try (InputStream in = openListed(relativePath, content)) {
                            if (in != null) {
                                TarArchiveEntry entry = new TarArchiveEntry("filestore/" + relativePath);
                                entry.setSize(size);
                                entry.setModTime(snapshot.createdAt().toEpochMilli());
                                tar.putArchiveEntry(entry);
                                copyFile(relativePath, size, in, tar);
                                tar.closeArchiveEntry();
                            }
                        }
                    }

                    @Override
                    public void skipped(String relativePath, String reason) {
                        skipped.add(relativePath + " (" + reason + ")");
                    }

                    @Override
                    public void vanished(String relativePath) {
                        vanished.add(relativePath);
                    }
                });
                tar.finish();
                upload.close();
                return record(upload);
            } finally {
                upload.abort();
            }
        }

        /**
         * Opens a listed filestore file before its archive entry is written, so that a file removed since the listing
         * is left out whole; returns {@code null} for such a file.
         */
        private InputStream openListed(String relativePath, FilestoreSource.Opener content) throws IOException {
            try {
                return content.open();
            } catch (NoSuchFileException e) {
                vanished.add(relativePath);
                return null;
            }
        }

        /** Copies one filestore file, checking that it still has the size it was listed with. */
        private void copyFile(String relativePath, long size, InputStream in, OutputStream target) throws IOException {
            long copied = in.transferTo(target);
            if (copied != size) {
                throw new IOException("the filestore file " + relativePath + " changed while it was read (" + size + " bytes listed, "
                        + copied + " read); run the backup again");
            }
            filestoreFiles++;
            filestoreBytes += copied;
            events.progress("Filestore files copied", filestoreFiles, -1, EventSink.ProgressUnit.ITEMS);
        }

        private StoredObject record(MultipartUploadStream upload) {
            StoredObject object = upload.result();
            written.add(object);
            if (upload.keptVersion() != null) {
                written.add(new StoredObject(object.bucket(), object.key(), null, 0, upload.keptVersion()));
                report.finding(BackupFindings.BACKUP_VERSION_KEPT, Severity.INFO, object.key(), "Version " + upload.keptVersion()
                        + " of s3://" + object.bucket() + "/" + object.key() + ", written before its SHA-256 was known, could not be "
                        + "deleted (object lock, or no s3:DeleteObjectVersion); it stays as a noncurrent version until a lifecycle "
                        + "rule removes it. The current version " + object.versionId() + " is the backup.");
            }
            events.info("Stored s3://" + object.bucket() + "/" + object.key() + " (" + Sizes.format(object.size()) + ", SHA-256 "
                    + object.sha256() + ").");
            return object;
        }

        private void writeManifest(BackupManifest manifest) throws IOException {
            byte[] json = ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
            String key = name + BackupManifest.SUFFIX;
            String sha256 = Sha256.hex(json);
            s3.putObject(put -> put.bucket(request.location().bucket()).key(key).contentType("application/json")
                    .metadata(Map.of(ObjectMetadata.SHA256, sha256, ObjectMetadata.SIZE, String.valueOf(json.length))),
                    RequestBody.fromBytes(json));
        }

        private void reportSkipped() {
            if (!vanished.isEmpty()) {
                report.finding(BackupFindings.BACKUP_FILES_VANISHED, Severity.WARNING, filestore.describe(),
                        Text.count(vanished.size(), "filestore file was", "filestore files were") + " removed after the listing and "
                                + "left out: " + String.join(", ", vanished.subList(0, Math.min(10, vanished.size())))
                                + (vanished.size() > 10 ? ", ..." : "") + ". Odoo's garbage collection removes files no attachment "
                                + "references; odooBackupVerify reports any attachment of the dump that lacks its file.");
                events.warning(Text.count(vanished.size(), "filestore file", "filestore files") + " vanished during the backup.");
            }
            if (!skipped.isEmpty()) {
                report.finding(BackupFindings.BACKUP_FILES_SKIPPED, Severity.WARNING, filestore.describe(),
                        Text.count(skipped.size(), "filestore entry was", "filestore entries were") + " left out because they are not "
                                + "regular files: " + String.join(", ", skipped.subList(0, Math.min(10, skipped.size())))
                                + (skipped.size() > 10 ? ", ..." : "") + ". Odoo never creates such entries; check the filestore.");
            }
        }

        /**
         * Deletes the objects of an incomplete backup, so that nothing half-written looks like a backup. When a bucket
         * refuses to delete a version (object lock), a delete marker still hides the object from listings.
         */
        private void deleteWritten() {
            // An interrupt that ended the backup would make the SDK fail each delete at once, so it waits until after.
            boolean interrupted = Thread.interrupted();
            try {
                for (StoredObject object : written) {
                    try {
                        s3.deleteObject(delete -> delete.bucket(object.bucket()).key(object.key()).versionId(object.versionId()));
                        events.info("Deleted s3://" + object.bucket() + "/" + object.key() + " of the incomplete backup.");
                    } catch (SdkException e) {
                        hideWritten(object, e);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void hideWritten(StoredObject object, SdkException refused) {
            if (object.versionId() == null) {
                events.warning("Could not delete s3://" + object.bucket() + "/" + object.key() + " of the incomplete backup: "
                        + refused.getMessage() + "; delete it by hand.");
                return;
            }
            try {
                s3.deleteObject(delete -> delete.bucket(object.bucket()).key(object.key()));
                events.warning("Could not delete version " + object.versionId() + " of s3://" + object.bucket() + "/" + object.key()
                        + " of the incomplete backup (" + refused.getMessage() + "); a delete marker hides it instead.");
            } catch (SdkException e) {
                events.warning("Could not delete s3://" + object.bucket() + "/" + object.key() + " of the incomplete backup: "
                        + e.getMessage() + "; delete it by hand.");
            }
        }
    }

    /** Writes the manifest as Odoo does, with an indent of four spaces. */
    static byte[] manifestJson(OdooManifest manifest) throws IOException {
        com.fasterxml.jackson.core.util.DefaultPrettyPrinter printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("    ", "\n"));
        return ReportJson.mapper().writer(printer).writeValueAsBytes(manifest);
    }
}
