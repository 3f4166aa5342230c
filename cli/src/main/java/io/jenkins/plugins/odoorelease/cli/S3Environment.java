package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.pg.PasswordMissingException;
import java.util.Map;

/**
 * Reads the secrets of the backup commands from the environment, where {@code ps} does not show them: the S3 keys
 * from the variables the AWS tools use, and database users and passwords from the command's own variables or
 * {@code PGUSER} and {@code PGPASSWORD}.
 */
final class S3Environment {

    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    static final String PGPASSWORD = "PGPASSWORD";
    static final String PGUSER = "PGUSER";

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

    /**
     * Returns the database user from {@code variable}, or else from {@code PGUSER}, or {@code null}, which lets the
     * driver take the operating-system user. pg_dump and pg_restore would read {@code PGUSER} by themselves, so
     * passing it on keeps them and the JDBC connection on the same user.
     */
    String user(String variable) {
        for (String name : new String[] {variable, PGUSER}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /**
     * Returns the renamed parameters of a backup command: the S3 credentials, which come from the AWS variables here,
     * and core's {@code database}, the server that the command's {@code databaseOption} names.
     */
    static Map<String, String> renamedParameters(String databaseOption) {
        return Map.of("database", databaseOption, "accessKeyId", ACCESS_KEY_ID, "secretAccessKey", SECRET_ACCESS_KEY, "sessionToken",
                SESSION_TOKEN);
    }

    /** Returns the error for a server that requires a password, naming the variable that gives it. */
    static InvalidInputException passwordMissing(PasswordMissingException missing, String variable) {
        return missing.withFix(null, "set " + variable + " (or " + PGPASSWORD + ") in the environment to the password");
    }
}
