package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.backup.BackupRequest;
import io.jenkins.plugins.odoorelease.backup.OdooBackup;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.pg.PasswordMissingException;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odoo-release backup}: the {@code odooBackup} step from the command line. */
@Command(name = "backup",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Takes a consistent backup of an Odoo database and its filestore into S3 or an S3-compatible store, "
                + "streamed without a copy on disk, with the SHA-256 of every object recorded. Secrets come from the environment: "
                + "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) for the store, and "
                + BackupCommand.PASSWORD_ENV + " (else PGPASSWORD) for the database.")
final class BackupCommand extends StepCommand {

    static final String PASSWORD_ENV = MigrateCheckCommand.PASSWORD_ENV;
    static final String USER_ENV = MigrateCheckCommand.USER_ENV;

    @Option(names = "--database-url", required = true, paramLabel = "JDBC_URL",
            description = "The database to back up, such as jdbc:postgresql://db:5432/prod.")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "NAME", description = "The database user. Default: $" + USER_ENV + ", else "
            + "$PGUSER, else the operating-system user.")
    String databaseUser;

    @Option(names = "--location", required = true, paramLabel = "S3_URL", description = "Where backups go: s3://BUCKET/PREFIX.")
    String location;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The S3-compatible store's URL, such as https://minio.example:9000. "
            + "Default: AWS S3.")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "The signing region. Default: us-east-1.")
    String region;

    @Option(names = "--path-style", description = "Put the bucket in the path rather than the host name, as most S3-compatible "
            + "stores need. Default: off.")
    boolean pathStyle;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "zip", description = "zip (Odoo's backup zip, the default) or custom (a pg_dump "
            + "custom-format dump with the filestore as a tar beside it).")
    String format;

    @Option(names = "--filestore", paramLabel = "DIR_OR_S3_URL", description = "The database's filestore: Odoo's "
            + "data_dir/filestore/DATABASE folder, or an s3://BUCKET/PREFIX in the same store. Default: none.")
    String filestore;

    @Option(names = "--pg-dump", paramLabel = "PATH", description = "The pg_dump to use; it must be at least as new as the server. "
            + "Default: the newest on PATH or under /usr/lib/postgresql.")
    String pgDump;

    @Option(names = "--part-size", paramLabel = "SIZE", description = "The multipart upload's part size, 5MiB to 1GiB; two parts are "
            + "held in memory, and the size doubles every 2000 parts. Default: 16MiB.")
    String partSize;

    @Override
    StepReport run(EventSink events) throws OdooReleaseException, InterruptedException {
        S3Environment secrets = new S3Environment(parent.env());
        BackupRequest request = BackupRequest.builder()
                .database(databaseUrl, databaseUser != null ? databaseUser : secrets.user(USER_ENV), secrets.password(PASSWORD_ENV))
                .location(location)
                .s3(endpoint, region, pathStyle)
                .s3Credentials(secrets.accessKeyId(), secrets.secretAccessKey(), secrets.sessionToken())
                .format(format)
                .filestore(filestore)
                .pgDump(pgDump)
                .partSize(partSize)
                .failOn(failOn)
                .build();
        Thread worker = Thread.currentThread();
        AtomicBoolean stopRequested = new AtomicBoolean();
        // An interrupt ends the backup, which aborts its upload and deletes what it wrote. pg_dump is stopped too,
        // because a thread blocked reading its output does not see the interrupt until the output ends. The interrupt
        // comes first, so that it never lands in the middle of the clean-up that the end of the output starts.
        Runnable abort = () -> {
            stopRequested.set(true);
            worker.interrupt();
            ProcessHandle.current().children().forEach(ProcessHandle::destroy);
        };
        try (AbortOnShutdown hook = new AbortOnShutdown(abort, "Stop requested; aborting the backup and deleting what it wrote "
                + "before exiting.", "The backup did not stop within " + AbortOnShutdown.ROLLBACK_WAIT_MINUTES + " min; check "
                + "the bucket for an incomplete upload.", events)) {
            return new OdooBackup(Clock.systemUTC()).run(request, events);
        } catch (PasswordMissingException e) {
            throw S3Environment.passwordMissing(e, PASSWORD_ENV);
        } catch (InterruptedException | InfrastructureException e) {
            // An interrupt in the middle of an upload reaches here as a failed upload. Either way OdooBackup has aborted the
            // upload and deleted the objects before it threw, and warned about any that it could not delete.
            if (e instanceof InfrastructureException && !stopRequested.get()) {
                throw e;
            }
            InterruptedException stopped = new InterruptedException("the upload was aborted and the objects the backup had "
                    + "written were deleted, except any that a warning above names");
            stopped.initCause(e);
            throw stopped;
        }
    }

    @Override
    Map<String, String> renamedParameters() {
        return S3Environment.renamedParameters("--database-url");
    }
}
