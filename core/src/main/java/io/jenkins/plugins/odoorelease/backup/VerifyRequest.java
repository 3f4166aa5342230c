package io.jenkins.plugins.odoorelease.backup;

import static io.jenkins.plugins.odoorelease.backup.RequestValues.parse;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.s3.S3Location;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code odooBackupVerify} is asked: which backup, the objectives it must meet, the server to restore it on,
 * and how deep to check. Build it with {@link #builder()}; {@link Builder#build()} checks every value at once.
 *
 * @param key the backup's key in the location's bucket, or {@code null} for the newest backup under the prefix
 * @param scratch the scratch server, connected through a database that is not a scratch one, such as {@code postgres}
 * @param rpo the recovery point objective: the oldest a backup may be
 * @param rto the recovery time objective: the longest a restore may take
 * @param maxCompressionRatio the most an archive entry of more than 1 MiB may expand, as uncompressed to compressed bytes
 * @param history earlier runs' restore times, oldest first, for the RTO trend chart
 */
public record VerifyRequest(
        S3Location location,
        String key,
        S3Settings s3,
        PgTarget scratch,
        String scratchPrefix,
        Duration rpo,
        Duration rto,
        AttachmentMode attachments,
        boolean keepScratch,
        Path pgRestore,
        double maxCompressionRatio,
        boolean requireVersioning,
        boolean requireLifecycle,
        List<RtoPoint> history,
        FailOn failOn) {

    public static final String DEFAULT_SCRATCH_PREFIX = "odoo_release_verify_";
    public static final Duration DEFAULT_RPO = Duration.ofHours(26);
    public static final Duration DEFAULT_RTO = Duration.ofHours(1);
    public static final double DEFAULT_MAX_COMPRESSION_RATIO = 200;

    public VerifyRequest {
        history = history == null ? List.of() : List.copyOf(history);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One earlier run's restore time, for the trend.
     *
     * @param label what the point stands for, such as a build number
     */
    public record RtoPoint(Instant at, double restoreSeconds, String label) {
    }

    /** Collects and checks the values of a request. Blank text means "not set". */
    public static final class Builder {

        private String location;
        private String key;
        private String endpoint;
        private String region;
        private boolean pathStyle;
        private SecretValue accessKeyId;
        private SecretValue secretAccessKey;
        private SecretValue sessionToken;
        private String scratchUrl;
        private String scratchUser;
        private SecretValue scratchPassword;
        private String scratchPrefix;
        private String rpo;
        private String rto;
        private String attachments;
        private boolean keepScratch;
        private String pgRestore;
        private String maxCompressionRatio;
        private boolean requireVersioning = true;
        private boolean requireLifecycle = true;
        private final List<RtoPoint> history = new ArrayList<>();
        private String failOn;

        private Builder() {
        }

        /** Sets where the backups are, as {@code s3://BUCKET/PREFIX}. */
        public Builder location(String value) {
            this.location = Text.trimToNull(value);
            return this;
        }

        /** Sets one backup's key (data object or {@code .backup.json}) instead of the newest under the prefix. */
        public Builder key(String value) {
            this.key = Text.trimToNull(value);
            return this;
        }

        public Builder s3(String newEndpoint, String newRegion, boolean newPathStyle) {
            this.endpoint = Text.trimToNull(newEndpoint);
            this.region = Text.trimToNull(newRegion);
            this.pathStyle = newPathStyle;
            return this;
        }

        public Builder s3Credentials(SecretValue newAccessKeyId, SecretValue newSecretAccessKey, SecretValue newSessionToken) {
            this.accessKeyId = newAccessKeyId;
            this.secretAccessKey = newSecretAccessKey;
            this.sessionToken = newSessionToken;
            return this;
        }

        public Builder scratch(String url, String user, SecretValue password) {
            this.scratchUrl = Text.trimToNull(url);
            this.scratchUser = Text.trimToNull(user);
            this.scratchPassword = password;
            return this;
        }

        public Builder scratchPrefix(String value) {
            this.scratchPrefix = Text.trimToNull(value);
            return this;
        }

        public Builder rpo(String value) {
            this.rpo = Text.trimToNull(value);
            return this;
        }

        public Builder rto(String value) {
            this.rto = Text.trimToNull(value);
            return this;
        }

        public Builder attachments(String value) {
            this.attachments = Text.trimToNull(value);
            return this;
        }

        public Builder keepScratch(boolean value) {
            this.keepScratch = value;
            return this;
        }

        public Builder pgRestore(String value) {
            this.pgRestore = Text.trimToNull(value);
            return this;
        }

        public Builder maxCompressionRatio(String value) {
            this.maxCompressionRatio = Text.trimToNull(value);
            return this;
        }

        public Builder requireVersioning(boolean value) {
            this.requireVersioning = value;
            return this;
        }

        public Builder requireLifecycle(boolean value) {
            this.requireLifecycle = value;
            return this;
        }

        public Builder history(List<RtoPoint> points) {
            history.addAll(points);
            return this;
        }

        public Builder failOn(String value) {
            this.failOn = Text.trimToNull(value);
            return this;
        }

        /**
         * Checks every value and returns the request.
         *
         * @throws InvalidInputException listing every invalid or missing value, each by its parameter name
         */
        public VerifyRequest build() throws InvalidInputException {
            List<Problem> problems = new ArrayList<>();
            S3Location parsedLocation = null;
            if (location == null) {
                problems.add(Problem.of("location", null, "missing location; expected s3://BUCKET/PREFIX"));
            } else {
                parsedLocation = parse(problems, () -> S3Location.parse(location, "location"));
            }
            if (key != null && key.startsWith("s3://")) {
                problems.add(Problem.of("key", key, "give the key inside the location's bucket, without s3://BUCKET/"));
            }
            S3Settings settings = parse(problems, () -> S3Settings.of(endpoint, region, pathStyle, accessKeyId, secretAccessKey, sessionToken));
            PgTarget target = scratchUrl == null ? missing(problems, "scratchUrl", "missing scratch server; give a JDBC URL such as "
                    + "jdbc:postgresql://restore-check:5432/postgres of a server kept for restore checks, never production")
                    : parse(problems, () -> PgTarget.of(scratchUrl, scratchUser, scratchPassword, "scratchUrl"));
            String prefix = scratchPrefix == null ? DEFAULT_SCRATCH_PREFIX : scratchPrefix;
            if (!ScratchDatabases.PREFIX.matcher(prefix).matches()) {
                problems.add(Problem.of("scratchPrefix", prefix, "use 3 to 40 lower-case letters, digits and underscores, starting "
                        + "with a letter or underscore, such as " + DEFAULT_SCRATCH_PREFIX));
            }
            if (target != null && target.databaseName().startsWith(prefix)) {
                problems.add(Problem.of("scratchUrl", target.toString(), "connect through a database that is not a scratch database, "
                        + "such as postgres"));
            }
            Duration parsedRpo = rpo == null ? DEFAULT_RPO : parse(problems, () -> Durations.parse(rpo, "rpo"));
            Duration parsedRto = rto == null ? DEFAULT_RTO : parse(problems, () -> Durations.parse(rto, "rto"));
            AttachmentMode mode = parse(problems, () -> AttachmentMode.parse(attachments, "attachments"));
            Double ratio = DEFAULT_MAX_COMPRESSION_RATIO;
            if (maxCompressionRatio != null) {
                try {
                    ratio = Double.parseDouble(maxCompressionRatio);
                    if (!(ratio >= 2)) {
                        problems.add(Problem.of("maxCompressionRatio", maxCompressionRatio, "expected a number of at least 2, such as 200"));
                    }
                } catch (NumberFormatException e) {
                    problems.add(Problem.of("maxCompressionRatio", maxCompressionRatio, "expected a number of at least 2, such as 200"));
                }
            }
            FailOn parsedFailOn = parse(problems, () -> Keyword.parse(FailOn.class, failOn == null ? "error" : failOn, "failOn"));
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return new VerifyRequest(parsedLocation, key, settings, target, prefix, parsedRpo, parsedRto, mode, keepScratch,
                    pgRestore == null ? null : Path.of(pgRestore), ratio, requireVersioning, requireLifecycle, history, parsedFailOn);
        }

        private static <T> T missing(List<Problem> problems, String name, String message) {
            problems.add(Problem.of(name, null, message));
            return null;
        }
    }
}
