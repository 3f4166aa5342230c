package io.jenkins.plugins.odoorelease.plugin;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Run;
import hudson.util.Secret;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Reads credentials of the optional AWS Credentials plugin. This class is loaded only after a check that the plugin is
 * installed, because its types do not exist otherwise.
 */
final class AwsPluginCredentials {

    private AwsPluginCredentials() {
    }

    /** Returns the keys of the AWS credentials {@code id}, assuming its IAM role when it has one, or {@code null}. */
    static S3Credentials.Keys resolve(Run<?, ?> run, String id) {
        AmazonWebServicesCredentials credentials = CredentialsProvider.findCredentialById(id, AmazonWebServicesCredentials.class, run,
                List.of());
        if (credentials == null) {
            return null;
        }
        CredentialsProvider.track(run, credentials);
        AwsCredentials keys = credentials.resolveCredentials();
        Secret token = keys instanceof AwsSessionCredentials session ? Secret.fromString(session.sessionToken()) : null;
        return new S3Credentials.Keys(Secret.fromString(keys.accessKeyId()), Secret.fromString(keys.secretAccessKey()), token);
    }
}
