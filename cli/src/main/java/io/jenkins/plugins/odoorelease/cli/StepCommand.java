package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The shape every step command shares: map options to a core request, run it, write the outputs, print a
 * summary and turn the verdict into an exit code under {@code --fail-on}.
 */
abstract class StepCommand implements Callable<Integer> {

    @ParentCommand
    OdooReleaseCommand parent;

    @Mixin
    ReportOptions outputs;

    @Option(names = "--fail-on", paramLabel = "POLICY", defaultValue = "error",
            description = "Which verdict gives exit code 1: error (the default), warning or never.")
    String failOn;

    /** Runs the step and returns its report; user mistakes are {@code InvalidInputException}s. */
    abstract StepReport run(EventSink events) throws OdooReleaseException, InterruptedException;

    @Override
    public final Integer call() throws Exception {
        FailOn policy = io.jenkins.plugins.odoorelease.common.Keyword.parse(FailOn.class, failOn, "--fail-on");
        StderrEvents events = parent.events();
        StepReport report = run(events);
        PrintStream out = parent.out();
        outputs.write(report, parent.ciEnvironment().runInfo(), out);
        if (!outputs.usesStdout()) {
            printSummary(report, out);
        }
        return policy.fails(report.verdict()) ? ExitCodes.VERDICT_FAILED : ExitCodes.PASS;
    }

    static void printSummary(StepReport report, PrintStream out) {
        out.println(report.step() + ": " + report.verdict() + (report.title().isEmpty() ? "" : " - " + report.title()));
        for (Finding finding : report.findings()) {
            if (finding.severity() != Severity.INFO) {
                out.println("  " + finding.severity() + " " + finding.code() + (finding.subject() == null ? "" : " [" + finding.subject() + "]")
                        + ": " + finding.message());
            }
        }
        out.flush();
    }
}
