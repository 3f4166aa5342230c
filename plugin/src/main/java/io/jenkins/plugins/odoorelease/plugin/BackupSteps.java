package io.jenkins.plugins.odoorelease.plugin;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.s3.S3Location;
import java.util.Map;

/** What {@code odooBackup} and {@code odooBackupVerify} share: credentials, list boxes and form checks. */
final class BackupSteps {

    private BackupSteps() {
    }

    static void putS3Keys(Map<String, Secret> secrets, S3Credentials.Keys keys) {
        if (keys == null) {
            return;
        }
        secrets.put("accessKeyId", keys.accessKeyId());
        secrets.put("secretAccessKey", keys.secretAccessKey());
        if (keys.sessionToken() != null) {
            secrets.put("sessionToken", keys.sessionToken());
        }
    }

    /** Parses failOn, which the engine has already accepted, into its policy. */
    static io.jenkins.plugins.odoorelease.report.FailOn failOn(String value, String function) throws hudson.AbortException {
        try {
            return io.jenkins.plugins.odoorelease.common.Keyword.parse(io.jenkins.plugins.odoorelease.report.FailOn.class, value, "failOn");
        } catch (InvalidInputException e) {
            throw StepRuns.abort(function, e);
        }
    }

    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Lists username/password credentials and, where the AWS Credentials plugin is installed, its credentials too. */
    static ListBoxModel s3CredentialItems(Item item, String current) {
        return StepPermissions.credentialItems(item, current, StandardCredentials.class);
    }

    static FormValidation checkLocation(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.error("Give the location as s3://BUCKET/PREFIX.");
        }
        try {
            S3Location.parse(value, "location");
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.problems().get(0).message());
        }
    }

    static FormValidation checkJdbcUrl(String value, String name) {
        try {
            PgTarget.of(value, null, null, name);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.problems().get(0).message());
        }
    }
}
