package io.jenkins.plugins.odoorelease.backup;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL release: the major version and the minor release. From PostgreSQL 10 on the major version is one
 * number ({@code 15.18} is major 15, minor 18); before, it was two ({@code 9.6.24} is major 9.6, minor 24), which
 * this type stores as major 906.
 */
public record PgVersion(int major, int minor) implements Comparable<PgVersion> {

    private static final Pattern TOOL_OUTPUT = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    /** Parses the output of {@code pg_dump --version}, such as {@code pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)}. */
    public static Optional<PgVersion> parseToolOutput(String output) {
        Matcher matcher = TOOL_OUTPUT.matcher(output == null ? "" : output);
        if (!matcher.find()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(matcher.group(1));
        int second = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        if (first >= 10) {
            return Optional.of(new PgVersion(first, second));
        }
        int third = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        return Optional.of(new PgVersion(first * 100 + second, third));
    }

    /** Converts {@code server_version_num}, such as 150018 for 15.18 or 90624 for 9.6.24. */
    public static PgVersion fromVersionNum(int versionNum) {
        if (versionNum >= 100_000) {
            return new PgVersion(versionNum / 10_000, versionNum % 10_000);
        }
        return new PgVersion(versionNum / 10_000 * 100 + versionNum / 100 % 100, versionNum % 100);
    }

    /** Returns whether a client tool of this release can dump or restore a server or archive of {@code other}'s major version. */
    public boolean majorAtLeast(PgVersion other) {
        return major >= other.major;
    }

    @Override
    public int compareTo(PgVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    /** Returns the major version as PostgreSQL writes it: {@code 15} or {@code 9.6}. */
    public String majorText() {
        return major >= 10 ? String.valueOf(major) : String.format(Locale.ROOT, "%d.%d", major / 100, major % 100);
    }

    @Override
    public String toString() {
        return majorText() + "." + minor;
    }
}
