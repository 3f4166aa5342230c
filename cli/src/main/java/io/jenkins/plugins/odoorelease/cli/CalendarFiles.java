package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads calendar files from the local disk; files a YAML calendar imports are found next to it. */
final class CalendarFiles {

    private CalendarFiles() {
    }

    static CalendarSource read(Path file, CalendarOrigin origin, String option) throws InvalidInputException {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            Path directory = file.toAbsolutePath().getParent();
            return new CalendarSource(file.toString(), content, origin,
                    path -> Files.readString(directory.resolve(path), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(new Problem(option, null, file.toString(), "calendar file not found; check the path"));
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(option, null, file.toString(), "cannot read the calendar: " + e.getMessage()));
        }
    }
}
