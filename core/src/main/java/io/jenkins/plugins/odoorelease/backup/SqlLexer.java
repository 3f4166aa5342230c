package io.jenkins.plugins.odoorelease.backup;

import java.util.Arrays;
import java.util.Locale;

/**
 * Finds where SQL statements end in a plain {@code pg_dump} script, one byte at a time, as {@code psql} does: a
 * semicolon ends a statement unless it is inside a single-quoted string (standard-conforming, or with backslash
 * escapes as an {@code E'...'} string or when {@code standard_conforming_strings} is off), a quoted identifier, a
 * dollar-quoted string ({@code $tag$...$tag$}), a line comment, a nested block comment, parentheses (such as the
 * actions of a rule, {@code DO ALSO (INSERT ...; INSERT ...)}), or the {@code BEGIN ATOMIC ... END} body of a
 * SQL-standard function or procedure. Bytes outside ASCII never start or end any of these, so UTF-8 text passes
 * through unchanged.
 */
final class SqlLexer {

    private enum Mode {
        NORMAL, DASH, SLASH, LINE_COMMENT, BLOCK_COMMENT, BLOCK_STAR, BLOCK_SLASH, SINGLE, SINGLE_QUOTE, ESCAPED, ESCAPED_QUOTE,
        ESCAPED_BACKSLASH, IDENTIFIER, DOLLAR_TAG, DOLLAR, DOLLAR_CLOSE
    }

    private static final int MAX_WORD = 16;

    private Mode mode = Mode.NORMAL;
    private boolean standardStrings = true;
    private int blockDepth;
    private final byte[] tag = new byte[64];
    private int tagLength;
    private int tagMatched;
    private byte previous = ' ';
    private byte beforePrevious = ' ';
    private boolean content;
    private final StringBuilder word = new StringBuilder();
    private final String[] firstWords = new String[4];
    private int wordCount;
    private int atomicDepth;
    private int parenDepth;

    /** Sets whether plain {@code '...'} strings treat backslashes literally, as {@code SET standard_conforming_strings} does. */
    void standardConformingStrings(boolean on) {
        standardStrings = on;
    }

    /** Returns whether the current statement has anything but blanks and comments so far. */
    boolean hasContent() {
        return content;
    }

    /** Returns whether the lexer is outside any string, identifier or comment, so that a new line may start a meta-command. */
    boolean atTopLevel() {
        return mode == Mode.NORMAL && atomicDepth == 0;
    }

    /** Forgets the statement just ended; string settings stay. */
    void reset() {
        mode = Mode.NORMAL;
        blockDepth = 0;
        tagLength = 0;
        previous = ' ';
        beforePrevious = ' ';
        content = false;
        word.setLength(0);
        Arrays.fill(firstWords, null);
        wordCount = 0;
        atomicDepth = 0;
        parenDepth = 0;
    }

    /**
     * Reads one byte and returns whether it is a semicolon that ends the statement.
     */
    boolean accept(byte b) {
        boolean end = step(b);
        beforePrevious = previous;
        previous = b;
        return end;
    }

    private boolean step(byte b) {
        switch (mode) {
            case NORMAL:
                return normal(b);
            case DASH:
                if (b == '-') {
                    mode = Mode.LINE_COMMENT;
                    return false;
                }
                content = true;
                mode = Mode.NORMAL;
                return normal(b);
            case SLASH:
                if (b == '*') {
                    mode = Mode.BLOCK_COMMENT;
                    blockDepth = 1;
                    return false;
                }
                content = true;
                mode = Mode.NORMAL;
                return normal(b);
            case LINE_COMMENT:
                if (b == '\n') {
                    mode = Mode.NORMAL;
                }
                return false;
            case BLOCK_COMMENT:
                mode = b == '*' ? Mode.BLOCK_STAR : b == '/' ? Mode.BLOCK_SLASH : Mode.BLOCK_COMMENT;
                return false;
            case BLOCK_STAR:
                if (b == '/') {
                    blockDepth--;
                    mode = blockDepth == 0 ? Mode.NORMAL : Mode.BLOCK_COMMENT;
                } else {
                    mode = b == '*' ? Mode.BLOCK_STAR : Mode.BLOCK_COMMENT;
                }
                return false;
            case BLOCK_SLASH:
                if (b == '*') {
                    blockDepth++;
                    mode = Mode.BLOCK_COMMENT;
                } else {
                    mode = b == '/' ? Mode.BLOCK_SLASH : Mode.BLOCK_COMMENT;
                }
                return false;
            case SINGLE:
                if (b == '\'') {
                    mode = Mode.SINGLE_QUOTE;
                }
                return false;
            case SINGLE_QUOTE:
                if (b == '\'') {
                    mode = Mode.SINGLE;
                    return false;
                }
                mode = Mode.NORMAL;
                return normal(b);
            case ESCAPED:
                if (b == '\\') {
                    mode = Mode.ESCAPED_BACKSLASH;
                } else if (b == '\'') {
                    mode = Mode.ESCAPED_QUOTE;
                }
                return false;
            case ESCAPED_BACKSLASH:
                mode = Mode.ESCAPED;
                return false;
            case ESCAPED_QUOTE:
                if (b == '\'') {
                    mode = Mode.ESCAPED;
                    return false;
                }
                mode = Mode.NORMAL;
                return normal(b);
            case IDENTIFIER:
                if (b == '"') {
                    mode = Mode.NORMAL;
                }
                return false;
            case DOLLAR_TAG:
                if (b == '$') {
                    mode = Mode.DOLLAR;
                    return false;
                }
                if (isTagByte(b, tagLength == 0) && tagLength < tag.length) {
                    tag[tagLength++] = b;
                    return false;
                }
                // A '$' not followed by a tag and '$' is a parameter such as $1 or part of a name.
                mode = Mode.NORMAL;
                return normal(b);
            case DOLLAR:
                if (b == '$') {
                    tagMatched = 0;
                    mode = Mode.DOLLAR_CLOSE;
                }
                return false;
            case DOLLAR_CLOSE:
                if (tagMatched == tagLength && b == '$') {
                    mode = Mode.NORMAL;
                } else if (tagMatched < tagLength && b == tag[tagMatched]) {
                    tagMatched++;
                } else if (b == '$') {
                    tagMatched = 0;
                } else {
                    mode = Mode.DOLLAR;
                }
                return false;
            default:
                throw new IllegalStateException("unknown lexer mode " + mode);
        }
    }

    private boolean normal(byte b) {
        if (b == '$' && isWordByte(previous)) {
            // A '$' inside a name such as a$b, which cannot start a dollar quote.
            content = true;
            return false;
        }
        if (isWordByte(b)) {
            if (word.length() < MAX_WORD) {
                word.append((char) Character.toLowerCase(b));
            }
            content = true;
            return false;
        }
        endWord();
        switch (b) {
            case ';':
                if (atomicDepth > 0 || parenDepth > 0) {
                    return false;
                }
                return content;
            case '(':
                content = true;
                parenDepth++;
                return false;
            case ')':
                content = true;
                // As in psql, a closing parenthesis without an opening one is left for the server to reject.
                if (parenDepth > 0) {
                    parenDepth--;
                }
                return false;
            case '-':
                mode = Mode.DASH;
                return false;
            case '/':
                mode = Mode.SLASH;
                return false;
            case '\'':
                content = true;
                boolean escapePrefix = (previous == 'E' || previous == 'e') && !isWordByte(beforePrevious);
                mode = escapePrefix || !standardStrings ? Mode.ESCAPED : Mode.SINGLE;
                return false;
            case '"':
                content = true;
                mode = Mode.IDENTIFIER;
                return false;
            case '$':
                content = true;
                tagLength = 0;
                mode = Mode.DOLLAR_TAG;
                return false;
            case ' ', '\t', '\n', '\r', '\f':
                return false;
            default:
                content = true;
                return false;
        }
    }

    /** Tracks the keywords psql uses to keep a {@code BEGIN ATOMIC} body together. */
    private void endWord() {
        if (word.length() == 0) {
            return;
        }
        String current = word.toString();
        word.setLength(0);
        if (wordCount < firstWords.length) {
            firstWords[wordCount] = current;
        }
        wordCount++;
        if (current.equals("begin") && definesRoutine()) {
            atomicDepth++;
        } else if (current.equals("case") && atomicDepth > 0) {
            atomicDepth++;
        } else if (current.equals("end") && atomicDepth > 0) {
            atomicDepth--;
        }
    }

    /** Returns whether the statement starts with {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}. */
    private boolean definesRoutine() {
        if (!"create".equals(firstWords[0])) {
            return false;
        }
        String kind = "or".equals(firstWords[1]) && "replace".equals(firstWords[2]) ? firstWords[3] : firstWords[1];
        return "function".equals(kind) || "procedure".equals(kind);
    }

    /** Returns whether the byte can continue a name; bytes of multi-byte UTF-8 characters can. */
    private static boolean isWordByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b < 0;
    }

    private static boolean isTagByte(byte b, boolean first) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b < 0 || !first && b >= '0' && b <= '9';
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
