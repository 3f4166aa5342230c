package io.jenkins.plugins.odoorelease.common;

import java.time.Duration;

/** Waits for a while; tests replace it so that a wait of hours takes no time. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps with {@link Thread#sleep(long)}, so that an interrupt (an aborted build) ends the wait. */
    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
