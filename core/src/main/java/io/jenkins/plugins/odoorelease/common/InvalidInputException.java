package io.jenkins.plugins.odoorelease.common;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A user's mistake: a missing or invalid parameter, a malformed file, a policy that forbids the request.
 * Front ends show it as a short error without a stack trace (exit code 2 in the CLI, {@code AbortException}
 * in Jenkins). It carries every problem found, not only the first one.
 */
public class InvalidInputException extends OdooReleaseException {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        this(problems, Map.of(), null);
    }

    public InvalidInputException(List<Problem> problems, Map<String, String> context, Throwable cause) {
        super(summarize(problems), context, cause);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }

    /** Creates an exception for one value, such as an option, with the message that says how to fix it. */
    public static InvalidInputException forValue(String name, String value, String message) {
        return new InvalidInputException(Problem.of(name, value, message));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summarize(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).describe();
        }
        return problems.size() + " problems:" + problems.stream()
                .map(problem -> System.lineSeparator() + "  - " + problem.describe())
                .collect(Collectors.joining());
    }
}
