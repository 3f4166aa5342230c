package io.jenkins.plugins.odoorelease.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats durations as people write them in pipelines: {@code 90m}, {@code 1h30m}, {@code 2d},
 * {@code 500ms}, {@code 1h 30m}, or ISO-8601 such as {@code PT1H30M}. A bare number is rejected because its
 * unit would be a guess.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)", Pattern.CASE_INSENSITIVE);
    private static final String EXPECTED = "expected a whole number and a unit (ms, s, m, h, d, w), for example 90m, 1h30m or 2d";
    /** The maximum duration accepted (100 years); longer ones overflow instant arithmetic and are typos anyway. */
    public static final Duration MAX = Duration.ofDays(36_525);

    private Durations() {
    }

    /** One number and unit of a duration such as the {@code 1h} of {@code 1h30m}. */
    public record Part(long amount, String unit) {
    }

    /**
     * Parses {@code text} into a duration where a day is 24 hours.
     *
     * @param name the option, parameter or path that contains the value, used in the error message
     * @throws InvalidInputException when the text is empty, negative, has no unit or is too large
     */
    public static Duration parse(String text, String name) throws InvalidInputException {
        Duration total = Duration.ZERO;
        for (Part part : parseParts(text, name)) {
            total = add(total, part, text, name);
        }
        if (total.compareTo(MAX) > 0) {
            throw InvalidInputException.forValue(name, text, "duration too large; the longest accepted is 36525d (100 years)");
        }
        return total;
    }

    /**
     * Splits {@code text} into its parts without adding them up, for callers that treat days as calendar
     * days rather than 24 hours. ISO-8601 input becomes the parts of the parsed duration.
     */
    public static List<Part> parseParts(String text, String name) throws InvalidInputException {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw InvalidInputException.forValue(name, text, "missing duration: " + EXPECTED);
        }
        if (trimmed.startsWith("-")) {
            throw InvalidInputException.forValue(name, text, "a duration cannot be negative: " + EXPECTED);
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            return isoParts(trimmed, name);
        }
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PART.matcher(trimmed);
        int position = 0;
        while (position < trimmed.length()) {
            if (Character.isWhitespace(trimmed.charAt(position))) {
                position++;
                continue;
            }
            if (!matcher.find(position) || matcher.start() != position) {
                String hint = trimmed.chars().allMatch(Character::isDigit) ? "add a unit: " : "";
                throw InvalidInputException.forValue(name, text, "invalid duration: " + hint + EXPECTED);
            }
            try {
                parts.add(new Part(Long.parseLong(matcher.group(1)), matcher.group(2).toLowerCase(Locale.ROOT)));
            } catch (NumberFormatException e) {
                throw InvalidInputException.forValue(name, text, "duration too large: " + EXPECTED);
            }
            position = matcher.end();
        }
        return parts;
    }

    private static List<Part> isoParts(String text, String name) throws InvalidInputException {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative()) {
                throw InvalidInputException.forValue(name, text, "a duration cannot be negative: " + EXPECTED);
            }
            if (duration.compareTo(MAX) > 0) {
                throw InvalidInputException.forValue(name, text, "duration too large; the longest accepted is 36525d (100 years)");
            }
            return List.of(new Part(duration.toMillis(), "ms"));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw InvalidInputException.forValue(name, text, "invalid ISO-8601 duration: " + EXPECTED);
        }
    }

    private static Duration add(Duration total, Part part, String text, String name) throws InvalidInputException {
        try {
            Duration partDuration = switch (part.unit()) {
                case "ms" -> Duration.ofMillis(part.amount());
                case "s" -> Duration.ofSeconds(part.amount());
                case "m" -> Duration.ofMinutes(part.amount());
                case "h" -> Duration.ofHours(part.amount());
                case "d" -> Duration.ofDays(part.amount());
                case "w" -> Duration.ofDays(Math.multiplyExact(part.amount(), 7));
                default -> throw new IllegalStateException("unit not matched by the pattern: " + part.unit());
            };
            return total.plus(partDuration);
        } catch (ArithmeticException e) {
            throw InvalidInputException.forValue(name, text, "duration too large: " + EXPECTED);
        }
    }

    /**
     * Formats a duration for people, with the two largest units that are not zero: {@code 850 ms},
     * {@code 12 s}, {@code 4 min 12 s}, {@code 1 h 30 min}, {@code 2 d 3 h}.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        long seconds = duration.getSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return hours > 0 ? days + " d " + hours + " h" : days + " d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + " h " + minutes + " min" : hours + " h";
        }
        if (minutes > 0) {
            return secs > 0 ? minutes + " min " + secs + " s" : minutes + " min";
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return secs + " s";
    }

    /** Formats a duration compactly in the syntax that {@link #parse} reads, for example {@code 1h30m}. */
    public static String formatCompact(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long seconds = duration.getSeconds();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        long millis = duration.toMillisPart();
        if (days > 0) {
            text.append(days).append('d');
        }
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (secs > 0) {
            text.append(secs).append('s');
        }
        if (millis > 0) {
            text.append(millis).append("ms");
        }
        return text.toString();
    }
}
