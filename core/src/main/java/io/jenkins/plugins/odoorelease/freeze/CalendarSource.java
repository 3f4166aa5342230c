package io.jenkins.plugins.odoorelease.freeze;

import java.io.IOException;
import java.util.Objects;

/**
 * The text of one calendar and where it came from. Front ends read the files (from a Jenkins agent's workspace,
 * the global configuration or the local disk) and hand the text over, so the engine never touches an agent's
 * file system itself.
 *
 * @param name the file name or configuration entry, used in every message about this calendar
 * @param content the YAML or iCalendar text; the format is recognised from the content
 * @param imports reads files that a YAML calendar imports, by the path written in it
 */
public record CalendarSource(String name, String content, CalendarOrigin origin, ImportReader imports) {

    public CalendarSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(origin, "origin");
        imports = imports == null ? ImportReader.NONE : imports;
    }

    public static CalendarSource of(String name, String content, CalendarOrigin origin) {
        return new CalendarSource(name, content, origin, ImportReader.NONE);
    }

    /** Reads an imported calendar relative to the calendar that imports it. */
    @FunctionalInterface
    public interface ImportReader {

        ImportReader NONE = path -> {
            throw new IOException("this calendar cannot import files; give '" + path + "' as a calendar of its own");
        };

        /**
         * Returns the text of the file at {@code path}, as written in the importing calendar.
         *
         * @throws IOException when the file cannot be read
         */
        String read(String path) throws IOException;
    }
}
