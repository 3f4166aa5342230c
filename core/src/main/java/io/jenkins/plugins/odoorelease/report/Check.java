package io.jenkins.plugins.odoorelease.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A named check a step ran, shown as one test case in JUnit XML, for example one module of a migration plan.
 *
 * @param group the test suite or class it belongs to, for example {@code modules}
 * @param name the test case name, for example {@code sale_stock}
 * @param verdict its outcome; {@code FAIL} becomes a JUnit failure
 * @param message what the check found, shown as the failure message or the test case output
 * @param skipped whether the check did not run, shown as a skipped JUnit test case with the message as its reason
 */
public record Check(String group, String name, Verdict verdict, String message,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean skipped) {

    public Check {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        message = message == null ? "" : message;
    }

    /** Returns a check that ran. */
    public Check(String group, String name, Verdict verdict, String message) {
        this(group, name, verdict, message, false);
    }

    /** Returns a check that did not run, with the reason. */
    public static Check skipped(String group, String name, String reason) {
        return new Check(group, name, Verdict.PASS, reason, true);
    }
}
