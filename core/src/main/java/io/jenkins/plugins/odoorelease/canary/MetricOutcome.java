package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.Keyword;

/** The result of one measurement, and of a metric or an analysis as a whole. */
public enum MetricOutcome implements Keyword {
    SUCCESSFUL("successful"),
    FAILED("failed"),
    /** No answer either way: no data, NaN, too few requests or an unreachable source. Never counts as a pass. */
    INCONCLUSIVE("inconclusive");

    private final String keyword;

    MetricOutcome(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
