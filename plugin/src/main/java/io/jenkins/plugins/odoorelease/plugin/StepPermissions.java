package io.jenkins.plugins.odoorelease.plugin;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/** The permission checks that every step's form endpoints make before they return anything. */
final class StepPermissions {

    private StepPermissions() {
    }

    /**
     * Returns whether the user may configure the job. The snippet generator runs outside a job, where only
     * administrators may.
     */
    static boolean canConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    /**
     * Lists the credentials of one type that the job's builds can use, as the credentials plugin advises. Without the
     * right to see credentials only the current value is offered. The list is taken with the build's own
     * authentication, so that it offers nothing the build cannot read.
     */
    static ListBoxModel credentialItems(Item item, String current, Class<? extends StandardCredentials> type) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            model.includeCurrentValue(Util.fixNull(current));
            return model;
        }
        Authentication authentication = item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
        model.includeEmptyValue()
                .includeMatchingAs(authentication, item, type, List.of(), CredentialsMatchers.always())
                .includeCurrentValue(Util.fixNull(current));
        return model;
    }

    /** Lists the Username with password credentials the job's builds can use. */
    static ListBoxModel usernamePasswordItems(Item item, String current) {
        return credentialItems(item, current, StandardUsernamePasswordCredentials.class);
    }
}
