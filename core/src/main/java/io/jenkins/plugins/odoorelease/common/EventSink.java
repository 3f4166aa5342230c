package io.jenkins.plugins.odoorelease.common;

/**
 * Receives what the engine does while it works: log lines and progress of long transfers. The engine never
 * prints; the Jenkins plugin writes these events to the build log and the CLI to standard error.
 * Implementations must be safe to call from several threads.
 */
public interface EventSink {

    /** An event sink that discards everything. */
    EventSink NONE = new EventSink() {
        @Override
        public void log(LogLevel level, String message) {
        }

        @Override
        public void progress(String task, long done, long total, ProgressUnit unit) {
        }
    };

    /** Records one log line: a short factual sentence without a prefix. */
    void log(LogLevel level, String message);

    /**
     * Reports how far a long task has come.
     *
     * @param task what is being done, for example {@code Uploading dump.sql}
     * @param done units done so far
     * @param total units in all, or a negative number when unknown
     * @param unit what the numbers count
     */
    void progress(String task, long done, long total, ProgressUnit unit);

    default void debug(String message) {
        log(LogLevel.DEBUG, message);
    }

    default void info(String message) {
        log(LogLevel.INFO, message);
    }

    default void warning(String message) {
        log(LogLevel.WARNING, message);
    }

    default void error(String message) {
        log(LogLevel.ERROR, message);
    }

    /** What a progress count measures. */
    enum ProgressUnit {
        BYTES,
        ITEMS
    }
}
