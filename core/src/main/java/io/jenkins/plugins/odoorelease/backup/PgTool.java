package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL client program ({@code pg_dump} or {@code pg_restore}) and its release. A program is used only
 * when its major version is at least that of the server or archive it works on: an older {@code pg_dump} cannot
 * read a newer server's catalogs, and an older {@code pg_restore} cannot read a newer archive.
 */
record PgTool(String program, Path path, PgVersion version) {

    /** Where Debian and Ubuntu install each PostgreSQL major version's client programs. */
    static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    /**
     * Finds the program: the given path, or else the newest one on {@code PATH} and under
     * {@code /usr/lib/postgresql/VERSION/bin}, and checks that its major version is at least {@code required}.
     *
     * @param given the path the user gave, or {@code null} to search
     * @param parameter the parameter that contains the path, for messages
     * @param requiredFor what needs the version, such as {@code the server jdbc:postgresql://db/prod (15.4)}
     * @throws InvalidInputException when the program is missing, does not run, or is too old
     */
    static PgTool find(String program, Path given, String parameter, PgVersion required, String requiredFor, Map<String, String> env)
            throws InvalidInputException, InfrastructureException {
        PgTool tool;
        if (given != null) {
            if (!Files.isExecutable(given)) {
                throw InvalidInputException.forValue(parameter, given.toString(), "not an executable file; give the path of " + program
                        + " " + required.majorText() + " or newer, for example /usr/lib/postgresql/" + required.majorText() + "/bin/" + program);
            }
            tool = probe(program, given, parameter);
        } else {
            tool = candidates(program, System.getenv("PATH")).stream()
                    .map(path -> probeQuietly(program, path))
                    .flatMap(Optional::stream)
                    .max(Comparator.comparing(PgTool::version))
                    .orElseThrow(() -> InvalidInputException.forValue(parameter, null, program + " was not found on PATH or under "
                            + DEBIAN_VERSIONS + "; install the PostgreSQL " + required.majorText()
                            + " client programs (Debian: postgresql-client) or give the path with " + parameter));
        }
        if (!tool.version().majorAtLeast(required)) {
            throw InvalidInputException.forValue(parameter, tool.path().toString(), program + " " + tool.version() + " is older than "
                    + requiredFor + " " + required + "; use " + program + " " + required.majorText() + " or newer"
                    + (given == null ? ", for example by giving its path with " + parameter : ""));
        }
        return tool;
    }

    /** Lists the places where the program may be installed: every PATH entry, then each Debian version folder. */
    static List<Path> candidates(String program, String pathVariable) {
        List<Path> candidates = new ArrayList<>();
        if (pathVariable != null) {
            for (String folder : pathVariable.split(File.pathSeparator)) {
                if (!folder.isEmpty()) {
                    candidates.add(Path.of(folder, program));
                }
            }
        }
        if (Files.isDirectory(DEBIAN_VERSIONS)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(DEBIAN_VERSIONS)) {
                for (Path version : versions) {
                    candidates.add(version.resolve("bin").resolve(program));
                }
            } catch (IOException e) {
                // An unreadable folder only narrows the search; PATH still counts.
            }
        }
        return candidates.stream().filter(Files::isExecutable).toList();
    }

    private static Optional<PgTool> probeQuietly(String program, Path path) {
        try {
            return Optional.of(probe(program, path, program));
        } catch (InvalidInputException | InfrastructureException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code PROGRAM --version} and parses its output. */
    static PgTool probe(String program, Path path, String parameter) throws InvalidInputException, InfrastructureException {
        String output;
        try {
            Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InfrastructureException(path + " --version did not finish within 30 s");
            }
        } catch (IOException e) {
            throw InvalidInputException.forValue(parameter, path.toString(), "cannot run " + program + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while asking " + path + " for its version", e);
        }
        Optional<PgVersion> version = PgVersion.parseToolOutput(output);
        if (version.isEmpty()) {
            throw InvalidInputException.forValue(parameter, path.toString(), "'" + path.getFileName() + " --version' printed '" + output
                    + "', not a PostgreSQL version; give the path of the real " + program);
        }
        return new PgTool(program, path, version.get());
    }

    @Override
    public String toString() {
        return path + " (" + version + ")";
    }
}
