package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.backup.VerifyLevels.Level;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.Sha256;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.s3.ObjectMetadata;
import io.jenkins.plugins.odoorelease.s3.S3Location;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds the backup to verify (level 1) and compares each of its objects' size and stored SHA-256 with what the
 * backup manifest recorded (the first half of level 2; the second half streams the content).
 */
final class BackupLocator {

    /** The manifest is small; anything larger is not one of ours. */
    private static final long MAX_MANIFEST_BYTES = 16L << 20;

    private final S3Client s3;
    private final S3Location location;
    private final VerifyLevels levels;
    private final EventSink events;

    BackupLocator(S3Client s3, S3Location location, VerifyLevels levels, EventSink events) {
        this.s3 = s3;
        this.location = location;
        this.levels = levels;
        this.events = events;
    }

    /**
     * One object of the backup as the store has it now.
     *
     * @param recordedSha256 the SHA-256 the manifest recorded, or else the object's metadata, or {@code null}
     * @param recordedSize the size the manifest recorded, or {@code -1}
     */
    record Target(String role, String key, long size, String recordedSha256, long recordedSize, String versionId) {
    }

    /** The backup chosen for verification. */
    record Backup(String manifestKey, BackupManifest manifest, Instant createdAt, Target main, Target filestore, boolean filestoreListed) {
    }

    /** Finds the backup for {@code key}, or the newest complete backup under the prefix; {@code null} when there is none. */
    Backup locate(String key) throws IOException {
        if (key != null) {
            return byKey(key);
        }
        List<S3Object> manifests = new ArrayList<>();
        List<String> others = new ArrayList<>();
        ListObjectsV2Request list = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(location.prefix()).build();
        for (S3Object object : s3.listObjectsV2Paginator(list).contents()) {
            if (object.key().endsWith(BackupManifest.SUFFIX)) {
                manifests.add(object);
            } else if (object.key().endsWith(BackupKeys.ZIP) || object.key().endsWith(BackupKeys.DUMP)) {
                others.add(object.key());
            }
        }
        if (manifests.isEmpty()) {
            levels.add(Level.FRESHNESS, VerifyFindings.VERIFY_NO_BACKUP, Severity.ERROR, location.toString(), "No backup manifest ("
                    + BackupManifest.SUFFIX + ") was found under " + location + (others.isEmpty() ? "" : "; " + others.size()
                    + " archives without one are there, which are incomplete or made by another tool (give one with key)")
                    + ". Check the location, or run odooBackup.");
            return null;
        }
        List<S3Object> newestFirst = manifests.stream().sorted(Comparator.comparing((S3Object object) -> BackupKeys.timeOf(object.key())
                .orElse(object.lastModified())).thenComparing(S3Object::key).reversed()).toList();
        // A damaged manifest is reported and the next older backup is verified, so that one bad object does not hide
        // whether the backups before it still restore.
        for (S3Object candidate : newestFirst) {
            BackupManifest manifest;
            try {
                manifest = readManifest(candidate.key());
            } catch (InvalidManifestException e) {
                reportInvalid(candidate.key(), e);
                continue;
            }
            if (manifest != null) {
                events.info("The newest readable of " + manifests.size() + " backups under " + location + " is " + candidate.key() + ".");
                return fromManifest(candidate.key(), manifest);
            }
        }
        levels.add(Level.FRESHNESS, VerifyFindings.VERIFY_NO_BACKUP, Severity.ERROR, location.toString(), "None of the "
                + manifests.size() + " backup manifests under " + location + " can be read, so no backup can be verified; take a new "
                + "backup with odooBackup.");
        return null;
    }

    private Backup byKey(String key) throws IOException {
        String manifestKey = BackupKeys.manifestKeyOf(key);
        BackupManifest manifest;
        try {
            manifest = readManifest(manifestKey);
        } catch (InvalidManifestException e) {
            reportInvalid(manifestKey, e);
            if (key.equals(manifestKey)) {
                return null;
            }
            manifest = null;
        }
        if (manifest == null) {
            HeadObjectResponse head = head(key);
            if (head == null) {
                levels.add(Level.FRESHNESS, VerifyFindings.VERIFY_NO_BACKUP, Severity.ERROR, key, "s3://" + location.bucket() + "/" + key
                        + " does not exist; check the key, which is relative to the bucket.");
                return null;
            }
            Instant created = BackupKeys.timeOf(key).orElse(head.lastModified());
            return new Backup(null, null, created, target("archive", key, head, null, -1), null, false);
        }
        return fromManifest(manifestKey, manifest);
    }

    private void reportInvalid(String manifestKey, InvalidManifestException e) {
        levels.add(Level.FRESHNESS, VerifyFindings.VERIFY_BACKUP_MANIFEST_INVALID, Severity.ERROR, manifestKey, "The backup manifest "
                + manifestKey + " cannot be read: " + e.getMessage() + ". Its backup cannot be checked against the checksums it "
                + "recorded; restore the manifest from a bucket version, or take a new backup.");
        events.warning("The backup manifest " + manifestKey + " cannot be read: " + e.getMessage() + ".");
    }

    /** Returns the backup a readable manifest describes, or {@code null} when its main object is gone. */
    private Backup fromManifest(String manifestKey, BackupManifest manifest) {
        BackupManifest.Entry mainEntry = manifest.objects().get(0);
        HeadObjectResponse mainHead = head(mainEntry.key());
        if (mainHead == null) {
            levels.add(Level.FRESHNESS, VerifyFindings.VERIFY_NO_BACKUP, Severity.ERROR, mainEntry.key(), "The manifest " + manifestKey
                    + " lists s3://" + location.bucket() + "/" + mainEntry.key() + ", which does not exist; the backup was deleted or "
                    + "moved. Restore it from a bucket version or take a new one.");
            return null;
        }
        Target main = target(mainEntry.role(), mainEntry.key(), mainHead, mainEntry.sha256(), mainEntry.size());
        BackupManifest.Entry filestoreEntry = manifest.object(BackupManifest.Entry.FILESTORE);
        Target filestore = null;
        if (filestoreEntry != null) {
            HeadObjectResponse head = head(filestoreEntry.key());
            if (head != null) {
                filestore = target(filestoreEntry.role(), filestoreEntry.key(), head, filestoreEntry.sha256(), filestoreEntry.size());
            }
        }
        return new Backup(manifestKey, manifest, manifest.createdAt(), main, filestore, filestoreEntry != null);
    }

    private Target target(String role, String key, HeadObjectResponse head, String recordedSha256, long recordedSize) {
        String metadataSha = head.metadata().get(ObjectMetadata.SHA256);
        if (recordedSha256 != null && metadataSha != null && !metadataSha.equalsIgnoreCase(recordedSha256)) {
            levels.add(Level.INTEGRITY, VerifyFindings.VERIFY_CHECKSUM_MISMATCH, Severity.ERROR, key, "The object's metadata gives SHA-256 "
                    + metadataSha + " but the backup manifest recorded " + recordedSha256 + "; the object was replaced after the backup.");
        }
        String sha = recordedSha256 != null ? recordedSha256 : metadataSha;
        if (sha == null) {
            levels.add(Level.INTEGRITY, VerifyFindings.VERIFY_NO_CHECKSUM, Severity.WARNING, key, "s3://" + location.bucket() + "/" + key
                    + " has no recorded SHA-256 (no backup manifest and no sha256 metadata), so its integrity cannot be proven; "
                    + "back up with odooBackup, which records one.");
        }
        if (recordedSize >= 0 && head.contentLength() != recordedSize) {
            levels.add(Level.INTEGRITY, VerifyFindings.VERIFY_SIZE_MISMATCH, Severity.ERROR, key, "s3://" + location.bucket() + "/" + key
                    + " has " + head.contentLength() + " bytes but " + recordedSize + " were written; it was "
                    + (head.contentLength() < recordedSize ? "truncated" : "replaced") + " after the backup.");
        }
        return new Target(role, key, head.contentLength(), sha == null ? null : sha.toLowerCase(java.util.Locale.ROOT), recordedSize,
                head.versionId());
    }

    private HeadObjectResponse head(String key) {
        try {
            return s3.headObject(request -> request.bucket(location.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** A backup manifest that is not valid JSON, not of this release's schema, or lists no object. */
    static final class InvalidManifestException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads a backup manifest.
     *
     * @return the manifest, or {@code null} when the object does not exist
     * @throws InvalidManifestException when the object is not a manifest this release reads
     */
    private BackupManifest readManifest(String key) throws InvalidManifestException {
        ResponseBytes<GetObjectResponse> bytes;
        try {
            HeadObjectResponse head = head(key);
            if (head == null) {
                return null;
            }
            if (head.contentLength() > MAX_MANIFEST_BYTES) {
                throw new InvalidManifestException("it has " + head.contentLength() + " bytes, too many for a backup manifest", null);
            }
            bytes = s3.getObjectAsBytes(request -> request.bucket(location.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        }
        String recorded = bytes.response().metadata().get(ObjectMetadata.SHA256);
        if (recorded != null && !recorded.equalsIgnoreCase(Sha256.hex(bytes.asByteArray()))) {
            levels.add(Level.INTEGRITY, VerifyFindings.VERIFY_CHECKSUM_MISMATCH, Severity.ERROR, key, "The backup manifest's SHA-256 "
                    + "differs from its recorded one; it was changed after the backup, so its checksums cannot be trusted.");
        }
        BackupManifest manifest;
        try {
            manifest = ReportJson.mapper().readValue(bytes.asByteArray(), BackupManifest.class);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new InvalidManifestException("it is not valid JSON of a backup manifest (" + detail + ")", e);
        }
        if (manifest == null || !BackupManifest.SCHEMA.equals(manifest.schema())) {
            throw new InvalidManifestException("it has the schema " + (manifest == null ? null : manifest.schema())
                    + ", but this release reads " + BackupManifest.SCHEMA, null);
        }
        if (manifest.objects() == null || manifest.objects().isEmpty()) {
            throw new InvalidManifestException("it lists no objects", null);
        }
        return manifest;
    }

    /** Checks the backup's age against the recovery point objective. */
    Duration checkFreshness(Backup backup, Instant now, Duration rpo) {
        Duration age = Duration.between(backup.createdAt(), now);
        String text = "taken " + backup.createdAt() + ", " + Durations.format(age.isNegative() ? Duration.ZERO : age) + " ago (rpo "
                + Durations.format(rpo) + ")";
        levels.summary(Level.FRESHNESS, backup.main().key() + " " + text);
        if (age.compareTo(rpo) > 0) {
            levels.add(Level.FRESHNESS, VerifyFindings.VERIFY_BACKUP_TOO_OLD, Severity.ERROR, backup.main().key(), "The newest backup was "
                    + text + ", older than the recovery point objective allows; check that the backup job runs and succeeds.");
        }
        return age;
    }
}
