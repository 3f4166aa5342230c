package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Restores a plain-SQL {@code pg_dump} script over JDBC, reading it once as a stream: statements run one by one,
 * and the rows after each {@code COPY ... FROM stdin;} go to the server through pgjdbc's {@code CopyManager} in
 * large blocks until the {@code \.} line. Everything runs in one transaction, like {@code psql -1}, and the first
 * error stops the restore and rolls it back.
 *
 * <p>Owners and privileges are not restored: {@code GRANT}, {@code REVOKE}, {@code ALTER ... OWNER TO},
 * {@code ALTER DEFAULT PRIVILEGES}, {@code SET SESSION AUTHORIZATION}, {@code SET ROLE}, {@code SECURITY LABEL} and
 * {@code COMMENT ON EXTENSION} are skipped, so the script restores under any role that may create the objects.
 * Of psql's meta-commands only <code>&#92;restrict</code> and <code>&#92;unrestrict</code>, which recent {@code pg_dump} releases
 * write around a script, are accepted (and skipped); any other is an error, because it would change how the script
 * runs.
 */
final class SqlScriptRestorer {

    /** Bytes read from the stream at a time; COPY rows go to the server in blocks of up to this size. */
    static final int BUFFER_SIZE = 1 << 20;
    private static final int PREVIEW = 160;

    private static final Pattern COPY_FROM_STDIN = Pattern.compile("^COPY\\s.*\\sFROM\\s+stdin\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SKIPPED = Pattern.compile("^(GRANT\\s|REVOKE\\s|ALTER\\s+DEFAULT\\s+PRIVILEGES\\s|SECURITY\\s+LABEL\\s"
            + "|SET\\s+SESSION\\s+AUTHORIZATION\\s|SET\\s+ROLE\\s|RESET\\s+ROLE\\b|COMMENT\\s+ON\\s+EXTENSION\\s)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /**
     * One part of a name as pg_dump writes it: a double-quoted identifier, or a run of characters without dots, such as
     * public or === (operator names have no dots), so that a dotted name splits only one way.
     */
    private static final String NAME = "(?:\"(?:[^\"]|\"\")*\"|[^\\s\".(;']+)";
    /**
     * The whole of an {@code ALTER <kind> <name> [(<arguments>)] [USING <method>] OWNER TO <role>;} statement, which
     * is how pg_dump sets every owner. Any other text, such as a constraint whose string literal contains "owner to",
     * does not match, so it is restored.
     */
    private static final Pattern OWNER_TO = Pattern.compile("^ALTER\\s+[A-Z]+(?:\\s+[A-Z]+){0,3}\\s+" + NAME + "(?:\\." + NAME + ")*"
            + "(?:\\s*\\([^;'$]*\\))?(?:\\s+USING\\s+\\w+)?\\s+OWNER\\s+TO\\s+" + NAME + "\\s*;\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLIENT_ENCODING = Pattern.compile("^SET\\s+client_encoding\\s*(=|TO)\\s*'([^']*)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern STANDARD_STRINGS = Pattern.compile("^SET\\s+standard_conforming_strings\\s*(=|TO)\\s*'?(on|off)'?",
            Pattern.CASE_INSENSITIVE);

    private final Connection connection;
    private final EventSink events;
    private final String task;
    private final long totalBytes;
    private final SqlLexer lexer = new SqlLexer();
    private byte[] statement = new byte[64 * 1024];
    private int statementLength;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private InputStream in;
    private long consumed;
    private boolean endOfStream;
    private long line = 1;
    private long statementLine = 1;
    private boolean lineStart = true;
    private final Stats stats = new Stats();

    /**
     * @param connection a connection to the empty scratch database, used only by this restorer
     * @param totalBytes the script's size for progress, or a negative number when unknown
     */
    SqlScriptRestorer(Connection connection, EventSink events, String task, long totalBytes) {
        this.connection = connection;
        this.events = events;
        this.task = task;
        this.totalBytes = totalBytes;
    }

    /** Counts of what a restore did. */
    static final class Stats {
        long statements;
        long skipped;
        long copies;
        long rows;
        long bytes;
    }

    /**
     * Restores the script and commits.
     *
     * @throws RestoreException at the first failing statement, with its line number; the transaction is rolled back
     * @throws IOException when the stream cannot be read, for example because the archive is truncated
     * @throws InterruptedException when the thread is interrupted; the transaction is rolled back
     */
    Stats restore(InputStream script) throws RestoreException, IOException, InterruptedException {
        this.in = script;
        boolean committed = false;
        try (Statement session = connection.createStatement()) {
            connection.setAutoCommit(false);
            // The scratch database is thrown away after the check, so durability of each commit does not matter.
            session.execute("SET synchronous_commit = off");
            session.execute("SET maintenance_work_mem = '256MB'");
            run(session);
            connection.commit();
            committed = true;
            stats.bytes = consumed;
            // The last line of progress shows the whole script, whatever the throttle let through before.
            events.progress(task, consumed, consumed, EventSink.ProgressUnit.BYTES);
            return stats;
        } catch (SQLException e) {
            throw new RestoreException("the restore could not start or commit: " + e.getMessage(), line, null, e);
        } finally {
            if (!committed) {
                rollbackQuietly();
            }
        }
    }

    private void run(Statement session) throws RestoreException, IOException, InterruptedException {
        skipByteOrderMark();
        while (fill()) {
            byte b = buffer[position++];
            if (lineStart && b == '\\' && !lexer.hasContent() && lexer.atTopLevel()) {
                metaCommand();
                continue;
            }
            lineStart = b == '\n';
            if (lineStart) {
                line++;
            }
            append(b);
            boolean started = lexer.hasContent();
            boolean end = lexer.accept(b);
            if (!started && lexer.hasContent()) {
                statementLine = line;
            }
            if (end) {
                execute(session);
            }
        }
        if (lexer.hasContent()) {
            throw new RestoreException("the script ends inside a statement (" + lexer + "); the dump is truncated", statementLine,
                    preview(), null);
        }
    }

    private void skipByteOrderMark() throws IOException {
        if (fill() && limit - position >= 3 && (buffer[position] & 0xff) == 0xef && (buffer[position + 1] & 0xff) == 0xbb
                && (buffer[position + 2] & 0xff) == 0xbf) {
            position += 3;
        }
    }

    private void metaCommand() throws RestoreException, IOException {
        StringBuilder command = new StringBuilder("\\");
        while (fill()) {
            byte b = buffer[position++];
            if (b == '\n') {
                break;
            }
            if (command.length() < 200) {
                command.append((char) (b & 0xff));
            }
        }
        long commandLine = line;
        line++;
        lineStart = true;
        String name = command.toString().trim().split("\\s+")[0];
        if (!name.equals("\\restrict") && !name.equals("\\unrestrict")) {
            throw new RestoreException("the psql meta-command " + name + " is not supported by the engine's restore; make the dump with "
                    + "pg_dump of a single database, without --create", commandLine, name, null);
        }
        stats.skipped++;
    }

    private void append(byte b) {
        if (statementLength == statement.length) {
            statement = Arrays.copyOf(statement, statement.length * 2);
        }
        statement[statementLength++] = b;
    }

    private void execute(Statement session) throws RestoreException, IOException, InterruptedException {
        String sql = new String(statement, 0, statementLength, StandardCharsets.UTF_8);
        String trimmed = stripLeadingComments(sql);
        long startLine = statementLine;
        statementLength = 0;
        lexer.reset();
        if (Thread.interrupted()) {
            throw new InterruptedException("the restore was interrupted at line " + startLine);
        }
        Matcher encoding = CLIENT_ENCODING.matcher(trimmed);
        Matcher strings = STANDARD_STRINGS.matcher(trimmed);
        try {
            if (COPY_FROM_STDIN.matcher(trimmed).find()) {
                copy(trimmed, startLine);
            } else if (SKIPPED.matcher(trimmed).find() || OWNER_TO.matcher(trimmed).find()) {
                stats.skipped++;
            } else if (encoding.find()) {
                String name = encoding.group(2).toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
                if (!name.equals("UTF8") && !name.equals("UNICODE")) {
                    throw new RestoreException("the dump uses client_encoding " + encoding.group(2) + "; the engine restores UTF8 dumps "
                            + "only, as Odoo databases are; restore this dump with psql", startLine, trimmed, null);
                }
                stats.skipped++;
            } else {
                if (strings.find()) {
                    lexer.standardConformingStrings(strings.group(2).equalsIgnoreCase("on"));
                }
                session.execute(sql);
                stats.statements++;
            }
        } catch (SQLException e) {
            throw new RestoreException(e.getMessage(), startLine, trimmed, e);
        }
        events.progress(task, consumed - (limit - position), totalBytes, EventSink.ProgressUnit.BYTES);
    }

    /**
     * Streams the rows that follow a {@code COPY ... FROM stdin} statement up to the {@code \.} line. The rest of the
     * statement's own line is skipped first, as psql does.
     */
    private void copy(String sql, long startLine) throws SQLException, IOException, RestoreException {
        while (fill()) {
            byte b = buffer[position++];
            if (b == '\n') {
                line++;
                break;
            }
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            boolean ended = false;
            boolean atLineStart = true;
            while (!ended) {
                fillAtLeast(3);
                if (position == limit) {
                    throw truncated(sql);
                }
                int start = position;
                int scan = position;
                while (scan < limit) {
                    if (atLineStart) {
                        if (scan + 3 > limit && !endOfStream) {
                            break;
                        }
                        if (isEndOfData(scan)) {
                            ended = true;
                            break;
                        }
                        if (scan + 3 > limit) {
                            throw truncated(sql);
                        }
                    }
                    int newline = indexOfNewline(scan);
                    if (newline < 0) {
                        scan = limit;
                        atLineStart = false;
                        break;
                    }
                    line++;
                    scan = newline + 1;
                    atLineStart = true;
                }
                if (scan > start) {
                    copy.writeToCopy(buffer, start, scan - start);
                }
                position = scan;
            }
            position = Math.min(limit, position + (position + 2 < limit && buffer[position + 2] == '\r' ? 4 : 3));
            line++;
            lineStart = true;
            stats.rows += copy.endCopy();
            stats.copies++;
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** Returns whether the line at {@code at} is the {@code \.} line that ends a COPY's rows. */
    private boolean isEndOfData(int at) {
        if (at + 2 > limit || buffer[at] != '\\' || buffer[at + 1] != '.') {
            return false;
        }
        return at + 2 == limit ? endOfStream : buffer[at + 2] == '\n' || buffer[at + 2] == '\r';
    }

    private RestoreException truncated(String sql) {
        return new RestoreException("the script ends inside the rows of a COPY without the \\. line; the dump is truncated", line, sql, null);
    }

    private int indexOfNewline(int from) {
        for (int i = from; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Returns whether a byte is available, reading more when the buffer is empty. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        position = 0;
        limit = 0;
        return read();
    }

    /** Makes at least {@code count} bytes available, or as many as the stream still has. */
    private void fillAtLeast(int count) throws IOException {
        if (limit - position >= count) {
            return;
        }
        compact();
        while (limit - position < count && read()) {
            // keep reading until enough bytes are buffered or the stream ends
        }
    }

    private void compact() {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
    }

    private boolean read() throws IOException {
        if (endOfStream) {
            return false;
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfStream = true;
            return false;
        }
        if (read == 0) {
            return true;
        }
        limit += read;
        consumed += read;
        return true;
    }

    private String preview() {
        return new String(statement, 0, Math.min(statementLength, PREVIEW), StandardCharsets.UTF_8);
    }

    /** Removes the blanks and comments before the statement's first word, for classifying it. */
    static String stripLeadingComments(String sql) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        return sql.substring(i);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The scratch database is dropped next; the first error is the one to report.
        }
    }

    /** The first error of a restore, with where it happened in the script. */
    static final class RestoreException extends Exception {

        private static final long serialVersionUID = 1L;

        private final long line;
        private final String statement;

        RestoreException(String message, long line, String statement, Throwable cause) {
            super(message, cause);
            this.line = line;
            this.statement = statement == null ? null : oneLine(statement);
        }

        long line() {
            return line;
        }

        /** Returns the start of the failing statement on one line, or {@code null}. */
        String statement() {
            return statement;
        }

        private static String oneLine(String text) {
            String flat = text.replaceAll("\\s+", " ").trim();
            return flat.length() <= PREVIEW ? flat : flat.substring(0, PREVIEW) + "...";
        }
    }
}
