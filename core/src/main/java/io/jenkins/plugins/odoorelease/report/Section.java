package io.jenkins.plugins.odoorelease.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A block of step-specific content in a report: a table, a list of key and value pairs, or a chart. The
 * renderers know these three shapes, so a new capability adds content without touching them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Section.Table.class, name = "table"),
    @JsonSubTypes.Type(value = Section.KeyValues.class, name = "keyValues"),
    @JsonSubTypes.Type(value = Section.Chart.class, name = "chart")
})
public sealed interface Section permits Section.Table, Section.KeyValues, Section.Chart {

    String title();

    /** Rows of cells under column headings; every row has one cell per column. */
    record Table(String title, List<String> columns, List<List<String>> rows) implements Section {

        public Table {
            Objects.requireNonNull(title, "title");
            columns = List.copyOf(columns);
            List<List<String>> copied = new ArrayList<>();
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells for " + columns.size() + " columns");
                }
                List<String> cells = new ArrayList<>();
                row.forEach(cell -> cells.add(cell == null ? "" : cell));
                copied.add(Collections.unmodifiableList(cells));
            }
            rows = Collections.unmodifiableList(copied);
        }
    }

    /** Labelled values in a fixed order. */
    record KeyValues(String title, Map<String, String> entries) implements Section {

        public KeyValues {
            Objects.requireNonNull(title, "title");
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /**
     * A line chart of one or more series. With {@code timeAxis} set, x values are seconds since the epoch.
     * A point's y value may be NaN, which the renderers draw as a gap.
     */
    record Chart(String title, String xLabel, String yLabel, boolean timeAxis, List<Series> series) implements Section {

        public Chart {
            Objects.requireNonNull(title, "title");
            series = List.copyOf(series);
        }
    }

    /** One named line of a chart. */
    record Series(String name, List<Point> points) {

        public Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }
    }

    /** One point of a series, with an optional label shown on hover. */
    record Point(double x, double y, String label) {
    }
}
