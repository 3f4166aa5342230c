package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Translates the Pipeline parameter names in core's messages into the options of the command that ran. Core names a
 * value by its step parameter ({@code expectedDuration}), which Jenkins shows as it is; the CLI shows the option that
 * sets it ({@code --expected-duration}). A parameter maps to the visible option of the same name in kebab case, or to
 * the name that the command lists in {@link StepCommand#renamedParameters()}. A name inside a file stays as it is:
 * that is a problem with a source, a dotted path such as {@code freeze.expectedDuration}, or a word that is part of one.
 */
final class OptionNames {

    /** Translates nothing: for commands whose messages name keys of their files, such as {@code release}. */
    static final OptionNames NONE = new OptionNames(null, Map.of());

    /**
     * A camelCase word that appears on its own in a sentence, such as {@code allowFloatingBase} in "or set
     * allowFloatingBase". A word that is part of a dotted key, a path, a variable or a longer name is left out, and so
     * is a key before a colon, as in the YAML manifests that a dry run prints.
     */
    private static final Pattern CAMEL_CASE_WORD = Pattern.compile("(?<![\\w.$/\\\\{:-])[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+(?![\\w/}:-]|\\.\\w)");

    /** A list item, such as {@code addons[1]}: the parameter and its index. */
    private static final Pattern LIST_ITEM = Pattern.compile("([a-z][A-Za-z0-9]*)\\[(\\d+)]");

    private final CommandSpec command;
    private final Map<String, String> renamed;

    private OptionNames(CommandSpec command, Map<String, String> renamed) {
        this.command = command;
        this.renamed = renamed;
    }

    /** Returns the translation for a step command, or {@link #NONE} for any other command. */
    static OptionNames of(CommandLine commandLine) {
        if (commandLine != null && commandLine.getCommand() instanceof StepCommand step) {
            return new OptionNames(commandLine.getCommandSpec(), step.renamedParameters());
        }
        return NONE;
    }

    /** Returns the command line's name for a step parameter, or {@code null} when the command has no such option. */
    String name(String parameter) {
        if (command == null) {
            return null;
        }
        String name = renamed.get(parameter);
        if (name != null) {
            return name;
        }
        OptionSpec option = command.findOption("--" + kebabCase(parameter));
        if (option == null || option.hidden() || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        return option.longestName();
    }

    /**
     * Returns the problem in the command line's terms: its parameter as an option, and the parameters named in its
     * message as options too. A problem inside a file is returned unchanged.
     */
    Problem translate(Problem problem) {
        if (command == null || problem.source() != null) {
            return problem;
        }
        return new Problem(null, translateKey(problem.path(), problem.value() != null), problem.value(), translateText(problem.message()));
    }

    /** Replaces each parameter named on its own in {@code text}, such as "or set allowFloatingBase", with its option. */
    String translateText(String text) {
        if (command == null || text == null) {
            return text;
        }
        Matcher words = CAMEL_CASE_WORD.matcher(text);
        StringBuilder translated = new StringBuilder();
        while (words.find()) {
            String name = name(words.group());
            words.appendReplacement(translated, Matcher.quoteReplacement(name != null ? name : words.group()));
        }
        words.appendTail(translated);
        return translated.toString();
    }

    /**
     * Translates a problem's key. A list item keeps its position only when the problem shows no value, because
     * core counts items after splitting comma-separated values, so the value identifies it better.
     */
    private String translateKey(String key, boolean hasValue) {
        if (key == null) {
            return null;
        }
        Matcher item = LIST_ITEM.matcher(key);
        if (item.matches()) {
            String name = name(item.group(1));
            if (name == null) {
                return key;
            }
            return hasValue ? name : name + " (item " + (Integer.parseInt(item.group(2)) + 1) + ")";
        }
        String name = name(key);
        return name != null ? name : key;
    }

    /** Returns {@code expectedDuration} as {@code expected-duration}. */
    static String kebabCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
