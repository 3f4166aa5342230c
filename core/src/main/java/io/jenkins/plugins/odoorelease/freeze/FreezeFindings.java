package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/** The finding codes of {@code odooFreezeGuard}. */
public enum FreezeFindings implements FindingCode {
    FREEZE_ACTIVE("A freeze window that stops this change is in force now."),
    FREEZE_STARTS_DURING_CHANGE("A freeze window starts before the change is expected to finish."),
    FREEZE_WARNING_WINDOW("A window of severity warn applies; the change may proceed."),
    FREEZE_BLOCK_NOT_OVERRIDABLE("An override was given, but a block window applies, which no override lifts."),
    FREEZE_OVERRIDDEN("An authorised override lifted an approval window."),
    FREEZE_OVERRIDE_REJECTED("The override is invalid or its approver is not authorised."),
    FREEZE_FOUR_EYES_UNCHECKED("The override was accepted, but nobody is known to have requested the change, so the rule that "
            + "a second person approves could not be checked."),
    FREEZE_WAITED("The guard waited for a freeze to end before letting the change proceed."),
    FREEZE_WAIT_TOO_LONG("The freeze lasts longer than the maximum wait."),
    FREEZE_CALENDAR_INVALID("A calendar or one of its windows is invalid; the other windows were still checked."),
    FREEZE_NO_CALENDARS("No freeze calendar was given, so nothing could freeze the change."),
    FREEZE_ENVIRONMENT_UNKNOWN("No window applies to the change's environment, but the calendars name one that looks alike.");

    private final String summary;

    FreezeFindings(String summary) {
        this.summary = summary;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String summary() {
        return summary;
    }
}
