package io.jenkins.plugins.odoorelease.freeze;

import java.util.Objects;

/**
 * One freeze window from a calendar.
 *
 * @param id unique across all calendars in force, for example {@code black-friday-2027}
 * @param name a readable name; the id when the calendar gives none
 * @param category what kind of freeze, for example {@code campaign}, {@code inventory-count} or {@code financial-close}
 * @param source the calendar it comes from, for messages and the report
 * @param location where in that calendar, for example {@code windows[3]} or {@code VEVENT[2] (UID …)}
 * @param description free text from the calendar, or {@code null}
 */
public record FreezeWindow(
        String id,
        String name,
        String category,
        WindowSeverity severity,
        Scope scope,
        WindowTiming timing,
        String source,
        CalendarOrigin origin,
        String location,
        String description) {

    public FreezeWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(origin, "origin");
        name = name == null || name.isBlank() ? id : name;
        category = category == null || category.isBlank() ? "other" : category;
    }

    /** An occurrence of this window. */
    public Occurrence at(Interval interval) {
        return new Occurrence(this, interval);
    }

    /** One occurrence of a window, resolved to instants. */
    public record Occurrence(FreezeWindow window, Interval interval) {
    }
}
