package io.jenkins.plugins.odoorelease.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the system programs some tests need (pg_dump, docker-registry, prometheus, skopeo, chromium). When one is
 * missing the test is skipped with a message that names the Debian package, unless the environment variable
 * {@code CI} is {@code true}: then it fails, because {@code .ci/run} installs every package first.
 */
public final class SystemBinaries {

    private SystemBinaries() {
    }

    /** Returns whether the tests run in CI, where a missing program is an error rather than a reason to skip. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns the program's path, or skips (locally) or fails (in CI) the calling test. */
    public static Path require(String program, String debianPackage) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        String message = program + " is not installed; install the Debian package '" + debianPackage + "' (.ci/run does)";
        if (inCi()) {
            fail(message + ", and CI=true makes this a failure");
        }
        abort(message + "; skipping");
        throw new IllegalStateException("unreachable: abort throws");
    }

    /** Looks the program up on PATH and in /usr/sbin and /usr/lib/postgresql/*&#47;bin. */
    public static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/bin";
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
