package io.jenkins.plugins.odoorelease.report;

/**
 * A stable finding code such as {@code FREEZE_ACTIVE}. Each capability declares its codes in an enum that
 * implements this interface; {@code docs/findings.md} lists them all, and a published code keeps its meaning.
 */
public interface FindingCode {

    /** The code as it appears in reports, in upper snake case. */
    String code();

    /** One line that says what the finding means, as {@code docs/findings.md} shows it. */
    String summary();
}
