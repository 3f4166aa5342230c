package io.jenkins.plugins.odoorelease.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a step found.
 *
 * @param code the stable code, see {@link FindingCode}
 * @param severity how much it matters
 * @param subject what it is about: a module, table, object key, metric or window
 * @param message what was found and what to do, as sentences
 * @param details extra values for machines and auditors, such as sample ids; may be empty
 */
public record Finding(String code, Severity severity, String subject, String message, Map<String, Object> details) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Finding of(FindingCode code, Severity severity, String subject, String message) {
        return new Finding(code.code(), severity, subject, message, Map.of());
    }

    public Finding withDetails(Map<String, Object> newDetails) {
        return new Finding(code, severity, subject, message, newDetails);
    }
}
