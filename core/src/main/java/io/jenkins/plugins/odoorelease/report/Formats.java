package io.jenkins.plugins.odoorelease.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formatting shared by the renderers, so that every output shows a value the same way. */
final class Formats {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String instant(Instant instant) {
        return instant == null ? "" : INSTANT.format(instant);
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    /** Renders a parameter or result value: lists joined by commas, maps as {@code key=value}. */
    static String value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Formats::value).collect(Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + "=" + value(entry.getValue()))
                    .collect(Collectors.joining(", "));
        }
        if (value instanceof Double number) {
            return number(number);
        }
        return String.valueOf(value);
    }

    static String measurement(Measurement measurement) {
        return number(measurement.value()) + " " + measurement.unit();
    }
}
