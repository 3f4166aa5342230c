package io.jenkins.plugins.odoorelease.backup;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The header of a {@code pg_dump} custom-format archive: the magic {@code PGDMP}, the archive version, and from
 * archive version 1.10 on the server and {@code pg_dump} releases that wrote it. The layout follows
 * {@code WriteHead} in PostgreSQL's {@code pg_backup_archiver.c}: integers are a sign byte and {@code intSize}
 * little-endian bytes, strings an integer length and the bytes.
 *
 * @param archiveVersion the archive format version, such as {@code 1.14}
 * @param format 1 for the custom format; the tar and directory formats are not read from a stream
 * @param databaseName the dumped database's name, or {@code null} when the header ends before it
 * @param serverVersion the dumped server's release as text, such as {@code 15.18 (Debian 15.18-0+deb12u1)}, or {@code null}
 * @param pgDumpVersion the writing {@code pg_dump}'s release as text, or {@code null}
 */
record DumpHeader(int major, int minor, int revision, int format, String databaseName, String serverVersion, String pgDumpVersion) {

    static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    static final int CUSTOM_FORMAT = 1;

    /** Returns whether the bytes start with the custom-format magic. */
    static boolean isCustomDump(byte[] start) {
        if (start.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (start[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parses the header from the first bytes of an archive; an empty result means the bytes are not a valid header. */
    static Optional<DumpHeader> parse(byte[] bytes) {
        if (!isCustomDump(bytes) || bytes.length < 8) {
            return Optional.empty();
        }
        Reader reader = new Reader(bytes);
        reader.position = 5;
        int major = reader.u8();
        int minor = reader.u8();
        int revision = reader.u8();
        reader.intSize = reader.u8();
        reader.u8(); // offSize: the size of data offsets, not needed here
        int format = reader.u8();
        if (reader.intSize < 1 || reader.intSize > 8 || format < 0) {
            return Optional.empty();
        }
        String database = null;
        String server = null;
        String dumper = null;
        try {
            if (major > 1 || minor >= 15) {
                reader.u8(); // compression algorithm
            } else {
                reader.integer(); // compression level
            }
            if (major > 1 || minor >= 4) {
                for (int i = 0; i < 7; i++) {
                    reader.integer(); // creation time: sec, min, hour, mday, mon, year, isdst
                }
                database = reader.string();
            }
            if (major > 1 || minor >= 10) {
                server = reader.string();
                dumper = reader.string();
            }
        } catch (IndexOutOfBoundsException e) {
            // The bytes end inside the header, so the fields read so far are returned.
        }
        return Optional.of(new DumpHeader(major, minor, revision, format, database, server, dumper));
    }

    /** Returns the archive version as PostgreSQL prints it, such as {@code 1.14-0}. */
    String archiveVersion() {
        return major + "." + minor + "-" + revision;
    }

    /** Returns the release of the {@code pg_dump} that wrote the archive, when the header names it. */
    Optional<PgVersion> writtenBy() {
        return pgDumpVersion == null ? Optional.empty() : PgVersion.parseToolOutput("(PostgreSQL) " + pgDumpVersion);
    }

    /**
     * Returns the oldest PostgreSQL major version whose {@code pg_restore} reads this archive version: 1.14 came with
     * PostgreSQL 12, 1.15 with 16 and 1.16 with 17 ({@code K_VERS_1_*} in {@code pg_backup_archiver.h}).
     */
    PgVersion minimumRestoreVersion() {
        if (major > 1 || minor >= 16) {
            return new PgVersion(17, 0);
        }
        if (minor == 15) {
            return new PgVersion(16, 0);
        }
        if (minor == 14) {
            return new PgVersion(12, 0);
        }
        return new PgVersion(906, 0);
    }

    private static final class Reader {

        private final byte[] bytes;
        private int position;
        private int intSize = 4;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int u8() {
            return bytes[position++] & 0xff;
        }

        long integer() {
            boolean negative = u8() != 0;
            long value = 0;
            for (int i = 0; i < intSize; i++) {
                value |= (long) u8() << (8 * i);
            }
            return negative ? -value : value;
        }

        String string() {
            long length = integer();
            if (length < 0) {
                return null;
            }
            if (length > bytes.length - position) {
                throw new IndexOutOfBoundsException("string of " + length + " bytes past the header");
            }
            String text = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
            position += (int) length;
            return text;
        }
    }
}
