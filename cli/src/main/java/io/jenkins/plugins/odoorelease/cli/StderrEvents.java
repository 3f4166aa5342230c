package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.common.ThrottledProgress;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Writes the engine's events to standard error: warnings and errors with a prefix, progress at most every 5 s per task. */
final class StderrEvents implements EventSink {

    private final PrintStream err;
    private final boolean verbose;
    private final boolean quiet;
    private final OptionNames names;
    private final Map<String, ThrottledProgress> progress = new HashMap<>();

    StderrEvents(PrintStream err, boolean verbose, boolean quiet) {
        this(err, verbose, quiet, OptionNames.NONE);
    }

    /** Writes the events with the step parameters that they name shown as the command's options. */
    StderrEvents(PrintStream err, boolean verbose, boolean quiet, OptionNames names) {
        this.err = err;
        this.verbose = verbose;
        this.quiet = quiet;
        this.names = names;
    }

    @Override
    public synchronized void log(LogLevel level, String text) {
        String message = names.translateText(text);
        switch (level) {
            case DEBUG -> {
                if (verbose) {
                    err.println(message);
                }
            }
            case INFO -> {
                if (!quiet) {
                    err.println(message);
                }
            }
            case WARNING -> err.println("WARNING: " + message);
            case ERROR -> err.println("ERROR: " + message);
        }
    }

    @Override
    public synchronized void progress(String task, long done, long total, ProgressUnit unit) {
        if (quiet) {
            return;
        }
        ThrottledProgress throttle = progress.computeIfAbsent(task, t -> new ThrottledProgress(Duration.ofSeconds(5), Clock.systemUTC()));
        String line = throttle.line(task, done, total, unit);
        if (line != null) {
            err.println(line);
        }
    }
}
