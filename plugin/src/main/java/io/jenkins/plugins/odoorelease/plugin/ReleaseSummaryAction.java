package io.jenkins.plugins.odoorelease.plugin;

import hudson.model.Run;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.HtmlRenderer;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * The release evidence of one build: the overall verdict, a link to every step's report, and the evidence bundle as
 * JSON and as a self-contained HTML page. It keeps no data of its own; it reads the build's {@link ReportAction}s,
 * so it always matches them.
 */
public final class ReleaseSummaryAction implements RunAction2 {

    private transient Run<?, ?> run;

    /** Adds the summary to a build that has none yet. */
    static void ensureOn(Run<?, ?> run) {
        if (run.getAction(ReleaseSummaryAction.class) == null) {
            run.addAction(new ReleaseSummaryAction());
        }
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

    public List<ReportAction> getReports() {
        return run == null ? List.of() : run.getActions(ReportAction.class);
    }

    /** The worst verdict of the build's reports. */
    public Verdict getVerdict() {
        return bundle().verdict();
    }

    public String getVerdictName() {
        return getVerdict().name().toLowerCase(Locale.ROOT);
    }

    /** Builds the evidence bundle from the build's reports, in the order the steps ran. */
    public EvidenceBundle bundle() {
        List<StepReport> reports = ReportAction.reportsOf(run);
        String url = null;
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins != null && jenkins.getRootUrl() != null) {
            url = jenkins.getRootUrl() + run.getUrl();
        }
        Instant written = reports.isEmpty() ? Instant.ofEpochMilli(run.getStartTimeInMillis())
                : reports.get(reports.size() - 1).finishedAt();
        return EvidenceBundle.of(new EvidenceBundle.RunInfo(run.getFullDisplayName(), url, null), written, reports);
    }

    /** Serves the bundle as JSON, the same format as the CLI's {@code evidence.json}. */
    public void doEvidenceJson(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"evidence.json\"");
        response.getOutputStream().write(ReportJson.toJson(bundle()).getBytes(StandardCharsets.UTF_8));
    }

    /** Serves the bundle as one self-contained HTML page, as a download, so that it opens outside Jenkins. */
    public void doEvidenceHtml(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"evidence.html\"");
        response.getOutputStream().write(HtmlRenderer.renderPage(bundle()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String getIconFileName() {
        return "symbol-overview";
    }

    @Override
    public String getDisplayName() {
        return "Odoo release evidence";
    }

    @Override
    public String getUrlName() {
        return "odoo-release";
    }
}
