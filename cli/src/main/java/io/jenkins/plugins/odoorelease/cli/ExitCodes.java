package io.jenkins.plugins.odoorelease.cli;

/** The exit codes of {@code odoo-release}, the same for every subcommand. */
public final class ExitCodes {

    /** The step passed, or its verdict does not fail under {@code --fail-on}. */
    public static final int PASS = 0;
    /** The step's verdict failed under {@code --fail-on}. */
    public static final int VERDICT_FAILED = 1;
    /** Invalid input or usage: an option, a file or a value is wrong. */
    public static final int INVALID_INPUT = 2;
    /** An infrastructure fault: a server, store or registry failed. */
    public static final int INFRASTRUCTURE = 3;

    private ExitCodes() {
    }
}
