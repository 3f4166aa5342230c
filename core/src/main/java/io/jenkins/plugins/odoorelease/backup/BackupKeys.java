package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.s3.S3Location;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object names of a backup. Every name starts with the UTC time of the snapshot in a fixed-width form
 * ({@code 20271126T020000123Z}), so that keys under a prefix sort by time and the newest backup is the last key.
 * A backup named {@code <time>-<database>} has {@code .zip} or {@code .dump} (plus {@code .filestore.tar}) and
 * {@code .backup.json}.
 */
public final class BackupKeys {

    public static final String ZIP = ".zip";
    public static final String DUMP = ".dump";
    public static final String FILESTORE_TAR = ".filestore.tar";

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("(\\d{8}T\\d{9}Z)-([^/]+)$");
    /** Characters kept from a database name in a key; others become {@code _}. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private BackupKeys() {
    }

    /** Returns the backup's name, the common start of its keys, for a snapshot at {@code createdAt}. */
    public static String name(S3Location location, Instant createdAt, String database) {
        return location.key(TIME.format(createdAt) + "-" + UNSAFE.matcher(database).replaceAll("_"));
    }

    /** Returns the time a key's name starts with, when it follows the naming scheme. */
    public static Optional<Instant> timeOf(String key) {
        String base = key.substring(key.lastIndexOf('/') + 1);
        Matcher matcher = NAME.matcher(base);
        if (!matcher.find() || matcher.start() != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(TIME.parse(matcher.group(1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Returns the manifest key of the backup a data or manifest key belongs to. */
    public static String manifestKeyOf(String key) {
        return nameOf(key) + BackupManifest.SUFFIX;
    }

    /** Strips the known suffixes from a key. */
    public static String nameOf(String key) {
        for (String suffix : new String[] {BackupManifest.SUFFIX, FILESTORE_TAR, ZIP, DUMP}) {
            if (key.endsWith(suffix)) {
                return key.substring(0, key.length() - suffix.length());
            }
        }
        return key;
    }
}
