package io.jenkins.plugins.odoorelease.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Section.Chart} as inline SVG: axes with five ticks each, one polyline per series that breaks
 * at NaN values, a dot with a tooltip per point and a legend. No script is needed to show it.
 */
final class SvgChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 280;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 56;
    private static final int TICKS = 5;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SvgChart() {
    }

    static String render(Section.Chart chart) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Section.Series series : chart.series()) {
            for (Section.Point point : series.points()) {
                minX = Math.min(minX, point.x());
                maxX = Math.max(maxX, point.x());
                if (!Double.isNaN(point.y()) && !Double.isInfinite(point.y())) {
                    minY = Math.min(minY, point.y());
                    maxY = Math.max(maxY, point.y());
                }
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(HtmlRenderer.escape(chart.title())).append("\">");
        if (Double.isInfinite(minX) || Double.isInfinite(minY)) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">No data</text></svg>");
            return svg.toString();
        }
        if (minY > 0 && minY < (maxY - minY)) {
            minY = 0;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + Math.max(1, Math.abs(minY));
        }
        Scale scale = new Scale(minX, maxX, minY, maxY);
        appendAxes(svg, chart, scale);
        for (int i = 0; i < chart.series().size(); i++) {
            appendSeries(svg, chart.series().get(i), COLOURS[i % COLOURS.length], scale, chart.timeAxis());
        }
        appendLegend(svg, chart.series());
        return svg.append("</svg>").toString();
    }

    private record Scale(double minX, double maxX, double minY, double maxY) {

        double x(double value) {
            return LEFT + (value - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - (value - minY) / (maxY - minY) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static void appendAxes(StringBuilder svg, Section.Chart chart, Scale scale) {
        int plotBottom = HEIGHT - BOTTOM;
        svg.append("<g class=\"axes\" stroke=\"#888\" fill=\"none\"><line x1=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" x2=\"").append(LEFT).append("\" y2=\"").append(plotBottom).append("\"/><line x1=\"").append(LEFT)
                .append("\" y1=\"").append(plotBottom).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y2=\"")
                .append(plotBottom).append("\"/></g>");
        svg.append("<g class=\"ticks\" font-size=\"11\" fill=\"#444\">");
        String previousLabel = null;
        for (int i = 0; i <= TICKS; i++) {
            double yValue = scale.minY() + (scale.maxY() - scale.minY()) * i / TICKS;
            double y = scale.y(yValue);
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(coordinate(y + 4))
                    .append("\" text-anchor=\"end\">").append(HtmlRenderer.escape(Formats.number(yValue))).append("</text>");
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(coordinate(y)).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(coordinate(y)).append("\" stroke=\"#eee\"/>");
            double xValue = scale.minX() + (scale.maxX() - scale.minX()) * i / TICKS;
            String label = chart.timeAxis() ? TIME.format(Instant.ofEpochMilli((long) (xValue * 1000))) : Formats.number(xValue);
            // Points within one minute give equal time labels, which are drawn once.
            if (!label.equals(previousLabel)) {
                svg.append("<text x=\"").append(coordinate(scale.x(xValue))).append("\" y=\"").append(plotBottom + 16)
                        .append("\" text-anchor=\"middle\">").append(HtmlRenderer.escape(label)).append("</text>");
            }
            previousLabel = label;
        }
        svg.append("</g>");
        svg.append("<text class=\"axis-label\" x=\"").append((WIDTH + LEFT) / 2).append("\" y=\"").append(plotBottom + 32)
                .append("\" text-anchor=\"middle\" font-size=\"12\">").append(HtmlRenderer.escape(nullToEmpty(chart.xLabel())))
                .append("</text>");
        svg.append("<text class=\"axis-label\" transform=\"rotate(-90)\" x=\"").append(-(TOP + plotBottom) / 2)
                .append("\" y=\"14\" text-anchor=\"middle\" font-size=\"12\">")
                .append(HtmlRenderer.escape(nullToEmpty(chart.yLabel()))).append("</text>");
    }

    private static void appendSeries(StringBuilder svg, Section.Series series, String colour, Scale scale, boolean timeAxis) {
        svg.append("<g class=\"series\" data-series=\"").append(HtmlRenderer.escape(series.name())).append("\">");
        List<String> segment = new ArrayList<>();
        for (Section.Point point : series.points()) {
            if (Double.isNaN(point.y()) || Double.isInfinite(point.y())) {
                appendPolyline(svg, segment, colour);
                segment.clear();
                continue;
            }
            segment.add(coordinate(scale.x(point.x())) + "," + coordinate(scale.y(point.y())));
        }
        appendPolyline(svg, segment, colour);
        for (Section.Point point : series.points()) {
            if (Double.isNaN(point.y()) || Double.isInfinite(point.y())) {
                continue;
            }
            String x = timeAxis ? Formats.instant(Instant.ofEpochMilli((long) (point.x() * 1000))) : Formats.number(point.x());
            String tip = series.name() + ": " + Formats.number(point.y()) + " at " + x
                    + (point.label() == null ? "" : " (" + point.label() + ")");
            svg.append("<circle cx=\"").append(coordinate(scale.x(point.x()))).append("\" cy=\"")
                    .append(coordinate(scale.y(point.y()))).append("\" r=\"3\" fill=\"").append(colour).append("\"><title>")
                    .append(HtmlRenderer.escape(tip)).append("</title></circle>");
        }
        svg.append("</g>");
    }

    private static void appendPolyline(StringBuilder svg, List<String> points, String colour) {
        if (points.size() < 2) {
            return;
        }
        svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
                .append(String.join(" ", points)).append("\"/>");
    }

    private static void appendLegend(StringBuilder svg, List<Section.Series> series) {
        int x = LEFT;
        int y = HEIGHT - 8;
        svg.append("<g class=\"legend\" font-size=\"12\">");
        for (int i = 0; i < series.size(); i++) {
            String colour = COLOURS[i % COLOURS.length];
            svg.append("<rect x=\"").append(x).append("\" y=\"").append(y - 10).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(colour).append("\"/><text x=\"").append(x + 14).append("\" y=\"").append(y).append("\">")
                    .append(HtmlRenderer.escape(series.get(i).name())).append("</text>");
            x += 24 + 7 * series.get(i).name().length();
        }
        svg.append("</g>");
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
