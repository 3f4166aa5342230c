package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.util.Map;

/**
 * Reads the secrets of the backup commands from the environment, where {@code ps} does not show them: the S3 keys
 * from the variables the AWS tools use, and database passwords from the command's own variable or {@code PGPASSWORD}.
 */
final class S3Environment {

    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    static final String PGPASSWORD = "PGPASSWORD";

    private final Map<String, String> env;

    S3Environment(Map<String, String> env) {
        this.env = env;
    }

    SecretValue accessKeyId() {
        return SecretValue.ofNullable(env.get(ACCESS_KEY_ID));
    }

    SecretValue secretAccessKey() {
        return SecretValue.ofNullable(env.get(SECRET_ACCESS_KEY));
    }

    SecretValue sessionToken() {
        return SecretValue.ofNullable(env.get(SESSION_TOKEN));
    }

    /** Returns the password from {@code variable}, or else from {@code PGPASSWORD}, or {@code null}. */
    SecretValue password(String variable) {
        SecretValue own = SecretValue.ofNullable(env.get(variable));
        return own != null ? own : SecretValue.ofNullable(env.get(PGPASSWORD));
    }
}
