package io.jenkins.plugins.odoorelease.common;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats byte sizes: binary units ({@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}) are powers
 * of 1024 and decimal units ({@code kB}, {@code MB}, {@code GB}, {@code TB}) powers of 1000, as IEC 80000-13
 * defines them. A bare number counts bytes.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("b", 1L),
            Map.entry("kib", 1L << 10),
            Map.entry("mib", 1L << 20),
            Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40),
            Map.entry("kb", 1_000L),
            Map.entry("mb", 1_000_000L),
            Map.entry("gb", 1_000_000_000L),
            Map.entry("tb", 1_000_000_000_000L));
    private static final String EXPECTED = "expected a number and a unit (B, KiB, MiB, GiB, TiB, kB, MB, GB, TB), for example 512MiB";

    private Sizes() {
    }

    /**
     * Parses {@code text} into a number of bytes, rounding a fractional result down.
     *
     * @param name the option, parameter or path that contains the value, used in the error message
     * @throws InvalidInputException when the text is empty, negative, has an unknown unit or is too large
     */
    public static long parse(String text, String name) throws InvalidInputException {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw InvalidInputException.forValue(name, text, "missing size: " + EXPECTED);
        }
        Matcher matcher = SIZE.matcher(trimmed);
        if (!matcher.matches()) {
            throw InvalidInputException.forValue(name, text, "invalid size: " + EXPECTED);
        }
        Long multiplier = UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        if (multiplier == null) {
            throw InvalidInputException.forValue(name, text, "unknown size unit '" + matcher.group(2) + "': " + EXPECTED);
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(multiplier));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw InvalidInputException.forValue(name, text, "size too large: " + EXPECTED);
        }
        return bytes.longValue();
    }

    /** Formats a byte count with a binary unit and one decimal, for example {@code 3.1 GiB} or {@code 512 B}. */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "-" + format(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
