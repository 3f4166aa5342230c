package io.jenkins.plugins.odoorelease.plugin;

import hudson.model.Job;
import hudson.model.User;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Accepts an override approver only when they are a Jenkins user holding {@link OdooReleasePermissions#OVERRIDE_FREEZE}
 * on the job. The check impersonates the approver through the security realm, so group memberships count.
 */
final class JenkinsOverrideAuthorizer implements OverrideAuthorizer {

    private final Job<?, ?> job;

    JenkinsOverrideAuthorizer(Job<?, ?> job) {
        this.job = job;
    }

    @Override
    public String rejection(String approver) {
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
