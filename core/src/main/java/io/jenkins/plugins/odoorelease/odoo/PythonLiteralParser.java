package io.jenkins.plugins.odoorelease.odoo;

import io.jenkins.plugins.odoorelease.odoo.PythonLiteralException.Kind;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tokenizer and recursive-descent parser behind {@link PythonLiteral}. It follows Python 3.11's tokenizer
 * for the parts a literal can use (strings with every prefix and escape, numbers with underscores, comments,
 * brackets, backslash continuations and the indentation rule of eval mode) and {@code ast.literal_eval} for
 * what counts as a literal.
 */
final class PythonLiteralParser {

    private enum Type {
        STRING, NUMBER, NAME, OP, NEWLINE, END
    }

    private record Token(Type type, String text, Object value, boolean bytes, boolean fString, int line, int column) {

        boolean is(String op) {
            return type == Type.OP && text.equals(op);
        }

        String describe() {
            return switch (type) {
                case END -> "the end of the text";
                case NEWLINE -> "the end of the line";
                case STRING -> "a string";
                case NUMBER -> "the number " + text;
                case NAME -> "'" + text + "'";
                case OP -> "'" + text + "'";
            };
        }
    }

    private record Bracket(char open, int line, int column) {
    }

    /** Prefixes that make a string token, lowercased; any mix of cases is allowed. */
    private static final Set<String> STRING_PREFIXES = Set.of("r", "u", "b", "br", "rb", "f", "fr", "rf");
    private static final Set<String> EXPRESSION_KEYWORDS = Set.of("if", "else", "for", "in", "not", "and", "or", "is", "lambda",
            "await", "async", "yield");
    private static final String OPERATOR_CHARACTERS = "+-*/%@&|^~<>=!;";

    private final String source;
    private int position;
    private int line = 1;
    private int lineStart;
    private final List<Token> tokens = new ArrayList<>();
    private int next;

    PythonLiteralParser(String text) {
        this.source = text.replace("\r\n", "\n").replace('\r', '\n');
    }

    Object parseSource() throws PythonLiteralException {
        tokenize();
        if (peek().type() == Type.END) {
            throw error(Kind.SYNTAX, peek(), "empty text: expected a Python literal such as a dict");
        }
        Object value = parseExpressionList(null);
        Token after = take();
        while (after.type() == Type.NEWLINE) {
            after = take();
        }
        if (after.type() != Type.END) {
            throw error(Kind.SYNTAX, after, "invalid syntax: " + after.describe() + " after the end of the literal"
                    + (previousWasNewline() ? "; a manifest contains exactly one literal" : ""));
        }
        return value;
    }

    // ---------------------------------------------------------------- tokenizer

    private void tokenize() throws PythonLiteralException {
        int nul = source.indexOf('\0');
        if (nul >= 0) {
            int nulLine = (int) source.substring(0, nul).chars().filter(c -> c == '\n').count() + 1;
            throw new PythonLiteralException(Kind.SYNTAX, nulLine, 1, "the text contains a NUL character, which Python rejects");
        }
        // ast.literal_eval strips spaces and tabs from the start of the whole text before parsing.
        while (position < source.length() && (source.charAt(position) == ' ' || source.charAt(position) == '\t')) {
            position++;
        }
        Deque<Bracket> brackets = new ArrayDeque<>();
        boolean lineStartPending = true;
        while (true) {
            if (lineStartPending && brackets.isEmpty()) {
                lineStartPending = false;
                if (!startLogicalLine()) {
                    lineStartPending = true;
                    if (position >= source.length()) {
                        break;
                    }
                    continue;
                }
            }
            if (position >= source.length()) {
                break;
            }
            char c = source.charAt(position);
            if (c == ' ' || c == '\t' || c == '\f') {
                position++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\') {
                continuation();
            } else if (c == '\n') {
                if (brackets.isEmpty()) {
                    addNewline();
                    lineStartPending = true;
                }
                newLine();
            } else if (c == '"' || c == '\'') {
                readString("", position);
            } else if (isDigit(c) || (c == '.' && position + 1 < source.length() && isDigit(source.charAt(position + 1)))) {
                readNumber();
            } else if (Character.isUnicodeIdentifierStart(source.codePointAt(position)) || c == '_') {
                readName();
            } else if ("([{".indexOf(c) >= 0) {
                brackets.push(new Bracket(c, line, column()));
                addOp(String.valueOf(c));
            } else if (")]}".indexOf(c) >= 0) {
                closeBracket(brackets, c);
            } else if (c == '.' && source.startsWith("...", position)) {
                tokens.add(new Token(Type.OP, "...", null, false, false, line, column()));
                position += 3;
            } else if (c == ',' || c == ':' || c == '.' || OPERATOR_CHARACTERS.indexOf(c) >= 0) {
                addOp(String.valueOf(c));
            } else {
                throw new PythonLiteralException(Kind.SYNTAX, line, column(), "invalid character '" + new String(Character.toChars(
                        source.codePointAt(position))) + "' (U+" + String.format(Locale.ROOT, "%04X", source.codePointAt(position)) + ")");
            }
        }
        if (!brackets.isEmpty()) {
            Bracket open = brackets.peek();
            throw new PythonLiteralException(Kind.SYNTAX, open.line(), open.column(), "'" + open.open() + "' was never closed");
        }
        addNewline();
        tokens.add(new Token(Type.END, "", null, false, false, line, column()));
    }

    /**
     * Handles the start of a line outside brackets. Blank and comment-only lines are skipped whatever their
     * indentation; a line with content must not be indented, because eval mode has no block to indent. Like
     * Python 3.11, a last line of only blanks without a line break is an indentation error as well.
     *
     * @return true when the line has content to tokenize, false when it was skipped or the text ended
     */
    private boolean startLogicalLine() throws PythonLiteralException {
        int indent = 0;
        // Python 3.11 keeps counting the indentation across a line continuation before the first token, and the
        // first continuation after some indentation fixes the level, whatever follows it.
        int indentBeforeContinuation = 0;
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == ' ') {
                indent++;
            } else if (c == '\t') {
                indent = (indent / 8 + 1) * 8;
            } else if (c == '\f') {
                indent = 0;
            } else if (c == '\\') {
                indentBeforeContinuation = indentBeforeContinuation != 0 ? indentBeforeContinuation : indent;
                continuation();
                continue;
            } else {
                break;
            }
            position++;
        }
        if (position >= source.length()) {
            if (indent > 0) {
                throw new PythonLiteralException(Kind.SYNTAX, line, column(), "unexpected indent (a last line of only blanks)");
            }
            return false;
        }
        char c = source.charAt(position);
        if (c == '\n') {
            newLine();
            return false;
        }
        if (c == '#') {
            skipComment();
            if (position < source.length()) {
                newLine();
            }
            return false;
        }
        if (indent > 0 || indentBeforeContinuation > 0) {
            throw new PythonLiteralException(Kind.SYNTAX, line, column(), "unexpected indent");
        }
        return true;
    }

    private void skipComment() {
        while (position < source.length() && source.charAt(position) != '\n') {
            position++;
        }
    }

    private void continuation() throws PythonLiteralException {
        if (position + 1 >= source.length()) {
            throw new PythonLiteralException(Kind.SYNTAX, line, column(), "unexpected end of text after a line continuation");
        }
        if (source.charAt(position + 1) != '\n') {
            throw new PythonLiteralException(Kind.SYNTAX, line, column(), "unexpected character after line continuation character");
        }
        position++;
        newLine();
        if (position >= source.length()) {
            throw new PythonLiteralException(Kind.SYNTAX, line - 1, 1, "unexpected end of text after a line continuation");
        }
    }

    private void newLine() {
        position++;
        line++;
        lineStart = position;
    }

    private int column() {
        return position - lineStart + 1;
    }

    private void addNewline() {
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).type() != Type.NEWLINE) {
            tokens.add(new Token(Type.NEWLINE, "\n", null, false, false, line, column()));
        }
    }

    private void addOp(String op) {
        tokens.add(new Token(Type.OP, op, null, false, false, line, column()));
        position += op.length();
    }

    private void closeBracket(Deque<Bracket> brackets, char close) throws PythonLiteralException {
        char expected = switch (close) {
            case ')' -> '(';
            case ']' -> '[';
            default -> '{';
        };
        if (brackets.isEmpty()) {
            throw new PythonLiteralException(Kind.SYNTAX, line, column(), "unmatched '" + close + "'");
        }
        Bracket open = brackets.pop();
        if (open.open() != expected) {
            throw new PythonLiteralException(Kind.SYNTAX, line, column(), "closing bracket '" + close + "' does not match opening bracket '"
                    + open.open() + "' on line " + open.line());
        }
        addOp(String.valueOf(close));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void readName() throws PythonLiteralException {
        int start = position;
        int startColumn = column();
        while (position < source.length()) {
            int codePoint = source.codePointAt(position);
            if (!Character.isUnicodeIdentifierPart(codePoint) || Character.isIdentifierIgnorable(codePoint)) {
                break;
            }
            position += Character.charCount(codePoint);
        }
        String name = source.substring(start, position);
        if (position < source.length() && (source.charAt(position) == '\'' || source.charAt(position) == '"')
                && STRING_PREFIXES.contains(name.toLowerCase(Locale.ROOT))) {
            position = start;
            readString(name.toLowerCase(Locale.ROOT), start);
            return;
        }
        tokens.add(new Token(Type.NAME, name, null, false, false, line, startColumn));
    }

    // ---------------------------------------------------------------- strings

    private void readString(String prefix, int start) throws PythonLiteralException {
        int startLine = line;
        int startColumn = column();
        position += prefix.length();
        boolean raw = prefix.contains("r");
        boolean bytes = prefix.contains("b");
        boolean fString = prefix.contains("f");
        char quote = source.charAt(position);
        boolean triple = source.startsWith(String.valueOf(quote).repeat(3), position);
        position += triple ? 3 : 1;
        int bodyStart = position;
        while (true) {
            if (position >= source.length()) {
                throw new PythonLiteralException(Kind.SYNTAX, startLine, startColumn, triple ? "unterminated triple-quoted string"
                        : "unterminated string");
            }
            char c = source.charAt(position);
            if (c == '\\') {
                if (position + 1 < source.length() && source.charAt(position + 1) == '\n') {
                    position++;
                    newLine();
                } else {
                    position += 2;
                }
                continue;
            }
            if (c == '\n') {
                if (!triple) {
                    throw new PythonLiteralException(Kind.SYNTAX, startLine, startColumn, "unterminated string: a line break inside a "
                            + "single-quoted string (use a triple-quoted string or \\n)");
                }
                newLine();
                continue;
            }
            if (c == quote && (!triple || source.startsWith(String.valueOf(quote).repeat(3), position))) {
                break;
            }
            position++;
        }
        String body = source.substring(bodyStart, position);
        position += triple ? 3 : 1;
        Object value;
        if (bytes) {
            value = new PythonLiteral.Bytes(decodeBytes(body, raw, startLine, startColumn));
        } else {
            value = raw ? body : decodeEscapes(body, false, startLine, startColumn);
        }
        tokens.add(new Token(Type.STRING, source.substring(start, position), value, bytes, fString, startLine, startColumn));
    }

    /**
     * Resolves the escapes of a string body. In bytes ({@code asBytes}) {@code \\u}, {@code \\U} and {@code \\N} are
     * not escapes and an octal escape keeps its low eight bits, so every resulting character is below 256.
     */
    private static String decodeEscapes(String body, boolean asBytes, int startLine, int startColumn) throws PythonLiteralException {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder text = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                text.append(c);
                i++;
                continue;
            }
            char escape = body.charAt(i + 1);
            i += 2;
            switch (escape) {
                case '\n' -> {
                }
                case '\\', '\'', '"' -> text.append(escape);
                case 'a' -> text.append('\u0007');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'v' -> text.append('\u000B');
                case 'x' -> {
                    text.appendCodePoint(hexEscape(body, i, 2, "\\x", startLine, startColumn));
                    i += 2;
                }
                case 'u', 'U' -> {
                    if (asBytes) {
                        text.append('\\').append(escape);
                    } else {
                        int digits = escape == 'u' ? 4 : 8;
                        int codePoint = hexEscape(body, i, digits, "\\" + escape, startLine, startColumn);
                        if (codePoint > Character.MAX_CODE_POINT) {
                            throw new PythonLiteralException(Kind.SYNTAX, startLine, startColumn, "illegal Unicode character in \\U escape");
                        }
                        text.appendCodePoint(codePoint);
                        i += digits;
                    }
                }
                case 'N' -> {
                    if (asBytes) {
                        text.append("\\N");
                    } else {
                        i = namedEscape(body, i, text, startLine, startColumn);
                    }
                }
                default -> {
                    if (escape >= '0' && escape <= '7') {
                        int end = octalEnd(body, i - 1);
                        int value = Integer.parseInt(body.substring(i - 1, end), 8);
                        text.appendCodePoint(asBytes ? value & 0xFF : value);
                        i = end;
                    } else {
                        // Python keeps an unknown escape as written (and warns about it).
                        text.append('\\').append(escape);
                    }
                }
            }
        }
        return text.toString();
    }

    private static byte[] decodeBytes(String body, boolean raw, int startLine, int startColumn) throws PythonLiteralException {
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) >= 0x80) {
                throw new PythonLiteralException(Kind.SYNTAX, startLine, startColumn, "bytes can only contain ASCII literal characters");
            }
        }
        String decoded = raw ? body : decodeEscapes(body, true, startLine, startColumn);
        return decoded.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int octalEnd(String body, int start) {
        int end = start;
        while (end < body.length() && end < start + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
            end++;
        }
        return end;
    }

    private static int hexEscape(String body, int start, int digits, String escape, int line, int column) throws PythonLiteralException {
        if (start + digits > body.length()) {
            throw new PythonLiteralException(Kind.SYNTAX, line, column, "truncated " + escape + " escape: expected " + digits + " hex digits");
        }
        String hex = body.substring(start, start + digits);
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) >= 0x80) {
                throw new PythonLiteralException(Kind.SYNTAX, line, column, "truncated " + escape + " escape: expected " + digits + " hex digits");
            }
        }
        return (int) Long.parseLong(hex, 16);
    }

    private static int namedEscape(String body, int start, StringBuilder text, int line, int column) throws PythonLiteralException {
        int close = body.indexOf('}', start);
        if (start >= body.length() || body.charAt(start) != '{' || close < 0) {
            throw new PythonLiteralException(Kind.SYNTAX, line, column, "malformed \\N character escape");
        }
        String name = body.substring(start + 1, close);
        try {
            // NOTE: Java resolves the Unicode character names only, so Python's name aliases such as \N{LATIN CAPITAL LETTER GHA} fail here.
            text.appendCodePoint(Character.codePointOf(name));
        } catch (IllegalArgumentException e) {
            throw new PythonLiteralException(Kind.SYNTAX, line, column, "unknown Unicode character name '" + name + "'");
        }
        return close + 1;
    }

    // ---------------------------------------------------------------- numbers

    private void readNumber() throws PythonLiteralException {
        int start = position;
        int startColumn = column();
        Object value;
        char first = source.charAt(position);
        char second = position + 1 < source.length() ? Character.toLowerCase(source.charAt(position + 1)) : 0;
        if (first == '0' && (second == 'x' || second == 'o' || second == 'b')) {
            int radix = 2;
            String kind = "binary";
            if (second == 'x') {
                radix = 16;
                kind = "hexadecimal";
            } else if (second == 'o') {
                radix = 8;
                kind = "octal";
            }
            position += 2;
            String digits = digitRun(radix, true, startColumn, kind);
            value = PythonLiteral.normalise(new BigInteger(digits, radix));
        } else {
            value = decimalNumber(startColumn);
        }
        if (position < source.length()) {
            char after = source.charAt(position);
            if (Character.isUnicodeIdentifierPart(after) && !isKeywordStart()) {
                throw new PythonLiteralException(Kind.SYNTAX, line, startColumn, "invalid number literal '"
                        + source.substring(start, Math.min(source.length(), position + 1)) + "'");
            }
        }
        tokens.add(new Token(Type.NUMBER, source.substring(start, position), value, false, false, line, startColumn));
    }

    /** Returns whether a keyword such as {@code if} follows a number directly, which Python only warns about. */
    private boolean isKeywordStart() {
        int end = position;
        while (end < source.length() && Character.isLetter(source.charAt(end))) {
            end++;
        }
        return EXPRESSION_KEYWORDS.contains(source.substring(position, end));
    }

    private Object decimalNumber(int startColumn) throws PythonLiteralException {
        int start = position;
        String integerPart = source.charAt(position) == '.' ? "" : digitRun(10, false, startColumn, "decimal");
        boolean isFloat = false;
        StringBuilder number = new StringBuilder(integerPart);
        if (position < source.length() && source.charAt(position) == '.') {
            isFloat = true;
            position++;
            number.append('.');
            if (position < source.length() && isDigit(source.charAt(position))) {
                number.append(digitRun(10, false, startColumn, "decimal"));
            }
        }
        if (position < source.length() && Character.toLowerCase(source.charAt(position)) == 'e') {
            int exponentStart = position;
            position++;
            String sign = "";
            if (position < source.length() && (source.charAt(position) == '+' || source.charAt(position) == '-')) {
                sign = String.valueOf(source.charAt(position));
                position++;
            }
            if (position >= source.length() || !isDigit(source.charAt(position))) {
                throw new PythonLiteralException(Kind.SYNTAX, line, startColumn, "invalid decimal literal '"
                        + source.substring(start, Math.min(source.length(), exponentStart + 2)) + "'");
            }
            isFloat = true;
            number.append('e').append(sign).append(digitRun(10, false, startColumn, "decimal"));
        }
        boolean imaginary = position < source.length() && Character.toLowerCase(source.charAt(position)) == 'j';
        if (imaginary) {
            position++;
            return new PythonLiteral.Complex(0.0, Double.parseDouble(number.toString()));
        }
        if (isFloat) {
            return Double.parseDouble(number.toString());
        }
        if (integerPart.length() > 1 && integerPart.charAt(0) == '0' && !integerPart.chars().allMatch(c -> c == '0')) {
            throw new PythonLiteralException(Kind.SYNTAX, line, startColumn, "leading zeros in decimal integer literals are not "
                    + "permitted; use an 0o prefix for octal integers");
        }
        return PythonLiteral.normalise(new BigInteger(integerPart));
    }

    /**
     * Reads digits of the radix with single underscores between them. After a base prefix ({@code 0x}) one
     * underscore may come first, as in {@code 0x_1f}.
     */
    private String digitRun(int radix, boolean afterPrefix, int startColumn, String kind) throws PythonLiteralException {
        StringBuilder digits = new StringBuilder();
        boolean underscoreAllowed = afterPrefix;
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '_') {
                if (!underscoreAllowed) {
                    throw new PythonLiteralException(Kind.SYNTAX, line, startColumn, "invalid " + kind + " literal: misplaced '_'");
                }
                underscoreAllowed = false;
                position++;
                if (position >= source.length() || Character.digit(source.charAt(position), radix) < 0 || source.charAt(position) >= 0x80) {
                    throw new PythonLiteralException(Kind.SYNTAX, line, startColumn, "invalid " + kind + " literal: '_' must be "
                            + "followed by a digit");
                }
                continue;
            }
            if (c >= 0x80 || Character.digit(c, radix) < 0) {
                if (radix < 10 && isDigit(c)) {
                    throw new PythonLiteralException(Kind.SYNTAX, line, startColumn, "invalid digit '" + c + "' in " + kind + " literal");
                }
                break;
            }
            digits.append(c);
            underscoreAllowed = true;
            position++;
        }
        if (digits.length() == 0) {
            throw new PythonLiteralException(Kind.SYNTAX, line, startColumn, "invalid " + kind + " literal");
        }
        return digits.toString();
    }

    // ---------------------------------------------------------------- parser

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAfter() {
        return tokens.get(Math.min(next + 1, tokens.size() - 1));
    }

    private Token take() {
        Token token = tokens.get(next);
        if (next < tokens.size() - 1) {
            next++;
        }
        return token;
    }

    private boolean previousWasNewline() {
        return next >= 2 && tokens.get(next - 2).type() == Type.NEWLINE;
    }

    /** Parses one expression, or a tuple without brackets when a comma follows at the top level. */
    private Object parseExpressionList(String closing) throws PythonLiteralException {
        Object first = parseExpression();
        if (!peek().is(",")) {
            return first;
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        while (peek().is(",")) {
            take();
            if (startsExpression(peek())) {
                items.add(parseExpression());
            } else {
                break;
            }
        }
        if (closing == null && peek().type() != Type.NEWLINE && peek().type() != Type.END) {
            throw unexpected(peek());
        }
        return new PythonLiteral.Tuple(items);
    }

    private static boolean startsExpression(Token token) {
        return switch (token.type()) {
            case STRING, NUMBER, NAME -> true;
            case OP -> token.is("(") || token.is("[") || token.is("{") || token.is("+") || token.is("-") || token.is("...")
                    || token.is("*") || token.is("~");
            default -> false;
        };
    }

    private Object parseExpression() throws PythonLiteralException {
        Token start = peek();
        Object value;
        if (start.is("+") || start.is("-")) {
            value = signedNumber();
        } else {
            value = parseAtom();
        }
        if (PythonLiteral.isRealNumber(value) && (peek().is("+") || peek().is("-")) && imaginaryFollows()) {
            // literal_eval allows a real number plus or minus an imaginary one, as in 1+2j or 1-(2j).
            Token operator = take();
            PythonLiteral.Complex imaginary = (PythonLiteral.Complex) numberOperand(operator);
            boolean minus = operator.is("-");
            value = new PythonLiteral.Complex(PythonLiteral.toDouble(value), minus ? -imaginary.imaginary() : imaginary.imaginary());
        }
        rejectContinuation();
        return value;
    }

    private Object signedNumber() throws PythonLiteralException {
        Token sign = take();
        Object number = numberOperand(sign);
        return sign.is("-") ? PythonLiteral.negate(number) : number;
    }

    /**
     * Reads the number after a sign or after the operator of a complex number. Parentheses around it are allowed, as
     * in {@code -(1)}, because they create no node of their own in Python's syntax tree.
     */
    private Object numberOperand(Token operator) throws PythonLiteralException {
        int depth = 0;
        while (peek().is("(")) {
            take();
            depth++;
        }
        Token operand = peek();
        if (operand.type() != Type.NUMBER) {
            if (depth > 0 || startsExpression(operand)) {
                throw error(Kind.NOT_LITERAL, operator, "not a literal: a sign '" + operator.text() + "' applies only to a number, not to "
                        + operand.describe());
            }
            throw unexpected(operand);
        }
        take();
        for (int i = 0; i < depth; i++) {
            if (!peek().is(")")) {
                throw error(Kind.NOT_LITERAL, operator, "not a literal: a sign '" + operator.text() + "' applies only to a number, not to "
                        + "an expression in parentheses");
            }
            take();
        }
        return operand.value();
    }

    /** Returns whether the next tokens are an operator and an imaginary number, maybe in parentheses: {@code +2j}, {@code -((2j))}. */
    private boolean imaginaryFollows() {
        int index = next + 1;
        int depth = 0;
        while (index < tokens.size() && tokens.get(index).is("(")) {
            index++;
            depth++;
        }
        if (index >= tokens.size() || tokens.get(index).type() != Type.NUMBER || !(tokens.get(index).value() instanceof PythonLiteral.Complex)) {
            return false;
        }
        for (int i = 1; i <= depth; i++) {
            if (index + i >= tokens.size() || !tokens.get(index + i).is(")")) {
                return false;
            }
        }
        return true;
    }

    /** Rejects what would turn a literal into a computed expression: operators, calls, subscripts, attributes. */
    private void rejectContinuation() throws PythonLiteralException {
        Token after = peek();
        if (after.type() == Type.OP) {
            String op = after.text();
            if (op.equals("(")) {
                throw error(Kind.NOT_LITERAL, after, "not a literal: a call; a manifest must not run code");
            }
            if (op.equals("[")) {
                throw error(Kind.NOT_LITERAL, after, "not a literal: a subscript; a manifest must not compute values");
            }
            if (op.equals(".")) {
                throw error(Kind.NOT_LITERAL, after, "not a literal: an attribute access; a manifest must not compute values");
            }
            if (OPERATOR_CHARACTERS.indexOf(op.charAt(0)) >= 0 && !op.equals(";")) {
                throw error(Kind.NOT_LITERAL, after, "not a literal: the operator '" + op + "' computes a value, which a manifest "
                        + "must not do");
            }
        } else if (after.type() == Type.NAME && EXPRESSION_KEYWORDS.contains(after.text())) {
            throw error(Kind.NOT_LITERAL, after, "not a literal: a '" + after.text() + "' expression; a manifest must not compute values");
        }
    }

    private Object parseAtom() throws PythonLiteralException {
        Token token = peek();
        switch (token.type()) {
            case STRING:
                return strings();
            case NUMBER:
                take();
                return token.value();
            case NAME:
                return name();
            case OP:
                if (token.is("...")) {
                    take();
                    return PythonLiteral.Ellipsis.INSTANCE;
                }
                if (token.is("(")) {
                    return parenthesized();
                }
                if (token.is("[")) {
                    return list();
                }
                if (token.is("{")) {
                    return braces();
                }
                if (token.is("*") || token.is("~")) {
                    throw error(Kind.NOT_LITERAL, token, "not a literal: the operator '" + token.text() + "'");
                }
                throw unexpected(token);
            default:
                throw unexpected(token);
        }
    }

    private Object strings() throws PythonLiteralException {
        Token first = peek();
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (peek().type() == Type.STRING) {
            Token token = take();
            if (token.fString()) {
                throw error(Kind.NOT_LITERAL, token, "not a literal: an f-string is computed when it runs");
            }
            if (token.bytes() != first.bytes()) {
                throw error(Kind.SYNTAX, token, "cannot mix bytes and str literals");
            }
            if (token.bytes()) {
                bytes.writeBytes(((PythonLiteral.Bytes) token.value()).toByteArray());
            } else {
                text.append((String) token.value());
            }
        }
        return first.bytes() ? new PythonLiteral.Bytes(bytes.toByteArray()) : text.toString();
    }

    private Object name() throws PythonLiteralException {
        Token token = take();
        switch (token.text()) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            case "set":
                // NOTE: literal_eval accepts set() from Python 3.9 on; a 16.0 server on Python 3.7 or 3.8 rejects it.
                if (peek().is("(") && peekAfter().is(")")) {
                    take();
                    take();
                    return Collections.unmodifiableSet(new LinkedHashSet<>());
                }
                break;
            default:
                break;
        }
        boolean operatorKeyword = token.text().equals("not") || token.text().equals("lambda") || token.text().equals("await");
        Type following = peek().type();
        boolean adjacentAtom = following == Type.STRING || following == Type.NUMBER
                || following == Type.NAME && !EXPRESSION_KEYWORDS.contains(peek().text());
        if (!operatorKeyword && adjacentAtom) {
            throw error(Kind.SYNTAX, peek(), "invalid syntax: " + peek().describe() + " directly after the name '" + token.text() + "'");
        }
        String lower = token.text().toLowerCase(Locale.ROOT);
        String hint = switch (lower) {
            case "true" -> "; Python spells it True";
            case "false" -> "; Python spells it False";
            case "none", "null" -> "; Python spells it None";
            default -> "; a manifest may only hold literals such as strings, numbers, True, False, None, lists and dicts";
        };
        throw error(Kind.NOT_LITERAL, token, "not a literal: the name '" + token.text() + "'" + hint);
    }

    private Object parenthesized() throws PythonLiteralException {
        take();
        if (peek().is(")")) {
            take();
            return new PythonLiteral.Tuple(List.of());
        }
        Object value = parseExpressionList(")");
        expect(")");
        return value;
    }

    private Object list() throws PythonLiteralException {
        take();
        List<Object> items = new ArrayList<>();
        while (!peek().is("]")) {
            items.add(parseExpression());
            if (!peek().is(",")) {
                break;
            }
            take();
        }
        expect("]");
        return Collections.unmodifiableList(items);
    }

    private Object braces() throws PythonLiteralException {
        take();
        if (peek().is("}")) {
            take();
            return Collections.unmodifiableMap(new LinkedHashMap<>());
        }
        if (peek().is("*") && peekAfter().is("*")) {
            throw error(Kind.NOT_LITERAL, peek(), "not a literal: '**' unpacking");
        }
        Token firstToken = peek();
        Object first = parseExpression();
        if (peek().is(":")) {
            return dict(firstToken, first);
        }
        Set<Object> items = new LinkedHashSet<>();
        Token itemToken = firstToken;
        Object item = first;
        while (true) {
            requireHashable(itemToken, item, "a set element");
            items.add(item);
            if (!peek().is(",")) {
                break;
            }
            take();
            if (peek().is("}")) {
                break;
            }
            itemToken = peek();
            item = parseExpression();
            if (peek().is(":")) {
                throw error(Kind.SYNTAX, peek(), "invalid syntax: a set cannot hold 'key: value' pairs");
            }
        }
        expect("}");
        return Collections.unmodifiableSet(items);
    }

    private Object dict(Token firstToken, Object firstKey) throws PythonLiteralException {
        Map<Object, Object> entries = new LinkedHashMap<>();
        Token keyToken = firstToken;
        Object key = firstKey;
        while (true) {
            expect(":");
            Object value = parseExpression();
            requireHashable(keyToken, key, "a dict key");
            entries.put(key, value);
            if (!peek().is(",")) {
                break;
            }
            take();
            if (peek().is("}")) {
                break;
            }
            if (peek().is("*") && peekAfter().is("*")) {
                throw error(Kind.NOT_LITERAL, peek(), "not a literal: '**' unpacking");
            }
            keyToken = peek();
            key = parseExpression();
            if (!peek().is(":")) {
                throw error(Kind.SYNTAX, peek(), "':' expected after dictionary key");
            }
        }
        expect("}");
        return Collections.unmodifiableMap(entries);
    }

    private void requireHashable(Token token, Object value, String role) throws PythonLiteralException {
        // NOTE: Python also merges keys that compare equal across types (1, 1.0 and True); this reader keeps them apart.
        if (!PythonLiteral.hashable(value)) {
            throw error(Kind.UNHASHABLE, token, "unhashable type '" + PythonLiteral.typeName(value) + "' as " + role);
        }
    }

    private void expect(String op) throws PythonLiteralException {
        Token token = peek();
        if (!token.is(op)) {
            if (startsExpression(token) && !token.is("+") && !token.is("-")) {
                throw error(Kind.SYNTAX, token, "invalid syntax: expected '" + op + "' before " + token.describe()
                        + "; perhaps a comma is missing");
            }
            throw error(Kind.SYNTAX, token, "invalid syntax: expected '" + op + "' but found " + token.describe());
        }
        take();
    }

    private PythonLiteralException unexpected(Token token) {
        return error(Kind.SYNTAX, token, "invalid syntax: unexpected " + token.describe());
    }

    private static PythonLiteralException error(Kind kind, Token token, String detail) {
        return new PythonLiteralException(kind, token.line(), token.column(), detail);
    }
}
