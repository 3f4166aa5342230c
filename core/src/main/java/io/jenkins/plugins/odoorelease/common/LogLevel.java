package io.jenkins.plugins.odoorelease.common;

/** Importance of a log line; front ends decide which levels they show. */
public enum LogLevel {
    DEBUG,
    INFO,
    WARNING,
    ERROR
}
