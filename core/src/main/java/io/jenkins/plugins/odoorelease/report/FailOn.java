package io.jenkins.plugins.odoorelease.report;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** The policy that decides which verdicts fail the build or give a non-zero exit code. */
public enum FailOn implements Keyword {
    /** Fail on a {@code FAIL} verdict only; the default. */
    ERROR("error"),
    /** Fail on a {@code WARN} or {@code FAIL} verdict. */
    WARNING("warning"),
    /** Never fail; the report still records the verdict. */
    NEVER("never");

    private final String keyword;

    FailOn(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** Returns whether a step with this verdict fails under this policy. */
    public boolean fails(Verdict verdict) {
        return switch (this) {
            case ERROR -> verdict == Verdict.FAIL;
            case WARNING -> verdict != Verdict.PASS;
            case NEVER -> false;
        };
    }
}
