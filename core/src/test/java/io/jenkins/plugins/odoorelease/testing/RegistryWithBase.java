package io.jenkins.plugins.odoorelease.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts one {@link RegistryServer} for a test class and pushes the sample base image to
 * {@code platform/odoo-base:17.0} (user {@code odoo}, series {@code 17.0}). Register it as a static field with
 * {@code @RegisterExtension}; the registry stops after the class.
 */
public final class RegistryWithBase implements BeforeAllCallback, AfterAllCallback {

    private final boolean login;
    private RegistryServer registry;
    private String baseImage;

    private RegistryWithBase(boolean login) {
        this.login = login;
    }

    /** Creates the extension for a registry over plain HTTP without login. */
    public static RegistryWithBase plain() {
        return new RegistryWithBase(false);
    }

    /** Creates the extension for a registry over HTTPS with a self-signed certificate and a login (see {@link RegistryServer#startWithLogin()}). */
    public static RegistryWithBase withLogin() {
        return new RegistryWithBase(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        registry = login ? RegistryServer.startWithLogin() : RegistryServer.start();
        baseImage = SampleBaseImages.push(registry, "platform/odoo-base", "17.0", "odoo", "17.0");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null) {
            registry.close();
        }
    }

    public RegistryServer registry() {
        return registry;
    }

    /** Returns the sample base's reference by digest, such as {@code 127.0.0.1:5000/platform/odoo-base@sha256:...}. */
    public String baseImage() {
        return baseImage;
    }
}
