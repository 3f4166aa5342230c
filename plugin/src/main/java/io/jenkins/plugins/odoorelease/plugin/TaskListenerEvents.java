package io.jenkins.plugins.odoorelease.plugin;

import hudson.model.TaskListener;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.common.ThrottledProgress;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Writes the engine's events to the build log: progress at most every 10 s per task, debug lines left out. */
final class TaskListenerEvents implements EventSink {

    private final PrintStream logger;
    private final Map<String, ThrottledProgress> progress = new HashMap<>();

    TaskListenerEvents(TaskListener listener) {
        this.logger = listener.getLogger();
    }

    @Override
    public synchronized void log(LogLevel level, String message) {
        switch (level) {
            case DEBUG -> {
                // Debug lines would drown a build log; the report keeps the details.
            }
            case INFO -> logger.println(message);
            case WARNING -> logger.println("WARNING: " + message);
            case ERROR -> logger.println("ERROR: " + message);
        }
    }

    @Override
    public synchronized void progress(String task, long done, long total, ProgressUnit unit) {
        ThrottledProgress throttle = progress.computeIfAbsent(task, t -> new ThrottledProgress(Duration.ofSeconds(10), Clock.systemUTC()));
        String line = throttle.line(task, done, total, unit);
        if (line != null) {
            logger.println(line);
        }
    }
}
