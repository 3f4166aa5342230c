package io.jenkins.plugins.odoorelease.pg;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.List;
import java.util.Map;

/**
 * The server asks for a password and none was given, the most common mistake when a credential is not wired in.
 * Callers that know where their users set the password catch it and name those places.
 */
public final class PasswordMissingException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    PasswordMissingException(PgTarget target, Throwable cause) {
        super(List.of(Problem.of("password", null, describe(target) + "; give the password with the credentials")), target.context(), cause);
    }

    /** Describes what happened, such as {@code the server asks for a password for odoo and none was given}. */
    public static String describe(PgTarget target) {
        return "the server asks for a password for " + (target.user() == null ? "the default user" : target.user()) + " and none was given";
    }
}
