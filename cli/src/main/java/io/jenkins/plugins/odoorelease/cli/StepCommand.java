package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.OdooReleaseException;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

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

    @Spec
    CommandSpec spec;

    /** Runs the step and returns its report; user mistakes are {@code InvalidInputException}s. */
    abstract StepReport run(EventSink events) throws OdooReleaseException, InterruptedException;

    /**
     * Returns the step parameters whose command-line name is not the parameter in kebab case, such as {@code tags} for
     * {@code --tag}: each with its option, or with the environment variable that takes its place.
     */
    Map<String, String> renamedParameters() {
        return Map.of();
    }

    @Override
    public final Integer call() throws Exception {
        FailOn policy = io.jenkins.plugins.odoorelease.common.Keyword.parse(FailOn.class, failOn, "--fail-on");
        outputs.prepare();
        OptionNames names = OptionNames.of(spec.commandLine());
        StderrEvents events = parent.events(names);
        StepReport report = run(events);
        PrintStream out = parent.out();
        outputs.write(report, parent.ciEnvironment().runInfo(), out);
        if (!outputs.usesStdout()) {
            printSummary(report, out, names);
        }
        return policy.fails(report.verdict()) ? ExitCodes.VERDICT_FAILED : ExitCodes.PASS;
    }

    static void printSummary(StepReport report, PrintStream out) {
        printSummary(report, out, OptionNames.NONE);
    }

    /**
     * Prints the verdict and every finding above INFO. Findings name step parameters, as the report's parameter list
     * does, so the summary shows the options in their place. The report files keep the step's names.
     */
    static void printSummary(StepReport report, PrintStream out, OptionNames names) {
        out.println(report.step() + ": " + report.verdict() + (report.title().isEmpty() ? "" : " - " + report.title()));
        for (Finding finding : report.findings()) {
            if (finding.severity() != Severity.INFO) {
                out.println("  " + finding.severity() + " " + finding.code() + (finding.subject() == null ? "" : " [" + finding.subject() + "]")
                        + ": " + names.translateText(finding.message()));
            }
        }
        out.flush();
    }
}
