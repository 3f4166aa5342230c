package io.jenkins.plugins.odoorelease.common;

import java.util.Map;

/**
 * A fault outside the user's input: a server that does not answer, a failed upload, an unexpected
 * response. Front ends show the message with its context and keep the stack trace (exit code 3 in the CLI).
 */
public class InfrastructureException extends OdooReleaseException {

    private static final long serialVersionUID = 1L;

    public InfrastructureException(String message, Map<String, String> context, Throwable cause) {
        super(message, context, cause);
    }

    public InfrastructureException(String message, Throwable cause) {
        this(message, Map.of(), cause);
    }

    public InfrastructureException(String message) {
        this(message, Map.of(), null);
    }
}
