package io.jenkins.plugins.odoorelease.odoo;

/**
 * A text that {@code ast.literal_eval} would reject: invalid Python, or valid Python that is not a literal.
 * Line and column are 1-based and point at the offending token.
 */
public final class PythonLiteralException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the text was rejected, following the exception Python raises. */
    public enum Kind {
        /** Python's {@code SyntaxError} or {@code IndentationError}: the text is not valid Python. */
        SYNTAX,
        /** Python's {@code ValueError: malformed node}: valid Python, but not a literal, so it would have to run. */
        NOT_LITERAL,
        /** Python's {@code TypeError: unhashable type}: a list, dict or set as a dict key or set element. */
        UNHASHABLE
    }

    private final Kind kind;
    private final int line;
    private final int column;
    private final String detail;

    public PythonLiteralException(Kind kind, int line, int column, String detail) {
        super("line " + line + ", column " + column + ": " + detail);
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String detail() {
        return detail;
    }
}
