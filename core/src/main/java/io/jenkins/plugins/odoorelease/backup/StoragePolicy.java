package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.backup.VerifyLevels.Level;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.s3.S3Location;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks the bucket's protection of the backups: versioning, so that an overwritten or deleted backup can be
 * recovered, and an enabled lifecycle rule over the prefix, so that old backups and incomplete uploads expire. A
 * store that responds with 501 Not Implemented (or the error code {@code NotImplemented}) is reported as "not supported by
 * this store", which is neither a pass nor a crash.
 */
final class StoragePolicy {

    private StoragePolicy() {
    }

    static void check(S3Client s3, S3Location location, boolean requireVersioning, boolean requireLifecycle, VerifyLevels levels) {
        List<String> outcome = new ArrayList<>();
        outcome.add("versioning " + versioning(s3, location, requireVersioning, levels));
        outcome.add("lifecycle " + lifecycle(s3, location, requireLifecycle, levels));
        levels.summary(Level.STORAGE, String.join(", ", outcome));
    }

    private static String versioning(S3Client s3, S3Location location, boolean required, VerifyLevels levels) {
        GetBucketVersioningResponse response;
        try {
            response = s3.getBucketVersioning(request -> request.bucket(location.bucket()));
        } catch (SdkException e) {
            return unreadable("versioning", location, e, required, levels);
        }
        if (response.status() == BucketVersioningStatus.ENABLED) {
            return "enabled";
        }
        // A bucket that never had versioning returns no Status element. A store that cannot keep versions may return
        // the same (s3proxy 4.1.1's filesystem store does, and rejects enabling versioning with 501).
        String state = response.status() == null ? "never enabled" : response.statusAsString().toLowerCase(java.util.Locale.ROOT);
        String described = response.status() == null ? "has never been enabled" : "is " + state;
        levels.add(Level.STORAGE, VerifyFindings.STORAGE_VERSIONING_OFF, required ? Severity.ERROR : Severity.INFO, location.bucket(),
                "Versioning of the bucket " + location.bucket() + " " + described + ", so a backup that is overwritten or deleted "
                        + "is gone; enable versioning (and object lock where the store has it).");
        return state;
    }

    private static String lifecycle(S3Client s3, S3Location location, boolean required, VerifyLevels levels) {
        List<LifecycleRule> rules;
        try {
            rules = s3.getBucketLifecycleConfiguration(request -> request.bucket(location.bucket())).rules();
        } catch (S3Exception e) {
            if ("NoSuchLifecycleConfiguration".equals(errorCode(e))) {
                rules = List.of();
            } else {
                return unreadable("lifecycle rules", location, e, required, levels);
            }
        } catch (SdkException e) {
            return unreadable("lifecycle rules", location, e, required, levels);
        }
        // NOTE: a rule counts whatever its actions are, so a rule that only transitions objects to another storage
        // class passes although it never expires a backup or aborts an incomplete upload.
        long applying = rules.stream().filter(rule -> rule.status() == ExpirationStatus.ENABLED && covers(rule, location.prefix())).count();
        if (applying > 0) {
            return applying + (applying == 1 ? " rule" : " rules");
        }
        levels.add(Level.STORAGE, VerifyFindings.STORAGE_NO_LIFECYCLE, required ? Severity.ERROR : Severity.INFO, location.toString(),
                "No enabled lifecycle rule covers " + location + " (" + rules.size() + " rules in the bucket), so old backups never "
                        + "expire and incomplete uploads are never cleaned up; add a rule for the prefix.");
        return "missing";
    }

    /**
     * Returns whether a rule's filter selects keys under {@code prefix}. A rule without a prefix covers the bucket. A
     * rule that also requires an object tag covers nothing here, because odooBackup writes its objects without tags.
     */
    static boolean covers(LifecycleRule rule, String prefix) {
        LifecycleRuleFilter filter = rule.filter();
        String rulePrefix = null;
        if (filter != null) {
            if (filter.tag() != null || filter.and() != null && filter.and().hasTags() && !filter.and().tags().isEmpty()) {
                return false;
            }
            rulePrefix = filter.prefix() != null ? filter.prefix() : filter.and() != null ? filter.and().prefix() : null;
        }
        if (rulePrefix == null) {
            rulePrefix = rule.prefix();
        }
        return rulePrefix == null || rulePrefix.isEmpty() || prefix.startsWith(rulePrefix);
    }

    /** Reports a policy that cannot be read: a warning when the check is required, else information. */
    private static String unreadable(String what, S3Location location, SdkException e, boolean required, VerifyLevels levels) {
        Severity severity = required ? Severity.WARNING : Severity.INFO;
        if (notImplemented(e)) {
            levels.add(Level.STORAGE, VerifyFindings.STORAGE_POLICY_NOT_SUPPORTED, severity, location.bucket(),
                    "Bucket " + what + ": not supported by this store (it answered " + status(e) + "), so the policy cannot be checked; "
                            + "protect the backups by other means or use a store that implements it.");
            return "not supported by this store";
        }
        levels.add(Level.STORAGE, VerifyFindings.STORAGE_POLICY_UNREADABLE, severity, location.bucket(),
                "Bucket " + what + " could not be read (" + e.getMessage() + "); grant s3:GetBucketVersioning and "
                        + "s3:GetLifecycleConfiguration to the verifying credentials.");
        return "unreadable";
    }

    static boolean notImplemented(SdkException e) {
        return e instanceof S3Exception s3 && (s3.statusCode() == 501 || "NotImplemented".equals(errorCode(s3)));
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String status(SdkException e) {
        return e instanceof S3Exception s3 ? s3.statusCode() + (errorCode(s3) == null ? "" : " " + errorCode(s3)) : e.getMessage();
    }
}
