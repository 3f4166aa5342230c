package io.jenkins.plugins.odoorelease.pg;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.List;

/**
 * The server asks for a password and none was given, the most common mistake when a credential is not wired in.
 * Its message is for Jenkins users: give the password with the credentials. Other front ends call {@link #withFix}
 * to name the place where their users set it.
 */
public final class PasswordMissingException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final String user;

    PasswordMissingException(PgTarget target, Throwable cause) {
        super(List.of(Problem.of("password", null, describe(target) + "; give the password with the credentials")), target.context(), cause);
        this.user = target.user();
    }

    /**
     * Returns the same error with another fix, such as the environment variable that contains the password.
     *
     * @param parameter the parameter to name, or {@code null} for none
     * @param fix what to do, as the end of a sentence
     */
    public InvalidInputException withFix(String parameter, String fix) {
        return new InvalidInputException(List.of(Problem.of(parameter, null, describe(user) + "; " + fix)), context(), this);
    }

    /** Describes what happened, such as {@code the server asks for a password for odoo and none was given}. */
    public static String describe(PgTarget target) {
        return describe(target.user());
    }

    private static String describe(String user) {
        return "the server asks for a password for " + (user == null ? "the default user" : user) + " and none was given";
    }
}
