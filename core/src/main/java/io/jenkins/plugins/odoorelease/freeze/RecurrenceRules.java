package io.jenkins.plugins.odoorelease.freeze;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Recur;

/** Parses RFC 5545 recurrence rules for expansion on the wall clock. */
final class RecurrenceRules {

    static final String INVALID = "invalid recurrence rule; expected an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO "
            + "or FREQ=MONTHLY;BYMONTHDAY=-1";

    private static final Pattern UNTIL = Pattern.compile("UNTIL=([0-9TZ]+)", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter BASIC_LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss", Locale.ROOT);
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);

    private RecurrenceRules() {
    }

    /** Removes a leading {@code RRULE:} so that both the property line and its value are accepted. */
    static String strip(String ruleText) {
        String trimmed = ruleText.trim();
        return trimmed.regionMatches(true, 0, "RRULE:", 0, 6) ? trimmed.substring(6).trim() : trimmed;
    }

    /**
     * Parses a rule to expand on local date-times in {@code zone}, or returns {@code null} when it is invalid.
     * RFC 5545 writes UNTIL in UTC when DTSTART has a zone; it is turned into the same instant's wall-clock
     * time in {@code zone} here, because the expansion runs on local times.
     */
    static Recur<LocalDateTime> parse(String ruleText, ZoneId zone) {
        String rule = strip(ruleText);
        if (!rule.toUpperCase(Locale.ROOT).contains("FREQ=")) {
            return null;
        }
        Matcher until = UNTIL.matcher(rule);
        if (until.find()) {
            String local = localUntil(until.group(1), zone);
            if (local == null) {
                return null;
            }
            rule = rule.substring(0, until.start(1)) + local + rule.substring(until.end(1));
        }
        try {
            Recur<LocalDateTime> recur = new Recur<>(rule);
            // ical4j reads some mistakes lazily, so expand once to surface them here rather than during a decision.
            LocalDateTime probe = LocalDateTime.of(2000, 1, 1, 0, 0);
            recur.getDates(probe, probe, probe.plusDays(1), 1);
            return recur;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String localUntil(String value, ZoneId zone) {
        try {
            if (value.endsWith("Z") || value.endsWith("z")) {
                LocalDateTime utc = LocalDateTime.parse(value.substring(0, value.length() - 1), BASIC_LOCAL);
                Instant instant = utc.toInstant(ZoneOffset.UTC);
                return BASIC_LOCAL.format(LocalDateTime.ofInstant(instant, zone));
            }
            if (value.length() == 8) {
                // A date-only UNTIL is inclusive: every occurrence starting on that day counts.
                return BASIC_LOCAL.format(LocalDate.parse(value, BASIC_DATE).atTime(23, 59, 59));
            }
            return BASIC_LOCAL.format(LocalDateTime.parse(value, BASIC_LOCAL));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
