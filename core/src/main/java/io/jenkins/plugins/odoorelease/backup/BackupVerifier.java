package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.backup.BackupLocator.Backup;
import io.jenkins.plugins.odoorelease.backup.BackupLocator.Target;
import io.jenkins.plugins.odoorelease.backup.VerifyLevels.Level;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.pg.PgConnections;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Measurement;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.s3.RangeReadChannel;
import io.jenkins.plugins.odoorelease.s3.S3Clients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipFile;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Proves that a backup restores and is consistent, within the recovery point and recovery time objectives, in
 * seven levels that the report shows one by one: freshness, integrity, structure, restore, Odoo consistency,
 * attachments and storage policy. The restore goes into a scratch database on a server given for the purpose, which
 * is dropped at the end whatever happens (unless {@code keepScratch}); scratch databases older than a day that an
 * earlier run left are dropped first. The backup's objects are only read.
 */
public final class BackupVerifier {

    /** The Pipeline step name, also the report's step name. */
    public static final String STEP = "odooBackupVerify";
    /** Scratch databases older than this were left by a run that crashed, since no run takes that long. */
    static final Duration STALE_SCRATCH = Duration.ofDays(1);

    private final Clock clock;

    public BackupVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs the verification.
     *
     * @throws InvalidInputException when the scratch server rejects the credentials
     * @throws InfrastructureException when the store or the scratch server fails
     * @throws InterruptedException when the build is aborted; the scratch database is dropped first
     */
    public StepReport run(VerifyRequest request, EventSink events) throws InvalidInputException, InfrastructureException,
            InterruptedException {
        Instant startedAt = clock.instant();
        VerifyLevels levels = new VerifyLevels();
        StepReport.Builder report = StepReport.builder(STEP).startedAt(startedAt);
        VerifyReport.parameters(report, request);
        ScratchDatabases scratch = new ScratchDatabases(request.scratch(), request.scratchPrefix(), clock, events);
        dropStale(scratch, levels, events);
        Outcome outcome = new Outcome();
        try (S3Client s3 = S3Clients.create(request.s3())) {
            BackupLocator locator = new BackupLocator(s3, request.location(), levels, events);
            Backup backup = locator.locate(request.key());
            if (backup == null) {
                for (Level level : List.of(Level.INTEGRITY, Level.STRUCTURE, Level.RESTORE, Level.CONSISTENCY, Level.ATTACHMENTS)) {
                    levels.skip(level, "no backup to verify");
                }
            } else {
                outcome.backup = backup;
                outcome.age = locator.checkFreshness(backup, startedAt, request.rpo());
                new Verification(s3, request, scratch, levels, events, outcome).verifyContent(backup);
            }
            StoragePolicy.check(s3, request.location(), request.requireVersioning(), request.requireLifecycle(), levels);
        } catch (AbortedException | java.io.InterruptedIOException e) {
            throw new InterruptedException("the verification was interrupted: " + e.getMessage());
        } catch (IOException | SdkException e) {
            throw new InfrastructureException("reading the backup failed: " + e.getMessage(), request.s3().context(), e);
        }
        return VerifyReport.build(report, request, levels, outcome, clock.instant());
    }

    /** What the run measured, for the report. */
    static final class Outcome {
        Backup backup;
        Duration age;
        Duration restoreTime;
        String format;
        String scratchDatabase;
        AttachmentCheck.Outcome attachments;
    }

    private static void dropStale(ScratchDatabases scratch, VerifyLevels levels, EventSink events)
            throws InvalidInputException, InfrastructureException {
        ScratchDatabases.Cleanup cleanup = scratch.dropStale(STALE_SCRATCH);
        List<ScratchDatabases.Stale> dropped = cleanup.dropped();
        if (!cleanup.kept().isEmpty()) {
            List<String> kept = cleanup.kept().stream().map(stale -> stale.name() + " (" + stale.failure() + ")").toList();
            levels.addGeneral(new Finding(VerifyFindings.VERIFY_STALE_SCRATCH_KEPT.code(), Severity.WARNING, null, "Could not drop "
                    + Text.count(kept.size(), "scratch database", "scratch databases") + " that an earlier run left behind: "
                    + String.join(", ", kept) + ". The verification went on; drop them as their owner or a superuser.",
                    Map.of("databases", cleanup.kept().stream().map(ScratchDatabases.Stale::name).toList())));
        }
        if (!cleanup.unmarked().isEmpty()) {
            List<String> names = cleanup.unmarked().stream().map(ScratchDatabases.Stale::name).toList();
            levels.addGeneral(new Finding(VerifyFindings.VERIFY_STALE_SCRATCH_KEPT.code(), Severity.INFO, null, "Left "
                    + String.join(", ", names) + " alone: the name has the scratch prefix, but the database lacks the comment '"
                    + ScratchDatabases.MARK + "' that this tool sets, so another user or an older release made it.",
                    Map.of("databases", names)));
        }
        if (!dropped.isEmpty()) {
            List<String> names = dropped.stream().map(stale -> stale.name() + " (created " + stale.createdAt() + ")").toList();
            levels.addGeneral(new Finding(VerifyFindings.VERIFY_STALE_SCRATCH_DROPPED.code(), Severity.WARNING, null, "Dropped "
                    + Text.count(dropped.size(), "scratch database", "scratch databases") + " that an earlier run left behind: "
                    + String.join(", ", names) + ". A run that crashes or is killed cannot drop its own; check why it ended.",
                    Map.of("databases", dropped.stream().map(ScratchDatabases.Stale::name).toList())));
            events.warning("Dropped " + dropped.size() + " scratch databases older than a day: " + String.join(", ", names) + ".");
        }
    }

    /** Work done with a scratch database that exists for its whole duration. */
    private interface ScratchWork {
        void run(PgTarget target) throws IOException, InvalidInputException, InfrastructureException, InterruptedException;
    }

    /** One verification run: the store, the request and what the levels found so far. */
    private static final class Verification {

        private final S3Client s3;
        private final VerifyRequest request;
        private final String bucket;
        private final ScratchDatabases scratch;
        private final VerifyLevels levels;
        private final EventSink events;
        private final Outcome outcome;

        Verification(S3Client s3, VerifyRequest request, ScratchDatabases scratch, VerifyLevels levels, EventSink events, Outcome outcome) {
            this.s3 = s3;
            this.request = request;
            this.bucket = request.location().bucket();
            this.scratch = scratch;
            this.levels = levels;
            this.events = events;
            this.outcome = outcome;
        }

        /** Checks an object's SHA-256 when its content cannot be restored, so that the integrity level still runs. */
        private void hashOnly(Target object) throws IOException, InterruptedException {
            RestorePass.hashOnly(s3, bucket, request, levels, events, object);
        }

        void verifyContent(Backup backup) throws IOException, InvalidInputException, InfrastructureException, InterruptedException {
            Target main = backup.main();
            // S3 rejects a ranged GET of an empty object with 416, so an empty object is not read at all.
            byte[] head = main.size() == 0 ? new byte[0] : s3.getObjectAsBytes(get -> get.bucket(bucket).key(main.key())
                    .versionId(main.versionId()).range("bytes=0-" + (64 * 1024 - 1))).asByteArray();
            String format = detectFormat(head);
            outcome.format = format;
            String expected = backup.manifest() != null ? backup.manifest().format()
                    : main.key().endsWith(BackupKeys.ZIP) ? "zip" : main.key().endsWith(BackupKeys.DUMP) ? "custom" : null;
            if (format == null) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_UNKNOWN_FORMAT, Severity.ERROR, main.key(), "The object starts with "
                        + describeStart(head) + ", which is neither a zip archive (PK) nor a pg_dump custom-format archive (PGDMP); "
                        + "a plain SQL dump or a compressed file cannot be verified. Back up with odooBackup.");
                skipRestore(levels, "the backup's format is unknown");
                hashOnly(main);
                return;
            }
            if (expected != null && !expected.equals(format)) {
                String source = backup.manifest() != null ? "the backup manifest gives " + expected
                        : "its name ends in ." + (expected.equals("zip") ? "zip" : "dump");
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_FORMAT_MISMATCH, Severity.ERROR, main.key(), source
                        + ", but the content is "
                        + (format.equals("custom") ? "a pg_dump custom-format archive (PGDMP" + headerText(head) + ")" : "a zip archive")
                        + ". The object was renamed or replaced; it is checked as what it contains.");
            }
            if (format.equals("zip")) {
                verifyZip(backup);
            } else {
                verifyCustom(backup, head);
            }
        }

        private void verifyZip(Backup backup) throws IOException, InvalidInputException, InfrastructureException, InterruptedException {
            Target main = backup.main();
            ArchiveStructure.Layout read;
            try (RangeReadChannel channel = new RangeReadChannel(s3, bucket, main.key(), main.versionId(), main.size());
                    ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).setIgnoreLocalFileHeader(true).get()) {
                read = ArchiveStructure.inspect(zip, main.key(), main.size(), request.maxCompressionRatio(), levels);
            } catch (IOException e) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_ARCHIVE_UNREADABLE, Severity.ERROR, main.key(),
                        "The zip archive's central "
                        + "directory cannot be read (" + e.getMessage() + "); the object is truncated or not a complete zip file.");
                read = null;
            }
            ArchiveStructure.Layout layout = read;
            if (layout == null || layout.fatal()) {
                skipRestore(levels, "the archive's structure is unsafe or incomplete");
                hashOnly(main);
                return;
            }
            withScratch(target -> {
                AttachmentCheck attachments = request.attachments().none() ? null : new AttachmentCheck(request.attachments());
                RestorePass pass = new RestorePass(s3, bucket, request, levels, events, target, attachments);
                pass.zip(main, layout.names());
                OdooManifest manifest = pass.archiveManifest() != null ? pass.archiveManifest()
                        : backup.manifest() == null ? null : backup.manifest().odoo();
                afterRestore(pass, target, manifest, backup, attachments, layout.hasFilestore());
            });
        }

        private void verifyCustom(Backup backup, byte[] head)
                throws IOException, InvalidInputException, InfrastructureException, InterruptedException {
            Target main = backup.main();
            DumpHeader header = DumpHeader.parse(head).orElse(null);
            if (header == null || header.format() != DumpHeader.CUSTOM_FORMAT) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_ARCHIVE_UNREADABLE, Severity.ERROR, main.key(), "The PGDMP header is "
                        + (header == null ? "damaged" : "of archive format " + header.format() + ", not the custom format (1)")
                        + "; pg_restore cannot read it from a stream.");
                skipRestore(levels, "the dump's header is not that of a custom-format archive");
                hashOnly(main);
                return;
            }
            levels.summary(Level.STRUCTURE, "pg_dump custom format, archive version " + header.archiveVersion()
                    + (header.pgDumpVersion() == null ? "" : ", written by pg_dump " + header.pgDumpVersion())
                    + (backup.filestore() == null ? ", no filestore archive" : ", filestore archive " + backup.filestore().key()));
            if (backup.filestoreListed() && backup.filestore() == null) {
                levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_FILESTORE_MISSING, Severity.ERROR, backup.manifestKey(), "The backup "
                        + "manifest lists a filestore archive that does not exist in the bucket; the attachments' files are lost.");
            }
            PgTool pgRestore = findPgRestore(request, header, main.key(), levels);
            if (pgRestore == null) {
                skipRestore(levels, "no suitable pg_restore");
                hashOnly(main);
                if (backup.filestore() != null) {
                    RestorePass.hashOnly(s3, bucket, request, levels, events, backup.filestore());
                }
                return;
            }
            withScratch(target -> {
                AttachmentCheck attachments = request.attachments().none() ? null : new AttachmentCheck(request.attachments());
                RestorePass pass = new RestorePass(s3, bucket, request, levels, events, target, attachments);
                try (LibpqConnection libpq = LibpqConnection.of(request.scratch())) {
                    pass.customDump(main, pgRestore, libpq);
                }
                if (backup.filestore() != null) {
                    pass.filestoreTar(backup.filestore());
                }
                OdooManifest manifest = backup.manifest() == null ? null : backup.manifest().odoo();
                afterRestore(pass, target, manifest, backup, attachments, pass.sawFilestore());
            });
        }

        /**
         * Creates a scratch database, runs the work and drops the database whatever happens, unless keepScratch is set.
         * A shutdown hook drops it too when the JVM is stopped (Ctrl-C on the command line) during the work.
         */
        private void withScratch(ScratchWork work)
                throws IOException, InvalidInputException, InfrastructureException, InterruptedException {
            String name = scratch.create();
            outcome.scratchDatabase = name;
            Thread hook = new Thread(() -> {
                try {
                    scratch.drop(name);
                } catch (InvalidInputException | InfrastructureException e) {
                    // The JVM is stopping; the next run drops the database once it is a day old.
                }
            }, "drop-scratch-" + name);
            if (!request.keepScratch()) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            try {
                work.run(request.scratch().withDatabase(name));
            } finally {
                if (request.keepScratch()) {
                    levels.addGeneral(Finding.of(VerifyFindings.VERIFY_SCRATCH_KEPT, Severity.INFO, name, "The scratch database " + name
                            + " was kept on " + request.scratch() + " as keepScratch asks; drop it when done, or the next run drops it "
                            + "once it is a day old."));
                } else {
                    boolean interrupted = Thread.interrupted();
                    try {
                        scratch.drop(name);
                    } finally {
                        removeHook(hook);
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }
            if (outcome.restoreTime != null && outcome.restoreTime.compareTo(request.rto()) > 0) {
                levels.add(Level.RESTORE, VerifyFindings.VERIFY_RTO_EXCEEDED, Severity.ERROR, name, "The restore took "
                        + Durations.format(outcome.restoreTime) + ", longer than the recovery time objective of "
                        + Durations.format(request.rto())
                        + "; a real recovery would miss it. Speed up the restore server or raise the objective with the business.");
            }
        }

        private void afterRestore(RestorePass pass, PgTarget target, OdooManifest manifest, Backup backup, AttachmentCheck attachments,
                boolean hasFilestore) throws InvalidInputException, InfrastructureException {
            if (!pass.restored()) {
                if (!levels.failed(Level.RESTORE)) {
                    // Every path that leaves the dump unrestored should add its own finding. This one keeps level 4 from
                    // passing when none did.
                    levels.add(Level.RESTORE, VerifyFindings.VERIFY_RESTORE_FAILED, Severity.ERROR, target.databaseName(), "The dump was "
                            + "not restored, and no step reported why; the backup is not proven restorable.");
                }
                levels.skip(Level.CONSISTENCY, "the restore failed");
                levels.skip(Level.ATTACHMENTS, "the restore failed");
                filestoreFinding(hasFilestore, -1, backup, levels);
                return;
            }
            outcome.restoreTime = pass.restoreTime();
            levels.summary(Level.RESTORE, "restored into " + target.databaseName() + " in " + Durations.format(pass.restoreTime())
                    + " (rto "
                    + Durations.format(request.rto()) + ")");
            try (Connection connection = PgConnections.open(target, Duration.ofSeconds(10))) {
                OdooConsistency.check(connection, manifest, backup.manifest() == null ? Map.of() : backup.manifest().rowCounts(), levels);
                long referenced = OdooTables.exists(connection, "ir_attachment") ? OdooTables.filestoreAttachments(connection) : 0;
                filestoreFinding(hasFilestore, referenced, backup, levels);
            } catch (SQLException e) {
                throw new InfrastructureException("checking the restored database failed: " + e.getMessage(), target.context(), e);
            }
            if (attachments == null) {
                levels.skip(Level.ATTACHMENTS, "attachments: none");
            } else if (pass.attachmentsSkipped() != null) {
                levels.skip(Level.ATTACHMENTS, pass.attachmentsSkipped());
            } else if (attachments.loaded()) {
                outcome.attachments = attachments.outcome();
                VerifyReport.attachmentFindings(outcome.attachments, request.attachments(), levels);
            }
        }
    }

    private static PgTool findPgRestore(VerifyRequest request, DumpHeader header, String key, VerifyLevels levels) {
        PgVersion required = header.minimumRestoreVersion();
        if (header.writtenBy().isPresent() && header.writtenBy().get().major() > required.major()) {
            required = new PgVersion(header.writtenBy().get().major(), 0);
        }
        try {
            return PgTool.find("pg_restore", request.pgRestore(), "pgRestore", required, "the dump (archive version "
                    + header.archiveVersion() + (header.pgDumpVersion() == null ? "" : ", pg_dump " + header.pgDumpVersion()) + "), which needs",
                    System.getenv());
        } catch (InvalidInputException e) {
            levels.add(Level.RESTORE, VerifyFindings.VERIFY_RESTORE_FAILED, Severity.ERROR, key, "No restore was tried: "
                    + e.problems().get(0).describe() + ".");
            return null;
        } catch (InfrastructureException e) {
            levels.add(Level.RESTORE, VerifyFindings.VERIFY_RESTORE_FAILED, Severity.ERROR, key, "No restore was tried: " + e.getMessage());
            return null;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }

    /**
     * Reports a backup without filestore: an error when attachments need files, information when none does or when
     * that is unknown because the restore failed.
     *
     * @param referencedRows attachments whose content lives in the filestore, or -1 when the database was not restored
     */
    private static void filestoreFinding(boolean hasFilestore, long referencedRows, Backup backup, VerifyLevels levels) {
        if (hasFilestore || backup.filestoreListed() && backup.filestore() == null) {
            return;
        }
        String key = backup.main().key();
        if (referencedRows < 0) {
            levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_FILESTORE_MISSING, Severity.INFO, key, "The backup has no filestore; "
                    + "whether attachments need one is unknown, because the database was not restored.");
            return;
        }
        if (referencedRows == 0) {
            levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_FILESTORE_MISSING, Severity.INFO, key, "The backup has no filestore, "
                    + "and no attachment of the restored database needs one.");
            return;
        }
        levels.add(Level.STRUCTURE, VerifyFindings.VERIFY_FILESTORE_MISSING, Severity.ERROR, key, "The backup has no filestore, but "
                + referencedRows + " attachments of the restored database keep their content there; their files are lost. Back up "
                + "with the filestore folder or prefix given.");
    }

    private static void skipRestore(VerifyLevels levels, String reason) {
        levels.skip(Level.RESTORE, reason);
        levels.skip(Level.CONSISTENCY, reason);
        levels.skip(Level.ATTACHMENTS, reason);
    }

    static String detectFormat(byte[] head) {
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6)) {
            return "zip";
        }
        return DumpHeader.isCustomDump(head) ? "custom" : null;
    }

    private static String headerText(byte[] head) {
        return DumpHeader.parse(head).map(header -> ", archive version " + header.archiveVersion()
                + (header.pgDumpVersion() == null ? "" : ", written by pg_dump " + header.pgDumpVersion())).orElse("");
    }

    private static String describeStart(byte[] head) {
        String text = new String(head, 0, Math.min(16, head.length), StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
        return head.length == 0 ? "nothing (the object is empty)" : "'" + text + "'";
    }

    static Measurement restoreMeasurement(Duration restoreTime, Duration rto) {
        return new Measurement("restoreSeconds", "restore", restoreTime.toMillis() / 1000.0, "s", null, (double) rto.toSeconds(),
                restoreTime.compareTo(rto) > 0 ? "failed" : "successful");
    }
}
