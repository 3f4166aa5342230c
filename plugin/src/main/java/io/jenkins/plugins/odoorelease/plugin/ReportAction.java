package io.jenkins.plugins.odoorelease.plugin;

import hudson.model.Run;
import io.jenkins.plugins.odoorelease.report.HtmlRenderer;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The report of one step call, shown on the build page. A build holds one action per call, numbered in call
 * order, so a Pipeline that runs the freeze guard before each stage keeps every decision. The report is kept
 * as its JSON text, which outlives changes to the Java classes.
 */
public final class ReportAction implements RunAction2 {

    private final String step;
    private final int number;
    private final String json;

    private transient Run<?, ?> run;
    private transient StepReport report;

    ReportAction(StepReport report, int number) {
        this.step = report.step();
        this.number = number;
        this.json = ReportJson.toJson(report);
        this.report = report;
    }

    /** Returns the number the next report of {@code run} gets: one more than the reports it holds. */
    static int nextNumber(Run<?, ?> run) {
        return run.getActions(ReportAction.class).size() + 1;
    }

    /** Returns the reports of a build in call order. */
    public static List<StepReport> reportsOf(Run<?, ?> run) {
        List<StepReport> reports = new ArrayList<>();
        for (ReportAction action : run.getActions(ReportAction.class)) {
            reports.add(action.getReport());
        }
        return reports;
    }

    @Override
    public void onAttached(Run<?, ?> attachedTo) {
        this.run = attachedTo;
    }

    @Override
    public void onLoad(Run<?, ?> loadedFrom) {
        this.run = loadedFrom;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getStep() {
        return step;
    }

    public int getNumber() {
        return number;
    }

    public synchronized StepReport getReport() {
        if (report == null) {
            try {
                report = ReportJson.readReport(json);
            } catch (IOException e) {
                throw new UncheckedIOException("the stored report of " + step + " cannot be read", e);
            }
        }
        return report;
    }

    public Verdict getVerdict() {
        return getReport().verdict();
    }

    /** The verdict in lower case, for CSS classes and labels. */
    public String getVerdictName() {
        return getVerdict().name().toLowerCase(Locale.ROOT);
    }

    public String getTitle() {
        return getReport().title();
    }

    /** The report as HTML, escaped by the renderer; the views print it without escaping it again. */
    public String getReportHtml() {
        return HtmlRenderer.renderBody(getReport());
    }

    /** Serves the report's style sheet, so that the page needs no inline style. */
    public void doStylesheet(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        response.setContentType("text/css;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.getOutputStream().write(HtmlRenderer.stylesheet().getBytes(StandardCharsets.UTF_8));
    }

    /** Serves the report as JSON, the format the CLI's {@code --json} writes. */
    public void doJson(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    /** No side-panel link: a build can hold many reports, and its release evidence page links each one. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return step + " report" + (number > 1 ? " #" + number : "");
    }

    @Override
    public String getUrlName() {
        return "odoo-release-" + number;
    }
}
