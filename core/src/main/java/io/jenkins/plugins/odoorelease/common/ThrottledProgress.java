package io.jenkins.plugins.odoorelease.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns a stream of progress events into at most one line per interval for one task, plus the final line,
 * so that a build log shows a long transfer without thousands of lines. Not thread-safe: use one per task.
 */
public final class ThrottledProgress {

    private final Duration interval;
    private final Clock clock;
    private Instant lastPrinted;
    private String lastTask;

    public ThrottledProgress(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Returns the line to print for this event, or {@code null} when the event falls inside the interval of
     * the previous line. The first event of a task and the event that completes it always give a line.
     */
    public String line(String task, long done, long total, EventSink.ProgressUnit unit) {
        Instant now = clock.instant();
        boolean complete = total >= 0 && done >= total;
        boolean newTask = !task.equals(lastTask);
        if (!newTask && !complete && lastPrinted != null && now.isBefore(lastPrinted.plus(interval))) {
            return null;
        }
        lastPrinted = now;
        lastTask = task;
        return format(task, done, total, unit);
    }

    /** Formats a progress line, for example {@code Uploading dump.sql: 1.2 GiB of 3.4 GiB (35%)}. */
    public static String format(String task, long done, long total, EventSink.ProgressUnit unit) {
        String doneText = unit == EventSink.ProgressUnit.BYTES ? Sizes.format(done) : String.format(Locale.ROOT, "%,d", done);
        if (total < 0) {
            return task + ": " + doneText;
        }
        String totalText = unit == EventSink.ProgressUnit.BYTES ? Sizes.format(total) : String.format(Locale.ROOT, "%,d", total);
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        return task + ": " + doneText + " of " + totalText + " (" + percent + "%)";
    }
}
