package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every calendar in force and merges their windows. Platform calendars are read first; a repository
 * calendar may add windows but never replace one, so a repository window that reuses a platform window's id is
 * rejected and the platform's window stays in force.
 */
public final class Calendars {

    private Calendars() {
    }

    public static CalendarParseResult load(List<CalendarSource> sources) {
        List<CalendarSource> ordered = new ArrayList<>(sources);
        ordered.sort(Comparator.comparing(source -> source.origin() == CalendarOrigin.PLATFORM ? 0 : 1));
        Map<String, FreezeWindow> byId = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (CalendarSource source : ordered) {
            CalendarParseResult result = parse(source);
            problems.addAll(result.problems());
            for (FreezeWindow window : result.windows()) {
                FreezeWindow existing = byId.get(window.id());
                if (existing == null) {
                    byId.put(window.id(), window);
                } else if (existing.origin() == CalendarOrigin.PLATFORM && window.origin() == CalendarOrigin.REPOSITORY) {
                    problems.add(new Problem(window.source(), window.location() + ".id", window.id(),
                            "the platform calendar " + existing.source() + " already defines this window; a repository calendar "
                                    + "may add windows but not replace or remove the platform's, so choose another id"));
                } else {
                    problems.add(new Problem(window.source(), window.location() + ".id", window.id(),
                            "duplicate window id, already defined in " + existing.source() + " at " + existing.location()
                                    + "; give every window its own id"));
                }
            }
        }
        return new CalendarParseResult(new ArrayList<>(byId.values()), problems);
    }

    /** Reads one calendar, recognising iCalendar by its {@code BEGIN:VCALENDAR} line and YAML otherwise. */
    public static CalendarParseResult parse(CalendarSource source) {
        String content = source.content().startsWith("\uFEFF") ? source.content().substring(1) : source.content();
        if (content.stripLeading().regionMatches(true, 0, "BEGIN:VCALENDAR", 0, 15)) {
            IcsCalendarParser.Defaults defaults = new IcsCalendarParser.Defaults(WindowSeverity.BLOCK, null,
                    new Scope(List.of(), List.of(), EnumSet.allOf(ChangeType.class)), null);
            return IcsCalendarParser.parse(new CalendarSource(source.name(), content, source.origin(), source.imports()), defaults);
        }
        return YamlCalendarParser.parse(new CalendarSource(source.name(), content, source.origin(), source.imports()));
    }
}
