package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The outcome of checking an override against every rule: a reason of some length, an approver who is
 * authorised and is not the requester, and an expiry that is in the future, within the allowed validity and
 * after the change's expected end.
 *
 * @param override the override with its expiry resolved, or {@code null} when the expiry could not be read
 * @param rejections why it is rejected; empty when it is accepted
 * @param requesterUnknown whether the four-eyes rule applies but could not be checked, because nobody is known to
 *     have requested the change
 */
public record OverrideCheck(FreezeRequest.OverrideInput input, FreezeOverride override, List<String> rejections,
        boolean requesterUnknown) {

    public OverrideCheck {
        rejections = List.copyOf(rejections);
    }

    public boolean accepted() {
        return rejections.isEmpty();
    }

    /**
     * Checks the override for a decision at {@code at}. A duration expiry and the longest validity count from
     * {@code anchor}, the first decision of the run, so that a guard that waits does not stretch the override.
     */
    static OverrideCheck check(FreezeRequest request, Instant at, Instant anchor, Set<String> knownWindowIds,
            OverrideAuthorizer authorizer) {
        FreezeRequest.OverrideInput input = request.override();
        FreezeRequest.OverridePolicy policy = request.overridePolicy();
        List<String> rejections = new ArrayList<>();
        String reason = Text.trimToNull(input.reason());
        if (reason == null) {
            rejections.add("missing reason; say in overrideReason why the change cannot wait for the window to end");
        } else if (reason.length() < policy.minReasonLength()) {
            rejections.add("the reason has " + reason.length() + " characters; explain why the change cannot wait in at least "
                    + policy.minReasonLength());
        }
        String approver = Text.trimToNull(input.approver());
        if (approver == null) {
            rejections.add("missing approver; name the person who authorised the override in overrideApprover");
        }
        Instant expiresAt = null;
        String expires = Text.trimToNull(input.expires());
        if (expires == null) {
            rejections.add("missing expiry; set overrideExpires to an instant such as 2027-11-26T18:00:00Z or a duration such "
                    + "as 4h");
        } else {
            expiresAt = parseExpiry(expires, anchor);
            if (expiresAt == null) {
                rejections.add("invalid expiry '" + expires + "'; give an instant such as 2027-11-26T18:00:00Z or a duration such as 4h");
            }
        }
        if (expiresAt != null) {
            Instant changeEnd = at.plus(request.expectedDuration());
            if (!expiresAt.isAfter(at)) {
                rejections.add("the override expired at " + expiresAt + "; ask for a new one");
            } else if (expiresAt.isAfter(anchor.plus(policy.maxValidity()))) {
                rejections.add("the override expires at " + expiresAt + ", more than " + Durations.format(policy.maxValidity())
                        + " after " + anchor + "; overrides may last at most " + Durations.format(policy.maxValidity()));
            } else if (expiresAt.isBefore(changeEnd)) {
                rejections.add("the override expires at " + expiresAt + ", before the change is expected to finish at " + changeEnd
                        + "; extend the expiry or lower the expected duration");
            }
        }
        if (approver != null && policy.distinctApprover() && request.requester() != null
                && approver.equalsIgnoreCase(request.requester())) {
            rejections.add("the approver '" + approver + "' also requested the change; a second person must approve");
        }
        if (approver != null) {
            String rejection = authorizer.rejection(approver);
            if (rejection != null) {
                rejections.add(rejection);
            }
        }
        for (String id : input.windows()) {
            if (!knownWindowIds.contains(id)) {
                rejections.add("the override names window '" + id + "', which no calendar defines; check the id");
            }
        }
        FreezeOverride override = expiresAt == null ? null
                : new FreezeOverride(reason, approver, expiresAt, Text.trimToNull(input.ticket()), input.windows());
        boolean requesterUnknown = approver != null && policy.distinctApprover() && request.requester() == null;
        return new OverrideCheck(input, override, rejections, requesterUnknown);
    }

    private static Instant parseExpiry(String text, Instant anchor) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                Duration validity = Durations.parse(text, "override expiry");
                return anchor.plus(validity);
            } catch (InvalidInputException notDuration) {
                return null;
            }
        }
    }
}
