package io.jenkins.plugins.odoorelease.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An enum constant with the word users type for it in Jenkinsfiles, options and YAML, such as {@code fail} or
 * {@code infrastructure}.
 */
public interface Keyword {

    String keyword();

    /**
     * Finds the constant whose keyword equals {@code text}, ignoring case and surrounding blanks.
     *
     * @param name the option, parameter or path that contains the value, used in the error message
     * @throws InvalidInputException naming every accepted keyword when none matches
     */
    static <E extends Enum<E> & Keyword> E parse(Class<E> type, String text, String name) throws InvalidInputException {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.keyword().equals(wanted)) {
                return constant;
            }
        }
        throw InvalidInputException.forValue(name, text, "expected " + Text.quotedChoice(keywords(type), "or"));
    }

    /** Returns the keywords of every constant, in declaration order. */
    static <E extends Enum<E> & Keyword> List<String> keywords(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Keyword::keyword).toList();
    }
}
