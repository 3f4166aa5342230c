package io.jenkins.plugins.odoorelease.common;

import java.util.Objects;

/**
 * One mistake in a user's input: where it is, the offending value and what to do about it.
 *
 * @param source the file, option or parameter that contains the input, or {@code null} when there is none
 * @param path the location inside the source, such as {@code windows[3].end}, or {@code null}
 * @param value the offending value as the user wrote it, or {@code null} when the value is missing
 * @param message what is wrong and how to fix it, as a sentence
 */
public record Problem(String source, String path, String value, String message) {

    public Problem {
        Objects.requireNonNull(message, "message");
    }

    public static Problem of(String path, String value, String message) {
        return new Problem(null, path, value, message);
    }

    public Problem inSource(String newSource) {
        return new Problem(newSource, path, value, message);
    }

    /** Renders the problem on one line, for example {@code freeze.yaml: windows[3].end: '2027-13-01': invalid month ...}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (source != null) {
            text.append(source).append(": ");
        }
        if (path != null && !path.isEmpty()) {
            text.append(path).append(": ");
        }
        if (value != null) {
            text.append('\'').append(value).append("': ");
        }
        return text.append(message).toString();
    }
}
