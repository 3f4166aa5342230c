package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class OptionNamesTest {

    private static CommandLine command(String name) {
        PrintStream discard = new PrintStream(PrintStream.nullOutputStream());
        return new CommandLine(new OdooReleaseCommand(Map.of(), discard, discard)).getSubcommands().get(name);
    }

    private static OptionNames names(String command) {
        return OptionNames.of(command(command));
    }

    @Test
    void parameterBecomesKebabCaseOption() {
        Problem translated = names("freeze-guard").translate(Problem.of("expectedDuration", "45", "invalid duration"));

        assertThat(translated.describe()).isEqualTo("--expected-duration: '45': invalid duration");
    }

    @Test
    void renamedParameterTakesCommandsName() {
        OptionNames names = names("build-image");

        assertThat(names.translate(Problem.of("tags", null, "missing tags")).describe()).isEqualTo("--tag: missing tags");
        assertThat(names.name("version")).isEqualTo("--image-version");
    }

    @Test
    void fileKeysStayUnchanged() {
        OptionNames names = names("freeze-guard");
        Problem inFile = new Problem("odoo-release.yaml", "expectedDuration", "45", "invalid duration");
        Problem dotted = Problem.of("freeze.expectedDuration", "45", "invalid duration");

        assertThat(names.translate(inFile)).isEqualTo(inFile);
        assertThat(names.translate(dotted).describe()).isEqualTo("freeze.expectedDuration: '45': invalid duration");
    }

    @Test
    void windowsPathKeptInText() {
        assertThat(names("backup").translateText("C:\\tools\\pgDump failed")).isEqualTo(
                "C:\\tools\\pgDump failed");
    }

    @Test
    void unknownParameterStaysUnchanged() {
        assertThat(names("backup").translate(Problem.of("bucket", "x", "not found")).describe()).isEqualTo("bucket: 'x': not found");
    }

    @Test
    void hiddenAndHelpOptionsNotUsed() {
        OptionNames names = names("migrate-check");

        assertThat(names.name("databasePassword")).isEqualTo(MigrateCheckCommand.PASSWORD_ENV);
        assertThat(names.name("help")).isNull();
        assertThat(names.name("version")).isNull();
    }

    @Test
    void listItemShowsValueOrPosition() {
        OptionNames names = names("migrate-check");

        assertThat(names.translate(Problem.of("addons[1]", "/srv/nowhere", "no such folder")).describe())
                .isEqualTo("--addons: '/srv/nowhere': no such folder");
        assertThat(names.translate(Problem.of("upgradePaths[0]", null, "missing")).describe())
                .isEqualTo("--upgrade-path (item 1): missing");
    }

    @Test
    void parametersInMessageBecomeOptions() {
        OptionNames names = names("build-image");

        String text = names.translateText("pin it by digest or set allowFloatingBase; allowTagOverwrite is off.");

        assertThat(text).isEqualTo("pin it by digest or set --allow-floating-base; --allow-tag-overwrite is off.");
    }

    @Test
    void messageKeysOfFilesStayUnchanged() {
        OptionNames names = names("freeze-guard");
        String text = "set freeze.expectedDuration in odoo-release.yaml, use ${env:expectedDuration} or "
                + "expectedDuration.hours, not maxWaitTime or /srv/expectedDuration\n  maxWait: 4h";

        assertThat(names.translateText(text)).isEqualTo(text);
    }

    @Test
    void otherCommandsTranslateNothing() {
        Problem problem = Problem.of("expectedDuration", "45", "set allowFloatingBase");

        assertThat(names("release").translate(problem)).isEqualTo(problem);
        assertThat(OptionNames.of(null).translate(problem)).isEqualTo(problem);
    }

    /** A renamed parameter that points at no option would print a name the user cannot type. */
    @Test
    void renamedParametersNameRealOptions() {
        for (CommandLine command : command("freeze-guard").getParent().getSubcommands().values()) {
            if (command.getCommand() instanceof StepCommand step) {
                step.renamedParameters().forEach((parameter, name) -> {
                    if (name.startsWith("--")) {
                        OptionSpec option = command.getCommandSpec().findOption(name);
                        assertThat(option).as("%s: %s -> %s", command.getCommandName(), parameter, name).isNotNull();
                        assertThat(Objects.requireNonNull(option).hidden()).isFalse();
                    } else {
                        assertThat(name).as("%s: %s -> %s", command.getCommandName(), parameter, name).matches("[A-Z][A-Z0-9_]+");
                    }
                });
            }
        }
    }

    @Test
    void kebabCaseOfParameters() {
        assertThat(OptionNames.kebabCase("expectedDuration")).isEqualTo("expected-duration");
        assertThat(OptionNames.kebabCase("at")).isEqualTo("at");
        assertThat(OptionNames.kebabCase("maxHealthSeconds")).isEqualTo("max-health-seconds");
    }
}
