package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.util.Objects;

/**
 * A user name and password (or token) for a registry. The record's {@code toString()} shows the user name only,
 * because {@link SecretValue} hides the password.
 */
public record RegistryCredentials(String username, SecretValue password) {

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }
}
