package io.jenkins.plugins.odoorelease.common;

import java.util.Collection;
import java.util.stream.Collectors;

/** Small helpers for the text of messages. */
public final class Text {

    private Text() {
    }

    /** Returns the trimmed text, or {@code null} when it is null or blank, so that blank input means "not set". */
    public static String trimToNull(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Joins values in quotes for a message, for example {@code 'fail', 'warn' or 'wait'}. */
    public static String quotedChoice(Collection<?> values, String conjunction) {
        String[] quoted = values.stream().map(value -> "'" + value + "'").toArray(String[]::new);
        if (quoted.length <= 1) {
            return String.join("", quoted);
        }
        String head = java.util.Arrays.stream(quoted, 0, quoted.length - 1).collect(Collectors.joining(", "));
        return head + " " + conjunction + " " + quoted[quoted.length - 1];
    }

    /** Returns "1 window" or "3 windows". */
    public static String count(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
