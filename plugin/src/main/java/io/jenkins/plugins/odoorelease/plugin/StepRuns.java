package io.jenkins.plugins.odoorelease.plugin;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.report.FailOn;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The common end of every step: keep the report, show it, apply {@code failOn} and return the result. */
final class StepRuns {

    private StepRuns() {
    }

    /**
     * Attaches the report to the build, prints its findings, and returns the step's result as plain maps and lists
     * that a Pipeline can keep across a restart.
     *
     * @throws AbortException when {@code failOn} fails this verdict; the report is attached first
     */
    static Map<String, Object> finish(Run<?, ?> run, TaskListener listener, StepReport report, FailOn failOn) throws AbortException {
        ReportAction action;
        // Parallel branches finish steps at the same time; numbering and adding under one lock keeps numbers unique.
        synchronized (run) {
            action = new ReportAction(report, ReportAction.nextNumber(run));
            run.addAction(action);
            ReleaseSummaryAction.ensureOn(run);
        }
        PrintStream logger = listener.getLogger();
        for (Finding finding : report.findings()) {
            if (finding.severity() != Severity.INFO) {
                logger.println(finding.severity() + " " + finding.code() + (finding.subject() == null ? "" : " [" + finding.subject() + "]")
                        + ": " + finding.message());
            }
        }
        logger.println(report.step() + ": " + report.verdict() + (report.title().isEmpty() ? "" : ": " + report.title()));
        if (failOn.fails(report.verdict())) {
            throw new AbortException(report.step() + " failed (" + report.verdict() + " with failOn: " + failOn.keyword() + "): "
                    + report.title() + ". The report is on the build page under '" + action.getDisplayName() + "'.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) plain(report.result());
        return result;
    }

    /** Turns a user's mistake into an error without a stack trace that lists every problem. */
    static AbortException abort(String step, InvalidInputException e) {
        List<Problem> problems = e.problems();
        if (problems.size() == 1) {
            return new AbortException(step + ": " + problems.get(0).describe());
        }
        return new AbortException(step + ": " + problems.size() + " problems:\n" + problems.stream()
                .map(problem -> "  - " + problem.describe()).collect(Collectors.joining("\n")));
    }

    /** Copies a result value into HashMaps and ArrayLists, which Pipeline serializes and the sandbox allows. */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value;
    }
}
