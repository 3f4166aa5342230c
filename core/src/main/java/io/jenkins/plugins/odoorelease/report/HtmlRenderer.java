package io.jenkins.plugins.odoorelease.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders reports and evidence bundles as self-contained HTML: styles are inline, charts are inline SVG, and
 * nothing is loaded from elsewhere, so a page can be archived and opened years later without a network.
 */
public final class HtmlRenderer {

    private static final String STYLE = """
            .odoo-release{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;line-height:1.4;max-width:1100px}
            .odoo-release h1{font-size:1.6em;margin:.4em 0}
            .odoo-release h2{font-size:1.3em;margin:1.2em 0 .4em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            .odoo-release h3{font-size:1.05em;margin:1em 0 .3em}
            .odoo-release table{border-collapse:collapse;margin:.3em 0 1em;font-size:.92em}
            .odoo-release th,.odoo-release td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
            .odoo-release th{background:#f4f4f4}
            .odoo-release .verdict{display:inline-block;padding:.05em .6em;border-radius:.8em;font-weight:600;font-size:.85em}
            .odoo-release .verdict-PASS{background:#d8f3dc;color:#1b5e20}
            .odoo-release .verdict-WARN{background:#fff3cd;color:#7a5b00}
            .odoo-release .verdict-FAIL{background:#f8d7da;color:#842029}
            .odoo-release .severity-ERROR{color:#842029;font-weight:600}
            .odoo-release .severity-WARNING{color:#7a5b00;font-weight:600}
            .odoo-release .muted{color:#666;font-size:.9em}
            .odoo-release code{background:#f4f4f4;padding:0 .25em;border-radius:3px}
            .odoo-release svg.chart{width:100%;max-width:720px;height:auto;border:1px solid #eee;background:#fff}
            .odoo-release table.nested{margin:0;font-size:1em}
            .odoo-release pre{white-space:pre-wrap;max-height:30em;overflow:auto;margin:.3em 0;font-size:.9em}
            """;

    private HtmlRenderer() {
    }

    /** Renders one report as a complete page. */
    public static String renderPage(StepReport report) {
        return page(report.step() + ": " + report.verdict(), fragmentBody(report, "h1", "report-1"));
    }

    /** Renders a whole evidence bundle as one complete page, with a summary that links to every report. */
    public static String renderPage(EvidenceBundle bundle) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Release evidence: ").append(escape(bundle.run().name())).append(' ').append(verdictBadge(bundle.verdict()))
                .append("</h1>");
        body.append("<p class=\"muted\">Schema ").append(escape(bundle.schema())).append(", written ")
                .append(escape(Formats.instant(bundle.createdAt())));
        if (bundle.run().revision() != null) {
            body.append(", revision <code>").append(escape(bundle.run().revision())).append("</code>");
        }
        if (bundle.run().url() != null) {
            body.append(", <a href=\"").append(escape(bundle.run().url())).append("\">run</a>");
        }
        body.append(".</p>");
        body.append("<table class=\"summary\"><tr><th>#</th><th>step</th><th>verdict</th><th>summary</th><th>finished</th></tr>");
        List<StepReport> reports = bundle.reports();
        for (int i = 0; i < reports.size(); i++) {
            StepReport report = reports.get(i);
            body.append("<tr><td>").append(i + 1).append("</td><td><a href=\"#report-").append(i + 1).append("\">")
                    .append(escape(report.step())).append("</a></td><td>").append(verdictBadge(report.verdict()))
                    .append("</td><td>").append(escape(report.title())).append("</td><td>")
                    .append(escape(Formats.instant(report.finishedAt()))).append("</td></tr>");
        }
        body.append("</table>");
        for (int i = 0; i < reports.size(); i++) {
            body.append(fragmentBody(reports.get(i), "h2", "report-" + (i + 1)));
        }
        return page("Release evidence: " + bundle.run().name(), body.toString());
    }

    /**
     * Renders one report as a fragment for embedding in another page, such as a Jenkins build page. The fragment
     * has no style of its own; the page links {@link #stylesheet()}.
     */
    public static String renderBody(StepReport report) {
        return "<div class=\"odoo-release\">" + fragmentBody(report, "h2", "report-1") + "</div>";
    }

    /** Returns the style sheet that the pages embed and that fragments need, scoped to the {@code odoo-release} class. */
    public static String stylesheet() {
        return STYLE;
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width,initial-scale=1\"><title>" + escape(title) + "</title><style>" + STYLE
                + "</style></head><body><main class=\"odoo-release\">" + body + "</main></body></html>\n";
    }

    private static String fragmentBody(StepReport report, String heading, String id) {
        String sub = heading.equals("h1") ? "h2" : "h3";
        StringBuilder html = new StringBuilder();
        html.append("<section class=\"report\" id=\"").append(id).append("\" data-step=\"").append(escape(report.step()))
                .append("\" data-verdict=\"").append(report.verdict()).append("\">");
        html.append('<').append(heading).append('>').append(escape(report.step())).append(' ')
                .append(verdictBadge(report.verdict())).append("</").append(heading).append('>');
        if (!report.title().isEmpty()) {
            html.append("<p class=\"title\">").append(escape(report.title())).append("</p>");
        }
        html.append("<p class=\"muted\">Started ").append(escape(Formats.instant(report.startedAt()))).append(", finished ")
                .append(escape(Formats.instant(report.finishedAt()))).append(".</p>");
        appendFindings(html, sub, report.findings());
        appendMap(html, sub, "Result", "result", report.result());
        for (Section section : report.sections()) {
            appendSection(html, sub, section);
        }
        appendMeasurements(html, sub, report.measurements());
        appendMap(html, sub, "Parameters", "parameters", report.parameters());
        return html.append("</section>").toString();
    }

    private static void appendFindings(StringBuilder html, String heading, List<Finding> findings) {
        html.append('<').append(heading).append(">Findings</").append(heading).append('>');
        if (findings.isEmpty()) {
            html.append("<p class=\"findings-none\">No findings.</p>");
            return;
        }
        html.append("<table class=\"findings\"><tr><th>severity</th><th>code</th><th>subject</th><th>message</th></tr>");
        for (Finding finding : findings) {
            html.append("<tr><td class=\"severity-").append(finding.severity()).append("\">").append(finding.severity())
                    .append("</td><td><code>").append(escape(finding.code())).append("</code></td><td>")
                    .append(escape(finding.subject())).append("</td><td>").append(escape(finding.message())).append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void appendMeasurements(StringBuilder html, String heading, List<Measurement> measurements) {
        if (measurements.isEmpty()) {
            return;
        }
        html.append('<').append(heading).append(">Measurements</").append(heading).append('>');
        html.append("<table class=\"measurements\"><tr><th>name</th><th>subject</th><th>value</th><th>limit</th>"
                + "<th>outcome</th><th>at</th></tr>");
        for (Measurement measurement : measurements) {
            html.append("<tr><td>").append(escape(measurement.name())).append("</td><td>").append(escape(measurement.subject()))
                    .append("</td><td>").append(escape(Formats.measurement(measurement))).append("</td><td>")
                    .append(measurement.limit() == null ? "" : escape(Formats.number(measurement.limit()))).append("</td><td>")
                    .append(escape(measurement.outcome())).append("</td><td>").append(escape(Formats.instant(measurement.at())))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void appendSection(StringBuilder html, String heading, Section section) {
        html.append('<').append(heading).append('>').append(escape(section.title())).append("</").append(heading).append('>');
        if (section instanceof Section.Table table) {
            html.append("<table class=\"section-table\"><tr>");
            for (String column : table.columns()) {
                html.append("<th>").append(escape(column)).append("</th>");
            }
            html.append("</tr>");
            for (List<String> row : table.rows()) {
                html.append("<tr>");
                for (String cell : row) {
                    html.append("<td>").append(escape(cell)).append("</td>");
                }
                html.append("</tr>");
            }
            if (table.rows().isEmpty()) {
                html.append("<tr><td colspan=\"").append(table.columns().size()).append("\" class=\"muted\">None.</td></tr>");
            }
            html.append("</table>");
        } else if (section instanceof Section.KeyValues keyValues) {
            html.append("<table class=\"section-keyvalues\">");
            for (Map.Entry<String, String> entry : keyValues.entries().entrySet()) {
                html.append("<tr><th>").append(escape(entry.getKey())).append("</th><td>").append(escape(entry.getValue()))
                        .append("</td></tr>");
            }
            html.append("</table>");
        } else if (section instanceof Section.Chart chart) {
            html.append("<figure class=\"section-chart\">").append(SvgChart.render(chart)).append("</figure>");
        }
    }

    private static void appendMap(StringBuilder html, String heading, String title, String cssClass, Map<String, Object> map) {
        if (map.isEmpty()) {
            return;
        }
        html.append('<').append(heading).append('>').append(title).append("</").append(heading).append('>');
        html.append("<table class=\"").append(cssClass).append("\">");
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            html.append("<tr><th>").append(escape(entry.getKey())).append("</th><td>");
            appendValue(html, entry.getValue(), 0);
            html.append("</td></tr>");
        }
        html.append("</table>");
    }

    /**
     * Renders a parameter or result value as a table where that reads better. A map becomes a small table of keys,
     * and a list of maps (such as the canary's planned objects) a table with one row each. Text of several lines is
     * folded under its first line, and values nested deeper fall back to one line of text.
     */
    private static void appendValue(StringBuilder html, Object value, int depth) {
        if (depth < 2 && value instanceof Map<?, ?> map && !map.isEmpty()) {
            html.append("<table class=\"nested\">");
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                html.append("<tr><th>").append(escape(String.valueOf(entry.getKey()))).append("</th><td>");
                appendValue(html, entry.getValue(), depth + 1);
                html.append("</td></tr>");
            }
            html.append("</table>");
        } else if (depth < 2 && value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance)) {
            Set<Object> columns = new LinkedHashSet<>();
            list.forEach(row -> columns.addAll(((Map<?, ?>) row).keySet()));
            html.append("<table class=\"nested\"><tr>");
            columns.forEach(column -> html.append("<th>").append(escape(String.valueOf(column))).append("</th>"));
            html.append("</tr>");
            for (Object row : list) {
                html.append("<tr>");
                for (Object column : columns) {
                    html.append("<td>");
                    appendValue(html, ((Map<?, ?>) row).get(column), depth + 1);
                    html.append("</td>");
                }
                html.append("</tr>");
            }
            html.append("</table>");
        } else if (value instanceof String text && text.strip().contains("\n")) {
            String[] lines = text.strip().split("\n", -1);
            html.append("<details><summary>").append(escape(lines[0])).append(" (").append(lines.length).append(" lines)</summary><pre>")
                    .append(escape(text.strip())).append("</pre></details>");
        } else {
            html.append(escape(Formats.value(value)));
        }
    }

    private static String verdictBadge(Verdict verdict) {
        return "<span class=\"verdict verdict-" + verdict + "\">" + verdict.name().toLowerCase(Locale.ROOT) + "</span>";
    }

    /** Escapes text for HTML element content and quoted attribute values; null becomes empty. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
