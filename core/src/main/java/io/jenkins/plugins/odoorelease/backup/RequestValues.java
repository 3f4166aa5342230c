package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.List;

/** Collects the problems of a request's values, so that a builder reports every invalid value at once. */
final class RequestValues {

    private RequestValues() {
    }

    /** A parse that may reject its input. */
    interface Parse<T> {
        T get() throws InvalidInputException;
    }

    /** Returns the parsed value, or records its problems and returns {@code null}. */
    static <T> T parse(List<Problem> problems, Parse<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
