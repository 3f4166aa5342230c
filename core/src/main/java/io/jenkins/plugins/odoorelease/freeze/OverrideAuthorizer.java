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

    /**
     * Accepts the approvers a platform lists in {@code freeze.overrideApprovers}, compared without regard to case.
     * NOTE: this checks only the name it is given; it cannot prove who typed it, which the Jenkins plugin does by
     * requiring an approved input step.
     */
    static OverrideAuthorizer fromApprovers(java.util.List<String> approvers) {
        if (approvers.isEmpty()) {
            return approver -> "no override approvers are configured; list them under freeze.overrideApprovers in odoo-release.yaml";
        }
        return approver -> approvers.stream().anyMatch(name -> name.equalsIgnoreCase(approver)) ? null
                : "'" + approver + "' is not listed in freeze.overrideApprovers; ask one of: " + String.join(", ", approvers);
    }
}
