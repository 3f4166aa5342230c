package io.jenkins.plugins.odoorelease.freeze;

/**
 * Decides whether someone may approve a freeze override. In Jenkins the approver must hold the plugin's override
 * permission; the CLI reads a list of approvers from {@code odoo-release.yaml}.
 */
@FunctionalInterface
public interface OverrideAuthorizer {

    /** Rejects every override, naming the setting that would allow them. */
    OverrideAuthorizer NONE = approver -> "no one may approve freeze overrides here; configure the approvers first";

    /**
     * Returns why {@code approver} may not approve an override, or {@code null} when they may.
     */
    String rejection(String approver);
}
