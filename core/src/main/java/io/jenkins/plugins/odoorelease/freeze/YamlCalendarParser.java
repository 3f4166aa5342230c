package io.jenkins.plugins.odoorelease.freeze;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Keyword;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Text;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.fortuna.ical4j.model.Recur;

/**
 * Reads freeze calendars in the YAML schema that {@code docs/steps/odooFreezeGuard.md} documents. Every
 * problem names its path ({@code windows[3].end}) and value; a window with a problem is left out and the
 * others are still read.
 */
final class YamlCalendarParser {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Set<String> TOP_KEYS = Set.of("version", "timeZone", "defaults", "windows", "imports");
    private static final Set<String> DEFAULT_KEYS = Set.of("severity", "category", "environments", "tenants", "changeTypes");
    private static final Set<String> WINDOW_KEYS = Set.of("id", "name", "category", "severity", "environments", "tenants",
            "changeTypes", "timeZone", "start", "end", "duration", "rrule", "except", "cron", "from", "until",
            "description", "owner");
    private static final Set<String> IMPORT_KEYS = Set.of("path", "severity", "category", "environments", "tenants",
            "changeTypes", "timeZone");
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Rejects a key given twice: otherwise the last would silently win and could drop a whole list of windows. */
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final CalendarSource source;
    private final List<Problem> problems = new ArrayList<>();
    private final List<FreezeWindow> windows = new ArrayList<>();

    private YamlCalendarParser(CalendarSource source) {
        this.source = source;
    }

    static CalendarParseResult parse(CalendarSource source) {
        YamlCalendarParser parser = new YamlCalendarParser(source);
        parser.parseDocument();
        return new CalendarParseResult(parser.windows, parser.problems);
    }

    private void problem(String path, JsonNode value, String message) {
        problems.add(new Problem(source.name(), path, value == null || value.isMissingNode() ? null : display(value), message));
    }

    private static String display(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private void parseDocument() {
        JsonNode root;
        try {
            root = YAML.readTree(source.content());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            problems.add(new Problem(source.name(), null, null, "invalid YAML" + where + ": " + e.getOriginalMessage()));
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(new Problem(source.name(), null, null, "the calendar is empty; add a 'windows' list"));
            return;
        }
        if (!root.isObject()) {
            problem("", root, "expected a mapping with the keys " + Text.quotedChoice(sorted(TOP_KEYS), "and"));
            return;
        }
        checkKeys(root, "", TOP_KEYS);
        JsonNode version = root.path("version");
        if (!version.isMissingNode() && !(version.canConvertToInt() && version.asInt() == 1 && !version.isTextual())) {
            problem("version", version, "unsupported calendar version; this release reads version 1");
        }
        ZoneId fileZone = null;
        if (root.has("timeZone")) {
            fileZone = zone(root.get("timeZone"), "timeZone");
        }
        Defaults defaults = defaults(root.path("defaults"));
        JsonNode windowList = root.path("windows");
        if (!windowList.isMissingNode() && !windowList.isArray()) {
            problem("windows", windowList, "expected a list of windows");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < windowList.size(); i++) {
                FreezeWindow window = window(windowList.get(i), "windows[" + i + "]", fileZone, defaults);
                if (window != null && !ids.add(window.id())) {
                    problem("windows[" + i + "].id", windowList.get(i).get("id"), "duplicate window id; every window needs its own id");
                } else if (window != null) {
                    windows.add(window);
                }
            }
        }
        JsonNode imports = root.path("imports");
        if (!imports.isMissingNode() && !imports.isArray()) {
            problem("imports", imports, "expected a list of iCalendar files to import");
        } else {
            for (int i = 0; i < imports.size(); i++) {
                importCalendar(imports.get(i), "imports[" + i + "]", fileZone, defaults);
            }
        }
        if (windowList.isMissingNode() && imports.isMissingNode()) {
            problem("", null, "the calendar has neither 'windows' nor 'imports'; add at least one window");
        }
    }

    /** Values that apply to every window of the file unless the window sets its own. */
    private record Defaults(WindowSeverity severity, String category, List<String> environments, List<String> tenants,
            Set<ChangeType> changeTypes) {
    }

    private Defaults defaults(JsonNode node) {
        if (node.isMissingNode()) {
            return new Defaults(null, null, null, null, null);
        }
        if (!node.isObject()) {
            problem("defaults", node, "expected a mapping of window defaults");
            return new Defaults(null, null, null, null, null);
        }
        checkKeys(node, "defaults", DEFAULT_KEYS);
        WindowSeverity severity = node.has("severity") ? keyword(WindowSeverity.class, node.get("severity"), "defaults.severity") : null;
        String category = node.has("category") ? text(node.get("category"), "defaults.category") : null;
        List<String> environments = node.has("environments") ? names(node.get("environments"), "defaults.environments") : null;
        List<String> tenants = node.has("tenants") ? names(node.get("tenants"), "defaults.tenants") : null;
        Set<ChangeType> changeTypes = node.has("changeTypes") ? changeTypes(node.get("changeTypes"), "defaults.changeTypes") : null;
        return new Defaults(severity, category, environments, tenants, changeTypes);
    }

    private FreezeWindow window(JsonNode node, String path, ZoneId fileZone, Defaults defaults) {
        int before = problems.size();
        if (!node.isObject()) {
            problem(path, node, "expected a mapping with at least 'id', a timing and 'severity'");
            return null;
        }
        checkKeys(node, path, WINDOW_KEYS);
        String id = null;
        if (!node.has("id")) {
            problem(path + ".id", null, "missing window id; give every window a unique id such as black-friday-2027");
        } else {
            id = text(node.get("id"), path + ".id");
            if (id != null && !ID.matcher(id).matches()) {
                problem(path + ".id", node.get("id"), "invalid window id; use letters, digits, '.', '_', ':' and '-', starting with a letter or digit");
            }
        }
        WindowSeverity severity = defaults.severity();
        if (node.has("severity")) {
            severity = keyword(WindowSeverity.class, node.get("severity"), path + ".severity");
        } else if (severity == null) {
            problem(path + ".severity", null, "missing severity; expected "
                    + Text.quotedChoice(Keyword.keywords(WindowSeverity.class), "or") + " here or in 'defaults'");
        }
        ZoneId zone = node.has("timeZone") ? zone(node.get("timeZone"), path + ".timeZone") : fileZone;
        if (zone == null && !node.has("timeZone")) {
            problem(path + ".timeZone", null, "missing time zone; set 'timeZone' on the window or at the top of the calendar ("
                    + TimeValues.EXPECTED_ZONE + ")");
        }
        Scope scope = new Scope(
                node.has("environments") ? orEmpty(names(node.get("environments"), path + ".environments"))
                        : defaults.environments() == null ? List.of() : defaults.environments(),
                node.has("tenants") ? orEmpty(names(node.get("tenants"), path + ".tenants"))
                        : defaults.tenants() == null ? List.of() : defaults.tenants(),
                node.has("changeTypes") ? orAll(changeTypes(node.get("changeTypes"), path + ".changeTypes"))
                        : defaults.changeTypes() == null ? EnumSet.allOf(ChangeType.class) : defaults.changeTypes());
        // Without a zone the window is dropped, but its timing is still read with UTC so that its own mistakes show too.
        WindowTiming timing = timing(node, path, zone == null ? ZoneOffset.UTC : zone);
        if (problems.size() > before || timing == null) {
            return null;
        }
        String category = node.has("category") ? text(node.get("category"), path + ".category") : defaults.category();
        String description = node.has("description") ? text(node.get("description"), path + ".description") : null;
        return new FreezeWindow(id, node.has("name") ? text(node.get("name"), path + ".name") : null, category, severity,
                scope, timing, source.name(), source.origin(), path, description);
    }

    private WindowTiming timing(JsonNode node, String path, ZoneId zone) {
        boolean hasRule = node.has("rrule");
        boolean hasCron = node.has("cron");
        if (hasRule && hasCron) {
            problem(path + ".cron", node.get("cron"), "a window recurs either by 'rrule' or by 'cron', not both; remove one");
            return null;
        }
        if (hasCron) {
            return cronTiming(node, path, zone);
        }
        if (hasRule) {
            return recurrenceTiming(node, path, zone);
        }
        return oneOffTiming(node, path, zone);
    }

    private WindowTiming oneOffTiming(JsonNode node, String path, ZoneId zone) {
        for (String key : List.of("except", "from", "until")) {
            if (node.has(key)) {
                problem(path + "." + key, node.get(key), "'" + key + "' applies only to recurring windows; remove it or add 'rrule' or 'cron'");
            }
        }
        if (!node.has("start")) {
            problem(path + ".start", null, "missing start; a window needs 'start' and 'end' (or 'duration'), "
                    + "an 'rrule' with 'start' and 'duration', or a 'cron' with 'duration'");
            return null;
        }
        TimeValues.TimePoint start = timePoint(node.get("start"), path + ".start");
        if (node.has("end") && node.has("duration")) {
            problem(path + ".duration", node.get("duration"), "give either 'end' or 'duration', not both");
            return null;
        }
        if (start == null) {
            return null;
        }
        Instant startInstant = start.instant(zone);
        Instant endInstant;
        if (node.has("end")) {
            TimeValues.TimePoint end = timePoint(node.get("end"), path + ".end");
            if (end == null) {
                return null;
            }
            endInstant = end.instant(zone);
            if (!endInstant.isAfter(startInstant)) {
                problem(path + ".end", node.get("end"), "the end is not after the start (" + display(node.get("start"))
                        + "); the end instant itself is not frozen, so a one-hour window from 10:00 ends at 11:00");
                return null;
            }
        } else if (node.has("duration")) {
            WindowLength length = length(node.get("duration"), path + ".duration");
            if (length == null) {
                return null;
            }
            endInstant = length.end(startInstant.atZone(zone));
        } else {
            problem(path + ".end", null, "missing end; give 'end' or 'duration' for a one-off window");
            return null;
        }
        return new OneOffTiming(new Interval(startInstant, endInstant), zone);
    }

    private WindowTiming recurrenceTiming(JsonNode node, String path, ZoneId zone) {
        if (node.has("end")) {
            problem(path + ".end", node.get("end"), "a recurring window takes 'duration', the length of each occurrence, not 'end'");
        }
        for (String key : List.of("from", "until")) {
            if (node.has(key)) {
                problem(path + "." + key, node.get(key), "'" + key + "' applies to cron windows; bound an rrule with its own UNTIL or COUNT");
            }
        }
        if (!node.has("start")) {
            problem(path + ".start", null, "missing start; an rrule window needs 'start', its first occurrence (DTSTART)");
        }
        if (!node.has("duration")) {
            problem(path + ".duration", null, "missing duration; give the length of each occurrence, such as 6h or 2d");
        }
        String ruleText = text(node.get("rrule"), path + ".rrule");
        TimeValues.TimePoint start = node.has("start") ? timePoint(node.get("start"), path + ".start") : null;
        WindowLength length = node.has("duration") ? length(node.get("duration"), path + ".duration") : null;
        if (ruleText == null || start == null || length == null) {
            return null;
        }
        Recur<LocalDateTime> recur = RecurrenceRules.parse(ruleText, zone);
        if (recur == null) {
            problem(path + ".rrule", node.get("rrule"), RecurrenceRules.INVALID);
            return null;
        }
        Set<LocalDateTime> excludedStarts = new LinkedHashSet<>();
        Set<LocalDate> excludedDates = new LinkedHashSet<>();
        JsonNode except = node.path("except");
        if (!except.isMissingNode()) {
            if (!except.isArray()) {
                problem(path + ".except", except, "expected a list of occurrence starts or dates to skip");
            } else {
                for (int i = 0; i < except.size(); i++) {
                    exception(except.get(i), path + ".except[" + i + "]", zone, excludedStarts, excludedDates);
                }
            }
        }
        return new RecurrenceTiming(start.local(zone), zone, recur, RecurrenceRules.strip(ruleText), length, excludedStarts,
                excludedDates, List.of(), Map.of());
    }

    private void exception(JsonNode node, String path, ZoneId zone, Set<LocalDateTime> starts, Set<LocalDate> dates) {
        String text = text(node, path);
        if (text == null) {
            return;
        }
        try {
            dates.add(LocalDate.parse(text.trim()));
            return;
        } catch (DateTimeParseException e) {
            // not a date: read it as an occurrence start
        }
        TimeValues.TimePoint point = timePoint(node, path);
        if (point != null) {
            starts.add(point.local(zone));
        }
    }

    private WindowTiming cronTiming(JsonNode node, String path, ZoneId zone) {
        for (String key : List.of("start", "end", "except")) {
            if (node.has(key)) {
                problem(path + "." + key, node.get(key), "'" + key + "' does not apply to a cron window; use 'from' and 'until' to bound it");
            }
        }
        if (!node.has("duration")) {
            problem(path + ".duration", null, "missing duration; a cron window needs the length of each occurrence, such as 6h");
        }
        String expression = text(node.get("cron"), path + ".cron");
        WindowLength length = node.has("duration") ? length(node.get("duration"), path + ".duration") : null;
        LocalDate from = node.has("from") ? date(node.get("from"), path + ".from") : null;
        LocalDate until = node.has("until") ? date(node.get("until"), path + ".until") : null;
        if (from != null && until != null && until.isBefore(from)) {
            problem(path + ".until", node.get("until"), "'until' is before 'from' (" + from + ")");
            return null;
        }
        if (expression == null || length == null) {
            return null;
        }
        Cron cron;
        try {
            cron = CRON.parse(expression.trim()).validate();
        } catch (IllegalArgumentException e) {
            problem(path + ".cron", node.get("cron"), "invalid cron expression (" + e.getMessage()
                    + "); expected five fields: minute hour day-of-month month day-of-week, for example '0 22 * * SUN'");
            return null;
        }
        return new CronTiming(expression.trim(), cron, zone, length, from, until);
    }

    private void importCalendar(JsonNode node, String path, ZoneId fileZone, Defaults defaults) {
        if (!node.isObject() || !node.has("path")) {
            problem(path + ".path", node.path("path"), "missing path of the iCalendar file to import");
            return;
        }
        checkKeys(node, path, IMPORT_KEYS);
        String importPath = text(node.get("path"), path + ".path");
        int before = problems.size();
        WindowSeverity severity = node.has("severity") ? keyword(WindowSeverity.class, node.get("severity"), path + ".severity")
                : defaults.severity();
        ZoneId zone = node.has("timeZone") ? zone(node.get("timeZone"), path + ".timeZone") : fileZone;
        List<String> environments = node.has("environments") ? orEmpty(names(node.get("environments"), path + ".environments"))
                : defaults.environments();
        List<String> tenants = node.has("tenants") ? orEmpty(names(node.get("tenants"), path + ".tenants")) : defaults.tenants();
        Set<ChangeType> changeTypes = node.has("changeTypes") ? orAll(changeTypes(node.get("changeTypes"), path + ".changeTypes"))
                : defaults.changeTypes();
        String category = node.has("category") ? text(node.get("category"), path + ".category") : defaults.category();
        if (problems.size() > before || importPath == null) {
            return;
        }
        String content;
        try {
            content = source.imports().read(importPath);
        } catch (IOException e) {
            problem(path + ".path", node.get("path"), "cannot read the imported calendar: " + e.getMessage());
            return;
        }
        IcsCalendarParser.Defaults icsDefaults = new IcsCalendarParser.Defaults(
                severity == null ? WindowSeverity.BLOCK : severity,
                category,
                new Scope(environments == null ? List.of() : environments, tenants == null ? List.of() : tenants,
                        changeTypes == null ? EnumSet.allOf(ChangeType.class) : changeTypes),
                zone);
        CalendarSource imported = new CalendarSource(source.name() + " > " + importPath, content, source.origin(), source.imports());
        CalendarParseResult result = IcsCalendarParser.parse(imported, icsDefaults);
        windows.addAll(result.windows());
        problems.addAll(result.problems());
    }

    private void checkKeys(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problem(path.isEmpty() ? name : path + "." + name, null,
                        "unknown key; expected one of " + Text.quotedChoice(sorted(allowed), "or"));
            }
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private String text(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isContainerNode() || node.asText().isBlank()) {
            problem(path, node, "expected a non-empty text value");
            return null;
        }
        return node.asText();
    }

    private ZoneId zone(JsonNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        ZoneId zone = TimeValues.parseZone(text);
        if (zone == null) {
            problem(path, node, "unknown time zone; " + TimeValues.EXPECTED_ZONE);
        }
        return zone;
    }

    private TimeValues.TimePoint timePoint(JsonNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        TimeValues.TimePoint point = TimeValues.parseTimePoint(text);
        if (point == null) {
            problem(path, node, "invalid date-time; " + TimeValues.EXPECTED_TIME);
        }
        return point;
    }

    private LocalDate date(JsonNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            problem(path, node, "invalid date; expected a date such as 2027-01-31");
            return null;
        }
    }

    private WindowLength length(JsonNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return WindowLength.parse(text, path);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems().stream().map(p -> p.inSource(source.name())).toList());
            return null;
        }
    }

    private <E extends Enum<E> & Keyword> E keyword(Class<E> type, JsonNode node, String path) {
        try {
            return Keyword.parse(type, node.isValueNode() ? node.asText() : node.toString(), path);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems().stream().map(p -> p.inSource(source.name())).toList());
            return null;
        }
    }

    private List<String> names(JsonNode node, String path) {
        List<String> names = new ArrayList<>();
        if (node.isTextual()) {
            names.add(node.asText().trim());
            return names;
        }
        if (!node.isArray()) {
            problem(path, node, "expected a list of names, for example [production, staging] or ['*']");
            return null;
        }
        if (node.isEmpty()) {
            problem(path, node, "an empty list would match nothing, so the window would never apply; remove the key to match "
                    + "every name, or list the names");
            return null;
        }
        for (int i = 0; i < node.size(); i++) {
            String name = text(node.get(i), path + "[" + i + "]");
            if (name != null) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private Set<ChangeType> changeTypes(JsonNode node, String path) {
        Set<ChangeType> types = EnumSet.noneOf(ChangeType.class);
        List<String> names = names(node, path);
        if (names == null) {
            return null;
        }
        for (int i = 0; i < names.size(); i++) {
            ChangeType type = keyword(ChangeType.class, node.isArray() ? node.get(i) : node, node.isArray() ? path + "[" + i + "]" : path);
            if (type != null) {
                types.add(type);
            }
        }
        return types;
    }

    private static List<String> orEmpty(List<String> names) {
        return names == null ? List.of() : names;
    }

    private static Set<ChangeType> orAll(Set<ChangeType> types) {
        return types == null || types.isEmpty() ? EnumSet.allOf(ChangeType.class) : types;
    }
}
