package io.jenkins.plugins.odoorelease.common;

import java.util.Objects;

/**
 * A password, token, key or kubeconfig handed to the engine. Its {@code toString()} hides the value so that it
 * never reaches a log, a report or an exception message by accident; {@link #reveal()} is the only way out.
 */
public final class SecretValue {

    private final String value;

    private SecretValue(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static SecretValue of(String value) {
        return new SecretValue(value);
    }

    /** Returns a secret for a value that may be absent, or {@code null} when it is null or empty. */
    public static SecretValue ofNullable(String value) {
        return value == null || value.isEmpty() ? null : new SecretValue(value);
    }

    /** Returns the secret itself, to hand to a client library or a child process's environment. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
