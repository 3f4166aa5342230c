package io.jenkins.plugins.odoorelease.plugin;

import hudson.Util;
import java.util.ArrayList;
import java.util.List;

/** Normalises step arguments as the setters receive them: blank text means "not set", and lists lose blank entries. */
final class StepArguments {

    private StepArguments() {
    }

    /** Returns the trimmed value, or {@code fallback} when it is null or blank. */
    static String orDefault(String value, String fallback) {
        String trimmed = Util.fixEmptyAndTrim(value);
        return trimmed == null ? fallback : trimmed;
    }

    /** Returns the trimmed, non-blank entries of a list, which may be null. */
    static List<String> trimmed(List<String> values) {
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                String trimmed = Util.fixEmptyAndTrim(value);
                if (trimmed != null) {
                    result.add(trimmed);
                }
            }
        }
        return result;
    }
}
