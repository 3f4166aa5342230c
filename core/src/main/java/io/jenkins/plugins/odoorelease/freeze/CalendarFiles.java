package io.jenkins.plugins.odoorelease.freeze;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads calendar files from the local disk; files a YAML calendar imports are found next to it. */
public final class CalendarFiles {

    private CalendarFiles() {
    }

    /**
     * Reads a file that a calendar imports. It must lie in the calendar's folder or below it, so that a calendar
     * from an untrusted merge request cannot read other files on the CI runner.
     */
    private static String readImport(Path directory, String path) throws IOException {
        Path imported = directory.resolve(path).normalize();
        if (Path.of(path).isAbsolute() || !imported.startsWith(directory)) {
            throw new IOException("'" + path + "' is outside the calendar's folder " + directory + "; import only files beside "
                    + "the calendar or below it");
        }
        return Files.readString(imported, StandardCharsets.UTF_8);
    }

    /**
     * Reads a calendar file from the local disk.
     *
     * @param option the option or configuration key that named the file, for messages
     * @throws InvalidInputException when the file does not exist or cannot be read
     */
    public static CalendarSource read(Path file, CalendarOrigin origin, String option) throws InvalidInputException {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            Path directory = file.toAbsolutePath().normalize().getParent();
            return new CalendarSource(file.toString(), content, origin, path -> readImport(directory, path));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(new Problem(option, null, file.toString(), "calendar file not found; check the path"));
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(option, null, file.toString(), "cannot read the calendar: " + e.getMessage()));
        }
    }
}
