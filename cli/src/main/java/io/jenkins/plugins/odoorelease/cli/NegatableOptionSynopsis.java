package io.jenkins.plugins.odoorelease.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a negatable option as {@code --require-lifecycle|--no-require-lifecycle} in the help. Picocli's own
 * {@code --[no-]require-lifecycle} has brackets inside a bracketed synopsis entry, and Java's line breaking splits
 * the usage line after them, so the entry came out as {@code [--[no-]} at the end of one line and
 * {@code require-lifecycle]} at the start of the next. The parser accepts the same names as with picocli's default.
 */
final class NegatableOptionSynopsis implements CommandLine.INegatableOptionTransformer {

    private final CommandLine.INegatableOptionTransformer names = CommandLine.RegexTransformer.createDefault();

    @Override
    public String makeNegative(String optionName, CommandSpec command) {
        return names.makeNegative(optionName, command);
    }

    @Override
    public String makeSynopsis(String optionName, CommandSpec command) {
        String negative = names.makeNegative(optionName, command);
        return negative.equals(optionName) ? optionName : optionName + "|" + negative;
    }
}
