package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import io.jenkins.plugins.odoorelease.release.ReleaseConfig;
import io.jenkins.plugins.odoorelease.release.ReleaseConfigParser;
import io.jenkins.plugins.odoorelease.release.ReleaseRunner;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.JUnitXmlRenderer;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code odoo-release release}: a whole release from one configuration file, for any CI server. */
@Command(name = "release",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs a whole release described in a file: freeze guard, backup, image build, migration check, freeze "
                + "guard again, canary and verification of the new backup. Sections left out of the file skip their step. "
                + "Secrets come from the environment through $${env:NAME} references in the file. Exits 1 when a step stops "
                + "the release, 2 when a step rejects a value only when it runs, and 3 when a step could not finish because "
                + "a server, store, registry or cluster failed. The highest code wins.")
final class ReleaseCommand implements Callable<Integer> {

    @ParentCommand
    OdooReleaseCommand parent;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The release file, such as release.yaml.")
    Path config;

    @Option(names = "--evidence", paramLabel = "DIR", description = "Add the reports to the evidence bundle in DIR "
            + "(evidence.json and evidence.html), creating it if needed. Default: the release section's 'evidence', else "
            + "release-evidence beside the file.")
    Path evidence;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write every report's findings and checks as JUnit XML.")
    Path junit;

    @Override
    public Integer call() throws Exception {
        ReleaseConfig release = ReleaseConfigParser.read(config, parent.env());
        PlatformConfig platform = parent.platformConfig();
        ReleaseRunner runner = new ReleaseRunner(Clock.systemUTC(), Sleeper.SYSTEM, platform,
                OverrideAuthorizer.fromApprovers(platform.freeze().overrideApprovers()))
                .ci(parent.ciEnvironment().runInfo(), parent.ciEnvironment().requester());
        StderrEvents events = parent.events();
        ReleaseRunner.Outcome outcome;
        try (AbortOnShutdown hook = new AbortOnShutdown(runner::abort, "Stop requested; stopping the release before exiting: the "
                + "running step is interrupted (a canary rolls back) and no further step starts.", "The release did not stop within "
                + AbortOnShutdown.ROLLBACK_WAIT_MINUTES + " min; check the backup bucket, the scratch server and the TraefikService.",
                events)) {
            // The hook, when a stop came, waits until the summary below is printed.
            outcome = runner.run(release, evidenceFolder(release), events);
        }
        if (junit != null) {
            Files.writeString(junit, JUnitXmlRenderer.render(outcome.reports()), StandardCharsets.UTF_8);
        }
        PrintStream out = parent.out();
        out.println();
        for (StepReport report : outcome.reports()) {
            StepCommand.printSummary(report, out);
        }
        out.println();
        out.println("Release verdict: " + outcome.verdict());
        String bundle = "Evidence bundle: " + outcome.evidenceFolder().resolve(EvidenceFiles.HTML).toAbsolutePath();
        int earlier = outcome.bundle().reports().size() - outcome.reports().size();
        if (earlier == 1) {
            bundle += " (after 1 report of earlier commands)";
        } else if (earlier > 1) {
            bundle += " (after " + earlier + " reports of earlier commands)";
        }
        out.println(bundle);
        return exitCode(outcome.failure());
    }

    /** Maps the release's most severe failure to the exit code every step command uses for it; an aborted run gives 1. */
    static int exitCode(ReleaseRunner.Failure failure) {
        return switch (failure) {
            case NONE -> ExitCodes.PASS;
            case ABORTED, VERDICT -> ExitCodes.VERDICT_FAILED;
            case INVALID_INPUT -> ExitCodes.INVALID_INPUT;
            case FAULT -> ExitCodes.INFRASTRUCTURE;
        };
    }

    private Path evidenceFolder(ReleaseConfig release) {
        if (evidence != null) {
            return evidence;
        }
        Path base = config.toAbsolutePath().normalize().getParent();
        String configured = release.evidenceFolder();
        return base.resolve(configured != null ? configured : "release-evidence");
    }
}
