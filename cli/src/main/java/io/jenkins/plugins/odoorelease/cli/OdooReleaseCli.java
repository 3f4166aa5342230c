package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code odoo-release}: parses the command line and maps every outcome to an exit code. */
public final class OdooReleaseCli {

    private OdooReleaseCli() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err));
    }

    /** Runs the command line and returns the exit code; tests call this instead of {@link #main}. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new OdooReleaseCommand(env, out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExitCodeExceptionMapper(OdooReleaseCli::exitCode);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            err.println("ERROR: " + exception.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
            err.println("Run '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCodes.INVALID_INPUT;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            report(exception, err);
            return exitCode(exception);
        });
        return commandLine.execute(args);
    }

    private static int exitCode(Throwable exception) {
        if (exception instanceof InvalidInputException || exception instanceof CommandLine.ParameterException) {
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.INFRASTRUCTURE;
    }

    /** Prints a user's mistake as short lines without a stack trace, and a fault with its context and stack trace. */
    private static void report(Exception exception, PrintStream err) {
        if (exception instanceof InvalidInputException invalid) {
            for (Problem problem : invalid.problems()) {
                err.println("ERROR: " + problem.describe());
            }
            return;
        }
        if (exception instanceof InfrastructureException fault) {
            err.println("ERROR: " + fault.getMessage() + (fault.context().isEmpty() ? "" : " " + fault.context()));
        } else {
            err.println("ERROR: unexpected failure: " + exception);
        }
        exception.printStackTrace(err);
    }
}
