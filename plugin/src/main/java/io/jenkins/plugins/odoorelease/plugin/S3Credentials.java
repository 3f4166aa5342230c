package io.jenkins.plugins.odoorelease.plugin;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * Resolves the S3 credentials of a backup step: a "Username with password" credential whose user name is the access
 * key id and whose password is the secret access key, or, where the AWS Credentials plugin is installed, its AWS
 * credentials (which may also carry a session token from an assumed role).
 */
final class S3Credentials {

    private S3Credentials() {
    }

    /** The keys, held as {@link Secret}s so that they cross to an agent encrypted in memory and masked in toString. */
    record Keys(Secret accessKeyId, Secret secretAccessKey, Secret sessionToken) {
    }

    /** Returns the keys of the credentials {@code id}, or {@code null} when {@code id} is blank (the SDK's default chain). */
    static Keys resolve(Run<?, ?> run, String id, String parameter) throws AbortException {
        if (id == null) {
            return null;
        }
        StandardUsernamePasswordCredentials pair = CredentialsProvider.findCredentialById(id, StandardUsernamePasswordCredentials.class,
                run, List.of());
        if (pair != null) {
            CredentialsProvider.track(run, pair);
            return new Keys(Secret.fromString(pair.getUsername()), pair.getPassword(), null);
        }
        if (Jenkins.get().getPlugin("aws-credentials") != null) {
            Keys aws = AwsPluginCredentials.resolve(run, id);
            if (aws != null) {
                return aws;
            }
        }
        IdCredentials other = CredentialsProvider.findCredentialById(id, IdCredentials.class, run, List.of());
        if (other != null) {
            throw new AbortException(parameter + ": the credentials '" + id + "' are of the kind " + other.getDescriptor().getDisplayName()
                    + ", but this parameter needs 'Username with password' (access key id and secret access key) or 'AWS Credentials'");
        }
        throw new AbortException(parameter + ": no credentials with the id '" + id + "' are visible to this build; add 'Username with "
                + "password' credentials (access key id as user name, secret access key as password) with that id");
    }
}
