package io.jenkins.plugins.odoorelease.freeze;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Reads the date and time values that calendars and options accept. */
final class TimeValues {

    static final String EXPECTED_TIME = "expected a local date-time such as 2027-11-26T09:00, a date such as 2027-11-26, "
            + "or an instant with an offset such as 2027-11-26T08:00:00Z";
    static final String EXPECTED_ZONE = "expected an IANA time zone such as Europe/Amsterdam, America/New_York or UTC";

    private TimeValues() {
    }

    /** A point in time as written: either wall-clock time, read in the window's zone, or an absolute instant. */
    sealed interface TimePoint permits Local, Absolute {

        /** Returns the wall-clock time in {@code zone}. */
        LocalDateTime local(ZoneId zone);

        Instant instant(ZoneId zone);
    }

    record Local(LocalDateTime value) implements TimePoint {

        @Override
        public LocalDateTime local(ZoneId zone) {
            return value;
        }

        @Override
        public Instant instant(ZoneId zone) {
            return LocalTimes.toInstant(value, zone);
        }
    }

    record Absolute(Instant value) implements TimePoint {

        @Override
        public LocalDateTime local(ZoneId zone) {
            return LocalDateTime.ofInstant(value, zone);
        }

        @Override
        public Instant instant(ZoneId zone) {
            return value;
        }
    }

    /** Parses a time point, or returns {@code null} when the text is not one of the accepted forms. */
    static TimePoint parseTimePoint(String text) {
        String trimmed = text.trim();
        try {
            return new Absolute(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeParseException e) {
            // not an instant with an offset; try the local forms
        }
        try {
            return new Local(LocalDateTime.parse(trimmed));
        } catch (DateTimeParseException e) {
            // not a local date-time; try a date
        }
        try {
            return new Local(LocalDate.parse(trimmed).atStartOfDay());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Parses a zone id, or returns {@code null} when it is not a known region or offset. */
    static ZoneId parseZone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }
}
