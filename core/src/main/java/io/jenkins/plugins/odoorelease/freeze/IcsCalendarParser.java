package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.property.DateListProperty;
import net.fortuna.ical4j.model.property.DateProperty;

/**
 * Reads iCalendar ({@code .ics}) files, the export of the shared calendars that retail teams keep. Every VEVENT
 * becomes a window; RRULE, RDATE, EXDATE and RECURRENCE-ID overrides are honoured, and cancelled events or
 * instances are left out. Severity and scope come from the import's defaults unless the event sets them with
 * {@code X-ODOO-RELEASE-SEVERITY}, {@code X-ODOO-RELEASE-ENVIRONMENTS}, {@code X-ODOO-RELEASE-TENANTS} or
 * {@code X-ODOO-RELEASE-CHANGE-TYPES}.
 */
final class IcsCalendarParser {

    /** Defaults for an imported event that does not set its own. */
    record Defaults(WindowSeverity severity, String category, Scope scope, ZoneId zone) {
    }

    private final CalendarSource source;
    private final Defaults defaults;
    private final List<Problem> problems = new ArrayList<>();
    private final List<FreezeWindow> windows = new ArrayList<>();
    private ZoneId floatingZone;

    private IcsCalendarParser(CalendarSource source, Defaults defaults) {
        this.source = source;
        this.defaults = defaults;
    }

    static CalendarParseResult parse(CalendarSource source, Defaults defaults) {
        IcsCalendarParser parser = new IcsCalendarParser(source, defaults);
        parser.parseCalendar();
        return new CalendarParseResult(parser.windows, parser.problems);
    }

    private void problem(String path, String value, String message) {
        problems.add(new Problem(source.name(), path, value, message));
    }

    private void parseCalendar() {
        Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(source.content()));
        } catch (ParserException e) {
            problem("line " + e.getLineNo(), null, "invalid iCalendar file: " + e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            problem(null, null, "invalid iCalendar file: " + e.getMessage());
            return;
        }
        floatingZone = defaults.zone();
        Optional<Property> calendarZone = calendar.getProperty("X-WR-TIMEZONE");
        if (floatingZone == null && calendarZone.isPresent()) {
            floatingZone = TimeValues.parseZone(calendarZone.get().getValue());
            if (floatingZone == null) {
                problem("X-WR-TIMEZONE", calendarZone.get().getValue(), "unknown time zone; " + TimeValues.EXPECTED_ZONE);
            }
        }
        List<CalendarComponent> events = calendar.getComponents("VEVENT");
        Map<String, List<Integer>> overridesByUid = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Component event = events.get(i);
            if (event.getProperty("RECURRENCE-ID").isPresent()) {
                overridesByUid.computeIfAbsent(value(event, "UID"), uid -> new ArrayList<>()).add(i);
            }
        }
        Set<String> masterUids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Component event = events.get(i);
            if (event.getProperty("RECURRENCE-ID").isEmpty()) {
                String uid = value(event, "UID");
                masterUids.add(uid);
                List<Component> overrides = overridesByUid.getOrDefault(uid, List.of()).stream().<Component>map(events::get).toList();
                window(event, i, overrides);
            }
        }
        // An export can hold one occurrence of a series without the series itself, for example when someone was
        // invited to that occurrence only. It still freezes, as a one-off window at its own DTSTART.
        for (Map.Entry<String, List<Integer>> instances : overridesByUid.entrySet()) {
            if (!masterUids.contains(instances.getKey())) {
                for (int index : instances.getValue()) {
                    window(events.get(index), index, List.of());
                }
            }
        }
        if (events.isEmpty()) {
            problem(null, null, "the iCalendar file has no VEVENT; export the calendar with its events");
        }
    }

    private void window(Component event, int index, List<Component> overrides) {
        String uid = value(event, "UID");
        String path = "VEVENT[" + index + "]" + (uid == null ? "" : " (UID " + uid + ")");
        boolean orphanInstance = event.getProperty("RECURRENCE-ID").isPresent();
        if ("CANCELLED".equalsIgnoreCase(value(event, "STATUS"))) {
            return;
        }
        int before = problems.size();
        String id = value(event, "X-ODOO-RELEASE-ID");
        if (id == null) {
            id = idFrom(uid, index);
            if (orphanInstance) {
                id = id + ":" + value(event, "RECURRENCE-ID").replaceAll("[^A-Za-z0-9]", "");
            }
        } else if (!YamlCalendarParser.ID.matcher(id).matches()) {
            problem(path + ".X-ODOO-RELEASE-ID", id, "invalid window id; use letters, digits, '.', '_', ':' and '-'");
        }
        WindowSeverity severity = defaults.severity();
        String severityText = value(event, "X-ODOO-RELEASE-SEVERITY");
        if (severityText != null) {
            severity = keyword(WindowSeverity.class, severityText, path + ".X-ODOO-RELEASE-SEVERITY");
        }
        Scope scope = scope(event, path);
        Optional<Property> startProperty = event.getProperty("DTSTART");
        if (startProperty.isEmpty()) {
            problem(path + ".DTSTART", null, "missing DTSTART; every event needs a start");
            return;
        }
        When start = when(startProperty.get(), path + ".DTSTART");
        if (start == null || problems.size() > before) {
            return;
        }
        WindowLength length = length(event, path, start);
        if (length == null) {
            return;
        }
        WindowTiming timing = timing(event, path, start, length, overrides);
        if (timing == null || problems.size() > before) {
            return;
        }
        String category = value(event, "CATEGORIES");
        if (category != null && category.contains(",")) {
            category = category.substring(0, category.indexOf(',')).trim();
        }
        windows.add(new FreezeWindow(id, value(event, "SUMMARY"), category == null ? defaults.category() : category,
                severity, scope, timing, source.name(), source.origin(), path, value(event, "DESCRIPTION")));
    }

    private WindowTiming timing(Component event, String path, When start, WindowLength length, List<Component> overrides) {
        boolean recurring = event.getProperty("RECURRENCE-ID").isEmpty()
                && (event.getProperty("RRULE").isPresent() || event.getProperty("RDATE").isPresent());
        if (!recurring) {
            Instant startInstant = LocalTimes.toInstant(start.local(), start.zone());
            return new OneOffTiming(new Interval(startInstant, length.end(start.local(), start.zone())), start.zone());
        }
        Recur<LocalDateTime> recur = null;
        String ruleText = null;
        Optional<Property> rule = event.getProperty("RRULE");
        if (rule.isPresent()) {
            ruleText = rule.get().getValue();
            recur = RecurrenceRules.parse(ruleText, start.zone());
            if (recur == null) {
                problem(path + ".RRULE", ruleText, RecurrenceRules.INVALID);
                return null;
            }
        }
        Set<LocalDateTime> excludedStarts = new LinkedHashSet<>();
        Set<LocalDate> excludedDates = new LinkedHashSet<>();
        for (Property exdate : event.getProperties("EXDATE")) {
            for (Temporal value : dates(exdate, path + ".EXDATE")) {
                if (value instanceof LocalDate date) {
                    excludedDates.add(date);
                } else {
                    excludedStarts.add(localIn(value, exdate, start.zone()));
                }
            }
        }
        List<LocalDateTime> additional = new ArrayList<>();
        for (Property rdate : event.getProperties("RDATE")) {
            for (Temporal value : dates(rdate, path + ".RDATE")) {
                additional.add(value instanceof LocalDate date ? date.atTime(start.local().toLocalTime()) : localIn(value, rdate, start.zone()));
            }
        }
        Map<LocalDateTime, Interval> replaced = new LinkedHashMap<>();
        for (Component override : overrides) {
            String overridePath = path + ".RECURRENCE-ID " + value(override, "RECURRENCE-ID");
            When recurrenceId = when(override.getProperty("RECURRENCE-ID").get(), overridePath);
            if (recurrenceId == null) {
                continue;
            }
            LocalDateTime original = localIn(recurrenceId, start.zone());
            if ("CANCELLED".equalsIgnoreCase(value(override, "STATUS"))) {
                excludedStarts.add(original);
                continue;
            }
            When movedStart = override.getProperty("DTSTART").map(p -> when(p, overridePath + ".DTSTART")).orElse(recurrenceId);
            WindowLength movedLength = override.getProperty("DTEND").isPresent() || override.getProperty("DURATION").isPresent()
                    ? length(override, overridePath, movedStart) : length;
            if (movedStart != null && movedLength != null) {
                replaced.put(original, new Interval(LocalTimes.toInstant(movedStart.local(), movedStart.zone()),
                        movedLength.end(movedStart.local(), movedStart.zone())));
            }
        }
        return new RecurrenceTiming(start.local(), start.zone(), recur, ruleText, length, excludedStarts, excludedDates,
                additional, replaced);
    }

    /** A DTSTART-like value on the wall clock, with the zone it is read in. */
    private record When(LocalDateTime local, ZoneId zone, boolean allDay) {
    }

    private When when(Property property, String path) {
        Temporal value;
        try {
            value = ((DateProperty<?>) property).getDate();
        } catch (RuntimeException e) {
            String tzid = property.getParameter("TZID").map(Parameter::getValue).orElse(null);
            String message = tzid != null && TimeValues.parseZone(tzid) == null
                    ? "unknown TZID '" + tzid + "' and no VTIMEZONE for it in the file; " + TimeValues.EXPECTED_ZONE
                    : "invalid date-time: " + e.getMessage();
            problem(path, rawValue(property), message);
            return null;
        }
        if (value instanceof ZonedDateTime zoned) {
            return new When(zoned.toLocalDateTime(), zoneOf(property, zoned), false);
        }
        if (value instanceof OffsetDateTime offset) {
            return new When(offset.atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime(), ZoneOffset.UTC, false);
        }
        if (value instanceof Instant instant) {
            return new When(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), ZoneOffset.UTC, false);
        }
        if (floatingZone == null) {
            problem(path, property.getValue(), "the time has no zone (a floating time or an all-day event); set 'timeZone' "
                    + "on the import, or X-WR-TIMEZONE in the file");
            return null;
        }
        if (value instanceof LocalDateTime local) {
            return new When(local, floatingZone, false);
        }
        if (value instanceof LocalDate date) {
            return new When(date.atStartOfDay(), floatingZone, true);
        }
        problem(path, property.getValue(), "unsupported date-time value");
        return null;
    }

    /** Prefers the IANA zone the TZID names; a custom VTIMEZONE keeps the rules ical4j built from it. */
    private static ZoneId zoneOf(Property property, ZonedDateTime zoned) {
        Optional<Parameter> tzid = property.getParameter("TZID");
        if (tzid.isPresent()) {
            ZoneId named = TimeValues.parseZone(tzid.get().getValue());
            if (named != null) {
                return named;
            }
        }
        return zoned.getZone();
    }

    private LocalDateTime localIn(When when, ZoneId zone) {
        return when.zone().equals(zone) ? when.local()
                : LocalDateTime.ofInstant(LocalTimes.toInstant(when.local(), when.zone()), zone);
    }

    private LocalDateTime localIn(Temporal value, Property property, ZoneId zone) {
        if (value instanceof ZonedDateTime zoned) {
            ZoneId valueZone = zoneOf(property, zoned);
            return valueZone.equals(zone) ? zoned.toLocalDateTime()
                    : LocalDateTime.ofInstant(LocalTimes.toInstant(zoned.toLocalDateTime(), valueZone), zone);
        }
        if (value instanceof OffsetDateTime offset) {
            return LocalDateTime.ofInstant(offset.toInstant(), zone);
        }
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, zone);
        }
        return (LocalDateTime) value;
    }

    private List<Temporal> dates(Property property, String path) {
        if (property.getParameter("VALUE").map(Parameter::getValue).filter("PERIOD"::equalsIgnoreCase).isPresent()) {
            problem(path, rawValue(property), "periods (VALUE=PERIOD) are not supported; list start dates or times instead");
            return List.of();
        }
        try {
            @SuppressWarnings("unchecked")
            List<Temporal> values = (List<Temporal>) ((DateListProperty<?>) property).getDates();
            return values;
        } catch (RuntimeException e) {
            problem(path, rawValue(property), "invalid date list: " + e.getMessage());
            return List.of();
        }
    }

    /** Returns the property's text, or a placeholder when ical4j cannot even format it (an unknown zone, say). */
    private static String rawValue(Property property) {
        try {
            return property.getValue();
        } catch (RuntimeException e) {
            return property.getName() + " (unreadable)";
        }
    }

    private WindowLength length(Component event, String path, When start) {
        Optional<Property> end = event.getProperty("DTEND");
        Optional<Property> duration = event.getProperty("DURATION");
        if (end.isPresent()) {
            When endWhen = when(end.get(), path + ".DTEND");
            if (endWhen == null) {
                return null;
            }
            if (start.allDay() && endWhen.allDay()) {
                long days = ChronoUnit.DAYS.between(start.local().toLocalDate(), endWhen.local().toLocalDate());
                if (days <= 0) {
                    problem(path + ".DTEND", end.get().getValue(), "the end is not after the start");
                    return null;
                }
                return new WindowLength(days, Duration.ZERO);
            }
            // RFC 5545 section 3.8.5.3: a DTEND gives every occurrence the same exact duration.
            Duration exact = Duration.between(LocalTimes.toInstant(start.local(), start.zone()),
                    LocalTimes.toInstant(endWhen.local(), endWhen.zone()));
            if (exact.isNegative() || exact.isZero()) {
                problem(path + ".DTEND", end.get().getValue(), "the end is not after the start");
                return null;
            }
            return new WindowLength(0, exact);
        }
        if (duration.isPresent()) {
            WindowLength length = durationValue(rawValue(duration.get()));
            if (length == null) {
                problem(path + ".DURATION", rawValue(duration.get()), "invalid duration; expected a positive RFC 5545 duration "
                        + "such as PT2H, P1D or P1DT12H");
            }
            return length;
        }
        // RFC 5545 section 3.6.1: without DTEND or DURATION an all-day event lasts one day, a timed one no time at all.
        if (start.allDay()) {
            return new WindowLength(1, Duration.ZERO);
        }
        problem(path + ".DTEND", null, "missing DTEND or DURATION; an event without them takes no time and freezes nothing");
        return null;
    }

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(
            "\\+?P(?:(\\d+)W|(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?)");

    /**
     * Reads an RFC 5545 duration (section 3.3.6) keeping its two parts apart: weeks and days are calendar days,
     * hours, minutes and seconds exact. ical4j would turn {@code P1DT12H} into 36 exact hours.
     */
    static WindowLength durationValue(String text) {
        java.util.regex.Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            return null;
        }
        try {
            long days = matcher.group(1) != null ? Math.multiplyExact(Long.parseLong(matcher.group(1)), 7)
                    : matcher.group(2) != null ? Long.parseLong(matcher.group(2)) : 0;
            Duration exact = Duration.ofHours(matcher.group(3) == null ? 0 : Long.parseLong(matcher.group(3)))
                    .plusMinutes(matcher.group(4) == null ? 0 : Long.parseLong(matcher.group(4)))
                    .plusSeconds(matcher.group(5) == null ? 0 : Long.parseLong(matcher.group(5)));
            if (days == 0 && exact.isZero() || Duration.ofDays(days).plus(exact).compareTo(io.jenkins.plugins.odoorelease.common.Durations.MAX) > 0) {
                return null;
            }
            return new WindowLength(days, exact);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    private Scope scope(Component event, String path) {
        List<String> environments = list(value(event, "X-ODOO-RELEASE-ENVIRONMENTS"));
        List<String> tenants = list(value(event, "X-ODOO-RELEASE-TENANTS"));
        Set<ChangeType> changeTypes = defaults.scope().changeTypes();
        List<String> typeNames = list(value(event, "X-ODOO-RELEASE-CHANGE-TYPES"));
        if (typeNames != null) {
            changeTypes = EnumSet.noneOf(ChangeType.class);
            for (String name : typeNames) {
                ChangeType type = keyword(ChangeType.class, name, path + ".X-ODOO-RELEASE-CHANGE-TYPES");
                if (type != null) {
                    changeTypes.add(type);
                }
            }
        }
        return new Scope(environments == null ? defaults.scope().environments() : environments,
                tenants == null ? defaults.scope().tenants() : tenants, changeTypes);
    }

    private static List<String> list(String text) {
        if (text == null) {
            return null;
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    private <E extends Enum<E> & Keyword> E keyword(Class<E> type, String text, String path) {
        try {
            return Keyword.parse(type, text, path);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems().stream().map(p -> p.inSource(source.name())).toList());
            return null;
        }
    }

    private String idFrom(String uid, int index) {
        String stem = source.name().replaceAll(".*[/\\\\> ]", "").replaceAll("\\.ics$", "");
        String base = uid == null ? "event-" + index : uid;
        String id = (stem + ":" + base).replaceAll("[^A-Za-z0-9._:-]", "-");
        id = id.replaceAll("^[^A-Za-z0-9]+", "");
        return id.length() > 128 ? id.substring(0, 128) : id;
    }

    private static String value(Component component, String name) {
        return component.getProperty(name).map(Property::getValue).map(String::trim).filter(text -> !text.isEmpty()).orElse(null);
    }
}
