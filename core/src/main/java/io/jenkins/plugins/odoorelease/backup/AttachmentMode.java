package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.util.Locale;

/**
 * Which attachments verification reads: {@code all}, a random {@code sample:N} of distinct files, or {@code none}.
 *
 * @param sample the number of files to check, or {@code -1} for all; {@code 0} means none
 */
public record AttachmentMode(int sample) {

    public static final AttachmentMode ALL = new AttachmentMode(-1);
    public static final AttachmentMode NONE = new AttachmentMode(0);

    /** Parses {@code all}, {@code none} or {@code sample:N} with N at least 1. */
    public static AttachmentMode parse(String text, String name) throws InvalidInputException {
        String value = text == null ? "all" : text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("all")) {
            return ALL;
        }
        if (value.equals("none")) {
            return NONE;
        }
        if (value.startsWith("sample:")) {
            try {
                int count = Integer.parseInt(value.substring("sample:".length()).trim());
                if (count >= 1) {
                    return new AttachmentMode(count);
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted forms
            }
        }
        throw InvalidInputException.forValue(name, text, "expected 'all', 'none' or 'sample:N' with N a whole number of at least 1, "
                + "such as sample:500");
    }

    public boolean all() {
        return sample < 0;
    }

    public boolean none() {
        return sample == 0;
    }

    @Override
    public String toString() {
        return all() ? "all" : none() ? "none" : "sample:" + sample;
    }
}
