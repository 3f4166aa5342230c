package io.jenkins.plugins.odoorelease.report;

import java.util.List;
import java.util.Map;

/** Renders reports as GitHub-flavoured Markdown, for job summaries and merge request comments. */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    public static String render(StepReport report) {
        StringBuilder md = new StringBuilder();
        appendReport(md, report, "#");
        return md.toString();
    }

    public static String render(EvidenceBundle bundle) {
        StringBuilder md = new StringBuilder();
        md.append("# Release evidence: ").append(escape(bundle.run().name())).append("\n\n");
        md.append("Verdict: **").append(bundle.verdict()).append("**");
        if (bundle.run().revision() != null) {
            md.append(" · revision `").append(bundle.run().revision()).append('`');
        }
        md.append("\n\n");
        md.append("| step | verdict | summary |\n|---|---|---|\n");
        for (StepReport report : bundle.reports()) {
            md.append("| ").append(report.step()).append(" | ").append(report.verdict()).append(" | ")
                    .append(escape(report.title())).append(" |\n");
        }
        for (StepReport report : bundle.reports()) {
            md.append('\n');
            appendReport(md, report, "##");
        }
        return md.toString();
    }

    private static void appendReport(StringBuilder md, StepReport report, String heading) {
        String sub = heading + "#";
        md.append(heading).append(' ').append(report.step()).append(": ").append(report.verdict()).append("\n\n");
        if (!report.title().isEmpty()) {
            md.append(escape(report.title())).append("\n\n");
        }
        md.append("Started ").append(Formats.instant(report.startedAt())).append(", finished ")
                .append(Formats.instant(report.finishedAt())).append(".\n\n");
        if (!report.findings().isEmpty()) {
            md.append(sub).append(" Findings\n\n| severity | code | subject | message |\n|---|---|---|---|\n");
            for (Finding finding : report.findings()) {
                md.append("| ").append(finding.severity()).append(" | `").append(finding.code()).append("` | ")
                        .append(escape(nullToEmpty(finding.subject()))).append(" | ").append(escape(finding.message()))
                        .append(" |\n");
            }
            md.append('\n');
        }
        appendMap(md, sub + " Result", report.result());
        for (Section section : report.sections()) {
            appendSection(md, sub, section);
        }
        if (!report.measurements().isEmpty()) {
            md.append(sub).append(" Measurements\n\n| name | subject | value | limit | outcome |\n|---|---|---|---|---|\n");
            for (Measurement measurement : report.measurements()) {
                md.append("| ").append(measurement.name()).append(" | ").append(escape(nullToEmpty(measurement.subject())))
                        .append(" | ").append(Formats.measurement(measurement)).append(" | ")
                        .append(measurement.limit() == null ? "" : Formats.number(measurement.limit())).append(" | ")
                        .append(nullToEmpty(measurement.outcome())).append(" |\n");
            }
            md.append('\n');
        }
        appendMap(md, sub + " Parameters", report.parameters());
    }

    private static void appendSection(StringBuilder md, String heading, Section section) {
        md.append(heading).append(' ').append(escape(section.title())).append("\n\n");
        if (section instanceof Section.Table table) {
            md.append("| ").append(String.join(" | ", table.columns().stream().map(MarkdownRenderer::escape).toList()))
                    .append(" |\n|").append("---|".repeat(table.columns().size())).append('\n');
            for (List<String> row : table.rows()) {
                md.append("| ").append(String.join(" | ", row.stream().map(MarkdownRenderer::escape).toList())).append(" |\n");
            }
        } else if (section instanceof Section.KeyValues keyValues) {
            for (Map.Entry<String, String> entry : keyValues.entries().entrySet()) {
                md.append("- **").append(escape(entry.getKey())).append("**: ").append(escape(entry.getValue())).append('\n');
            }
        } else if (section instanceof Section.Chart chart) {
            md.append("Chart with ").append(chart.series().size()).append(" series; the HTML report draws it.\n");
            for (Section.Series series : chart.series()) {
                md.append("- ").append(escape(series.name())).append(": ").append(series.points().size()).append(" points\n");
            }
        }
        md.append('\n');
    }

    private static void appendMap(StringBuilder md, String heading, Map<String, Object> map) {
        if (map.isEmpty()) {
            return;
        }
        md.append(heading).append("\n\n| key | value |\n|---|---|\n");
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            md.append("| ").append(escape(entry.getKey())).append(" | ").append(escape(Formats.value(entry.getValue())))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /**
     * Escapes every character that would break a table cell or start Markdown formatting, a link or an image, so that
     * text from a calendar or a manifest shows as text in a job summary or merge request comment.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '|', '*', '_', '[', ']', '(', ')', '!', '`', '#', '~' ->
                        escaped.append('\\').append(c);
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '\r' -> {
                    // dropped: a line break is written as <br> for the \n that follows
                }
                case '\n' -> escaped.append("<br>");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
