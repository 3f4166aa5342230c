package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.backup.BackupVerifier;
import io.jenkins.plugins.odoorelease.backup.VerifyRequest;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.pg.PasswordMissingException;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odoo-release backup-verify}: the {@code odooBackupVerify} step from the command line. */
@Command(name = "backup-verify",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Proves that the newest backup restores and is consistent, within the RPO and RTO: freshness, integrity, "
                + "structure, a restore into a scratch database, Odoo consistency, attachments and the bucket's storage policy. "
                + "Secrets come from the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) for the store, "
                + "and " + BackupVerifyCommand.PASSWORD_ENV + " (else PGPASSWORD) for the scratch server.")
final class BackupVerifyCommand extends StepCommand {

    static final String PASSWORD_ENV = "ODOO_RELEASE_SCRATCH_PASSWORD";

    @Option(names = "--location", required = true, paramLabel = "S3_URL", description = "Where the backups are: s3://BUCKET/PREFIX.")
    String location;

    @Option(names = "--key", paramLabel = "KEY", description = "Verify this backup (its data object or .backup.json key, inside the bucket). "
            + "Default: the newest backup under the prefix.")
    String key;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The S3-compatible store's URL. Default: AWS S3.")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "The signing region. Default: us-east-1.")
    String region;

    @Option(names = "--path-style", description = "Put the bucket in the path rather than the host name. Default: off.")
    boolean pathStyle;

    @Option(names = "--scratch-url", required = true, paramLabel = "JDBC_URL", description = "A PostgreSQL server kept for restore "
            + "checks, through a database that is not a scratch one, such as jdbc:postgresql://restore-check:5432/postgres. "
            + "The user needs CREATEDB.")
    String scratchUrl;

    @Option(names = "--scratch-user", paramLabel = "NAME", description = "The scratch server's user. Default: $PGUSER, else the "
            + "operating-system user.")
    String scratchUser;

    @Option(names = "--scratch-prefix", paramLabel = "PREFIX", description = "The start of scratch database names. "
            + "Default: " + VerifyRequest.DEFAULT_SCRATCH_PREFIX + ".")
    String scratchPrefix;

    @Option(names = "--rpo", paramLabel = "DURATION", description = "The oldest the newest backup may be, such as 26h. Default: 26h.")
    String rpo;

    @Option(names = "--rto", paramLabel = "DURATION", description = "The longest the restore may take, such as 1h. Default: 1h.")
    String rto;

    @Option(names = "--attachments", paramLabel = "MODE", description = "all (the default), sample:N or none.")
    String attachments;

    @Option(names = "--keep-scratch", description = "Keep the scratch database for inspection. Default: dropped.")
    boolean keepScratch;

    @Option(names = "--pg-restore", paramLabel = "PATH", description = "The pg_restore for custom-format dumps; it must be at least "
            + "as new as the dump. Default: the newest on PATH or under /usr/lib/postgresql.")
    String pgRestore;

    @Option(names = "--max-compression-ratio", paramLabel = "RATIO", description = "The most an archive entry over 1 MiB may expand. "
            + "Default: 200.")
    String maxCompressionRatio;

    @Option(names = "--require-versioning", negatable = true, description = "Whether bucket versioning must be on. Default: "
            + "backup.requireVersioning of the configuration, else true.")
    Boolean requireVersioning;

    @Option(names = "--require-lifecycle", negatable = true, description = "Whether a lifecycle rule must cover the prefix. Default: "
            + "backup.requireLifecycle of the configuration, else true.")
    Boolean requireLifecycle;

    @Option(names = "--history", paramLabel = "DIR", description = "A folder of earlier backup-verify JSON reports (--json), whose "
            + "restore times form the RTO trend chart; a folder that does not exist yet counts as empty.")
    Path history;

    @Override
    StepReport run(EventSink events) throws OdooReleaseException, InterruptedException {
        S3Environment secrets = new S3Environment(parent.env());
        PlatformConfig platform = parent.platformConfig();
        VerifyRequest request = VerifyRequest.builder()
                .location(location)
                .key(key)
                .s3(endpoint, region, pathStyle)
                .s3Credentials(secrets.accessKeyId(), secrets.secretAccessKey(), secrets.sessionToken())
                .scratch(scratchUrl, scratchUser != null ? scratchUser : secrets.user(S3Environment.PGUSER),
                        secrets.password(PASSWORD_ENV))
                .scratchPrefix(scratchPrefix)
                .rpo(rpo != null ? rpo : platform.text("backup", "rpo"))
                .rto(rto != null ? rto : platform.text("backup", "rto"))
                .attachments(attachments)
                .keepScratch(keepScratch)
                .pgRestore(pgRestore)
                .maxCompressionRatio(maxCompressionRatio)
                .requireVersioning(requireVersioning != null ? requireVersioning : platform.flag("backup", "requireVersioning", true))
                .requireLifecycle(requireLifecycle != null ? requireLifecycle : platform.flag("backup", "requireLifecycle", true))
                .history(readHistory())
                .failOn(failOn)
                .build();
        try {
            return new BackupVerifier(Clock.systemUTC()).run(request, events);
        } catch (PasswordMissingException e) {
            throw S3Environment.passwordMissing(e, PASSWORD_ENV);
        }
    }

    @Override
    Map<String, String> renamedParameters() {
        return S3Environment.renamedParameters("--scratch-url");
    }


    /** Reads the restore times of earlier reports in the history folder, oldest first; other files are ignored. */
    private List<VerifyRequest.RtoPoint> readHistory() throws InvalidInputException {
        List<VerifyRequest.RtoPoint> points = new ArrayList<>();
        if (history == null || !Files.exists(history)) {
            // A first run has no earlier reports; the folder appears when --json writes into it.
            return points;
        }
        if (!Files.isDirectory(history)) {
            throw InvalidInputException.forValue("--history", history.toString(), "not a folder; give the folder of earlier --json reports");
        }
        try (Stream<Path> files = Files.list(history)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                StepReport report;
                try {
                    report = ReportJson.mapper().readValue(file.toFile(), StepReport.class);
                } catch (IOException e) {
                    continue;
                }
                if (BackupVerifier.STEP.equals(report.step()) && report.result().get("restoreSeconds") instanceof Number seconds) {
                    points.add(new VerifyRequest.RtoPoint(report.finishedAt(), seconds.doubleValue(), file.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw InvalidInputException.forValue("--history", history.toString(), "cannot be read: " + e.getMessage());
        }
        points.sort(Comparator.comparing(VerifyRequest.RtoPoint::at));
        return points;
    }
}
