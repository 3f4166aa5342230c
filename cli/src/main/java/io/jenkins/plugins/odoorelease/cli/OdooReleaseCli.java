package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        OdooReleaseCommand root = new OdooReleaseCommand(env, out, err);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setNegatableOptionTransformer(new NegatableOptionSynopsis());
        VersionProvider version = new VersionProvider();
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            subcommand.getCommandSpec().versionProvider(version);
        }
        commandLine.setExitCodeExceptionMapper(OdooReleaseCli::exitCode);
        commandLine.setParameterExceptionHandler((exception, arguments) -> reportUsageError(exception, err));
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            report(exception, OptionNames.of(command), root.verbose, err);
            return exitCode(exception);
        });
        try {
            return commandLine.execute(args);
        } finally {
            // A stop request waits in AbortOnShutdown until here, so that the JVM exits only after the last line above.
            AbortOnShutdown.commandFinished();
        }
    }

    private static int exitCode(Throwable exception) {
        if (exception instanceof InvalidInputException || exception instanceof CommandLine.ParameterException) {
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.INFRASTRUCTURE;
    }

    /**
     * Prints a usage error with the fix. Picocli reports a missing required option before an unknown one, so the
     * unknown options come first here: a misspelt required option, such as {@code --enviroment}, causes both.
     */
    private static int reportUsageError(CommandLine.ParameterException exception, PrintStream err) {
        CommandLine command = exception.getCommandLine();
        List<String> unmatched = command.getUnmatchedArguments();
        if (exception instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()) {
            CommandLine.UnmatchedArgumentException unknown = new CommandLine.UnmatchedArgumentException(command, unmatched);
            err.println("ERROR: " + unknown.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(unknown, err);
        }
        err.println("ERROR: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        return ExitCodes.INVALID_INPUT;
    }

    /**
     * Prints a user's mistake, a fault or a stop as short lines in the command line's terms. The stack trace follows
     * only with {@code --verbose}, or for an unexpected exception, which is a defect of the tool.
     */
    static void report(Exception exception, OptionNames names, boolean verbose, PrintStream err) {
        if (exception instanceof InvalidInputException invalid) {
            for (Problem problem : invalid.problems()) {
                err.println("ERROR: " + names.translate(problem).describe());
            }
            return;
        }
        boolean expected = true;
        if (exception instanceof InfrastructureException fault) {
            err.println("ERROR: " + names.translateText(fault.getMessage()));
            fault.context().forEach((name, value) -> err.println("  " + name + ": " + value));
        } else if (exception instanceof InterruptedException) {
            err.println("ERROR: stopped" + (exception.getMessage() == null ? "" : "; " + exception.getMessage()));
        } else {
            err.println("ERROR: unexpected failure: " + exception);
            expected = false;
        }
        if (verbose || !expected) {
            exception.printStackTrace(err);
        }
    }
}
