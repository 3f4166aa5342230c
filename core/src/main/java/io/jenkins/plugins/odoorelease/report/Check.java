package io.jenkins.plugins.odoorelease.report;

import java.util.Objects;

/**
 * A named check a step ran, shown as one test case in JUnit XML, for example one module of a migration plan.
 *
 * @param group the test suite or class it belongs to, for example {@code modules}
 * @param name the test case name, for example {@code sale_stock}
 * @param verdict its outcome; {@code FAIL} becomes a JUnit failure
 * @param message what the check found, shown as the failure message or the test case output
 */
public record Check(String group, String name, Verdict verdict, String message) {

    public Check {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        message = message == null ? "" : message;
    }
}
