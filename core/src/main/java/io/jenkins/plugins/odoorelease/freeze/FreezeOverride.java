package io.jenkins.plugins.odoorelease.freeze;

import java.time.Instant;
import java.util.List;

/**
 * A recorded permission to proceed through approval windows.
 *
 * @param reason why the change cannot wait, for the audit trail
 * @param approver who authorised it: a Jenkins user id, or a name from {@code freeze.overrideApprovers} in the CLI
 * @param expiresAt when the permission ends
 * @param ticket a change or incident reference, or {@code null}
 * @param windows the window ids it covers; empty means every approval window that applies
 */
public record FreezeOverride(String reason, String approver, Instant expiresAt, String ticket, List<String> windows) {

    public FreezeOverride {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    public boolean covers(FreezeWindow window) {
        return windows.isEmpty() || windows.contains(window.id());
    }
}
