package io.jenkins.plugins.odoorelease.plugin;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves credentials by id for a build and hands their secrets to the engine as {@link SecretValue}s. Each lookup
 * is recorded with {@link CredentialsProvider#track} so that Jenkins shows where a credential was used.
 */
final class Credentials {

    private Credentials() {
    }

    /** A user name with its password. */
    record UsernamePassword(String username, SecretValue password) {
    }

    static UsernamePassword usernamePassword(Run<?, ?> run, String id, String parameter) throws AbortException {
        StandardUsernamePasswordCredentials credentials = find(run, id, parameter, StandardUsernamePasswordCredentials.class,
                "Username with password");
        return new UsernamePassword(credentials.getUsername(), SecretValue.of(credentials.getPassword().getPlainText()));
    }

    static SecretValue secretText(Run<?, ?> run, String id, String parameter) throws AbortException {
        return SecretValue.of(find(run, id, parameter, StringCredentials.class, "Secret text").getSecret().getPlainText());
    }

    /** Reads a secret file, such as a kubeconfig, as UTF-8 text. */
    static SecretValue secretFile(Run<?, ?> run, String id, String parameter) throws IOException {
        FileCredentials credentials = find(run, id, parameter, FileCredentials.class, "Secret file");
        try (InputStream in = credentials.getContent(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            in.transferTo(bytes);
            return SecretValue.of(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Finds credentials of one type, or fails with a message that names the id, the parameter and the expected kind.
     */
    static <C extends IdCredentials> C find(Run<?, ?> run, String id, String parameter, Class<C> type, String kind)
            throws AbortException {
        C credentials = CredentialsProvider.findCredentialById(id, type, run, List.of());
        if (credentials == null) {
            IdCredentials other = CredentialsProvider.findCredentialById(id, IdCredentials.class, run, List.of());
            if (other != null) {
                throw new AbortException(parameter + ": the credentials '" + id + "' are of the kind "
                        + other.getDescriptor().getDisplayName() + ", but this parameter needs '" + kind + "'");
            }
            throw new AbortException(parameter + ": no credentials with the id '" + id + "' are visible to this build; "
                    + "add '" + kind + "' credentials with that id, or check the id and the folder they are in");
        }
        CredentialsProvider.track(run, credentials);
        return credentials;
    }
}
