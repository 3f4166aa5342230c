package io.jenkins.plugins.odoorelease.report;

/** The outcome of a step, from its findings: any error fails it, any warning makes it a warning. */
public enum Verdict {
    PASS,
    WARN,
    FAIL;

    /** Returns the worse of the two verdicts. */
    public Verdict worst(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** Returns the verdict that findings of this severity lead to. */
    public static Verdict of(Severity severity) {
        return switch (severity) {
            case INFO -> PASS;
            case WARNING -> WARN;
            case ERROR -> FAIL;
        };
    }
}
