package io.jenkins.plugins.odoorelease.plugin;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.s3.S3Location;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

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

    static ListBoxModel usernamePasswordItems(Item item, String current) {
        return items(item, current, StandardUsernamePasswordCredentials.class);
    }

    /** Lists username/password credentials and, where the AWS Credentials plugin is installed, its credentials too. */
    static ListBoxModel s3CredentialItems(Item item, String current) {
        return items(item, current, StandardCredentials.class);
    }

    static ListBoxModel items(Item item, String current, Class<? extends StandardCredentials> type) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            model.includeCurrentValue(Util.fixNull(current));
            return model;
        }
        Authentication authentication = item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
        model.includeEmptyValue()
                .includeMatchingAs(authentication, item, type, List.of(), CredentialsMatchers.always())
                .includeCurrentValue(Util.fixNull(current));
        return model;
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
