package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.config.PlatformConfigParser;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code odoo-release} command: global options and the list of subcommands. */
@Command(name = "odoo-release",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Enforces Odoo release standards: freeze windows, image builds, migration checks, canary rollouts and "
                + "verified backups. Exit codes: 0 pass, 1 the step's verdict failed, 2 invalid input or usage, "
                + "3 an infrastructure fault.",
        subcommands = {FreezeGuardCommand.class, BuildImageCommand.class, MigrateCheckCommand.class, BackupCommand.class,
                BackupVerifyCommand.class, CanaryCommand.class, ReleaseCommand.class, DemoCommand.class})
public final class OdooReleaseCommand {

    static final String CONFIG_ENV = "ODOO_RELEASE_CONFIG";
    static final String DEFAULT_CONFIG = "odoo-release.yaml";

    @Option(names = "--config", paramLabel = "FILE", description = "Platform configuration (freeze calendars, approvers, "
            + "approved registries). Default: $" + CONFIG_ENV + ", else ./" + DEFAULT_CONFIG + " when it exists.")
    Path config;

    @Option(names = {"-v", "--verbose"}, description = "Show debug lines, and the stack trace of an error.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Show only warnings and errors on standard error.")
    boolean quiet;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private PlatformConfig platformConfig;

    OdooReleaseCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Map<String, String> env() {
        return env;
    }

    StderrEvents events() {
        return events(OptionNames.NONE);
    }

    StderrEvents events(OptionNames names) {
        return new StderrEvents(err, verbose, quiet, names);
    }

    CiEnvironment ciEnvironment() {
        return new CiEnvironment(env);
    }

    /** Reads the platform configuration once: from --config, $ODOO_RELEASE_CONFIG, ./odoo-release.yaml or the defaults. */
    PlatformConfig platformConfig() throws InvalidInputException {
        if (platformConfig == null) {
            Path file = config;
            if (file == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
                file = Path.of(env.get(CONFIG_ENV));
            }
            if (file == null && Files.exists(Path.of(DEFAULT_CONFIG))) {
                file = Path.of(DEFAULT_CONFIG);
            }
            platformConfig = file == null ? PlatformConfig.DEFAULTS : PlatformConfigParser.read(file);
        }
        return platformConfig;
    }
}
