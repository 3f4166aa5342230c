package io.jenkins.plugins.odoorelease.freeze;

/**
 * Thrown when a recurring window has more occurrences in the range the guard looks at than it expands, such as a cron
 * window that starts every minute. The guard reports the window as invalid rather than deciding on a truncated list.
 */
public final class OccurrenceLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OccurrenceLimitException(int limit) {
        super("the window recurs more than " + limit + " times in the range the guard looks at; give it a longer interval");
    }
}
