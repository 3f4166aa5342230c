package io.jenkins.plugins.odoorelease.backup;

import static io.jenkins.plugins.odoorelease.backup.RequestValues.parse;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Sizes;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.s3.MultipartUploadStream;
import io.jenkins.plugins.odoorelease.s3.S3Location;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code odooBackup} is asked: which database, where to, in which format, and where the filestore is.
 * Build it with {@link #builder()}; {@link Builder#build()} checks every value at once.
 *
 * @param filestoreFolder the filestore folder on this machine, or {@code null}
 * @param filestorePrefix the filestore's S3 prefix, or {@code null}; at most one of the two is set
 * @param pgDump the {@code pg_dump} to use, or {@code null} to search for one
 * @param partSize the multipart upload's part size in bytes
 */
public record BackupRequest(
        PgTarget database,
        S3Location location,
        S3Settings s3,
        BackupFormat format,
        Path filestoreFolder,
        S3Location filestorePrefix,
        Path pgDump,
        int partSize,
        FailOn failOn) {

    public static Builder builder() {
        return new Builder();
    }

    /** Collects and checks the values of a request. Blank text means "not set". */
    public static final class Builder {

        private String databaseUrl;
        private String databaseUser;
        private SecretValue databasePassword;
        private String location;
        private String endpoint;
        private String region;
        private boolean pathStyle;
        private SecretValue accessKeyId;
        private SecretValue secretAccessKey;
        private SecretValue sessionToken;
        private String format = BackupFormat.ZIP.keyword();
        private String filestore;
        private String pgDump;
        private String partSize;
        private String failOn = FailOn.ERROR.keyword();

        private Builder() {
        }

        public Builder database(String url, String user, SecretValue password) {
            this.databaseUrl = Text.trimToNull(url);
            this.databaseUser = Text.trimToNull(user);
            this.databasePassword = password;
            return this;
        }

        /** Sets where backups go, as {@code s3://BUCKET/PREFIX}. */
        public Builder location(String value) {
            this.location = Text.trimToNull(value);
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

        public Builder format(String value) {
            this.format = Text.trimToNull(value);
            return this;
        }

        /** Sets the filestore: a folder on this machine, or {@code s3://BUCKET/PREFIX} in the same store. */
        public Builder filestore(String value) {
            this.filestore = Text.trimToNull(value);
            return this;
        }

        public Builder pgDump(String value) {
            this.pgDump = Text.trimToNull(value);
            return this;
        }

        /** Sets the multipart part size, such as {@code 64MiB}; at least 5 MiB. */
        public Builder partSize(String value) {
            this.partSize = Text.trimToNull(value);
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
        public BackupRequest build() throws InvalidInputException {
            List<Problem> problems = new ArrayList<>();
            PgTarget target = parse(problems, () -> PgTarget.of(databaseUrl, databaseUser, databasePassword, "databaseUrl"));
            S3Location parsedLocation = location == null ? missing(problems, "location", "missing location; expected s3://BUCKET/PREFIX")
                    : parse(problems, () -> S3Location.parse(location, "location"));
            S3Settings settings = parse(problems, () -> S3Settings.of(endpoint, region, pathStyle, accessKeyId, secretAccessKey, sessionToken));
            BackupFormat parsedFormat = parse(problems, () -> Keyword.parse(BackupFormat.class, format == null ? "zip" : format, "format"));
            FailOn parsedFailOn = parse(problems, () -> Keyword.parse(FailOn.class, failOn == null ? "error" : failOn, "failOn"));
            Path folder = null;
            S3Location prefix = null;
            if (filestore != null && filestore.startsWith("s3://")) {
                prefix = parse(problems, () -> S3Location.parse(filestore, "filestore"));
            } else if (filestore != null) {
                folder = Path.of(filestore);
                if (!Files.isDirectory(folder)) {
                    problems.add(Problem.of("filestore", filestore, "not a folder; give Odoo's data_dir/filestore/DATABASE folder "
                            + "or an s3://BUCKET/PREFIX that contains the filestore"));
                }
            }
            Path tool = pgDump == null ? null : Path.of(pgDump);
            Integer parsedPartSize = MultipartUploadStream.DEFAULT_PART_SIZE;
            if (partSize != null) {
                Long bytes = parse(problems, () -> Sizes.parse(partSize, "partSize"));
                if (bytes != null && (bytes < MultipartUploadStream.MIN_PART_SIZE || bytes > 1L << 30)) {
                    problems.add(Problem.of("partSize", partSize, "the part size must be between 5MiB and 1GiB"));
                }
                parsedPartSize = bytes == null ? null : (int) Math.min(bytes, 1L << 30);
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            return new BackupRequest(target, parsedLocation, settings, parsedFormat, folder, prefix, tool, parsedPartSize, parsedFailOn);
        }

        private static <T> T missing(List<Problem> problems, String name, String message) {
            problems.add(Problem.of(name, null, message));
            return null;
        }
    }
}
