package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.release.Demo;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code odoo-release demo}: every delivered step on embedded defaults, with nothing to install. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs every delivered step on embedded defaults and writes an evidence bundle. Needs nothing but a JDK.")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    OdooReleaseCommand parent;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "odoo-release-demo",
            description = "Where the demo writes its sample calendar and evidence bundle. Default: ./odoo-release-demo.")
    Path output;

    @Override
    public Integer call() throws Exception {
        // A bad output folder is found before any server starts.
        ReportOptions.createFolder("--output", output);
        Demo demo = new Demo(Clock.systemUTC(), EmbeddedBackupSandbox::new);
        Demo.Outcome outcome;
        try (AbortOnShutdown hook = new AbortOnShutdown(demo::abort, "Stop requested; stopping the demo and its embedded "
                + "servers before exiting.", "The demo did not stop within " + AbortOnShutdown.ROLLBACK_WAIT_MINUTES + " min; "
                + "delete the folders odoo-release-demo-pg* in the temporary folder by hand.", parent.events())) {
            // The hook, when a stop came, waits until the summary below is printed.
            outcome = demo.run(output, parent.events());
        }
        PrintStream out = parent.out();
        out.println();
        for (StepReport report : outcome.bundle().reports()) {
            StepCommand.printSummary(report, out);
        }
        out.println();
        out.println("Demo verdict: " + outcome.bundle().verdict());
        out.println("Evidence bundle: " + outcome.evidenceFolder().resolve(EvidenceFiles.HTML).toAbsolutePath());
        return outcome.bundle().verdict() == Verdict.FAIL ? ExitCodes.VERDICT_FAILED : ExitCodes.PASS;
    }
}
