package io.jenkins.plugins.odoorelease.plugin;

import hudson.model.Job;
import hudson.model.Run;
import hudson.model.User;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import org.jenkinsci.plugins.workflow.support.steps.input.ApproverAction;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Accepts an override approver only when Jenkins itself vouches for the approval: the approver approved an
 * {@code input} step of this build (the input step records who clicked), and holds
 * {@link OdooReleasePermissions#OVERRIDE_FREEZE} on the job. A name typed into a Jenkinsfile proves nothing, so it
 * is not enough. The permission check impersonates the approver through the security realm, so groups count.
 */
final class JenkinsOverrideAuthorizer implements OverrideAuthorizer {

    private final Run<?, ?> run;

    JenkinsOverrideAuthorizer(Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public String rejection(String approver) {
        Job<?, ?> job = run.getParent();
        boolean approvedInThisBuild = run.getActions(ApproverAction.class).stream()
                .anyMatch(action -> approver.equals(action.getUserId()));
        if (!approvedInThisBuild) {
            return "'" + approver + "' did not approve an input step of this build; get the approver from an input step, for "
                    + "example input(message: 'Override the freeze?', submitterParameter: 'approver'), so that Jenkins records "
                    + "who approved";
        }
        User user = User.getById(approver, false);
        if (user == null) {
            return "'" + approver + "' is not a Jenkins user; give the user id of the approver, for example from the input "
                    + "step's submitterParameter";
        }
        Authentication authentication;
        try {
            authentication = user.impersonate2();
        } catch (UsernameNotFoundException e) {
            return "the security realm does not know '" + approver + "' (" + e.getMessage() + ")";
        }
        if (!job.getACL().hasPermission2(authentication, OdooReleasePermissions.OVERRIDE_FREEZE)) {
            return "'" + approver + "' does not hold the permission " + OdooReleasePermissions.GROUP.title + "/"
                    + OdooReleasePermissions.OVERRIDE_FREEZE.name + " on " + job.getFullName() + "; ask someone who holds it";
        }
        return null;
    }
}
