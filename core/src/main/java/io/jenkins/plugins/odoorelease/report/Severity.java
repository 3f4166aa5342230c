package io.jenkins.plugins.odoorelease.report;

/** How much a finding matters: an error fails the step, a warning marks it, information only records. */
public enum Severity {
    INFO,
    WARNING,
    ERROR
}
