package io.jenkins.plugins.odoorelease.plugin;

import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;

/** Form validation shared by the steps and the global configuration; callers check permissions first. */
final class FormChecks {

    private FormChecks() {
    }

    /** Accepts a blank value (the default applies) or a duration such as {@code 90m}. */
    static FormValidation duration(String value, String name) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            Durations.parse(value, name);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.problems().get(0).message());
        }
    }

    /** Lists the keywords of an enum for a select box, in declaration order. */
    static <E extends Enum<E> & Keyword> ListBoxModel keywords(Class<E> type) {
        ListBoxModel model = new ListBoxModel();
        for (String keyword : Keyword.keywords(type)) {
            model.add(keyword);
        }
        return model;
    }
}
