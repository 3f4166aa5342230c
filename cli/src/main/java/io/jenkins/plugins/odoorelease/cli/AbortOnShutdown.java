package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.canary.CanaryRollout;
import io.jenkins.plugins.odoorelease.common.EventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a running command cleanly when the JVM is asked to stop (Ctrl-C sends SIGINT, a CI server's cancel usually
 * SIGTERM): a canary rolls back, a backup aborts its upload and deletes what it wrote. The shutdown hook aborts the
 * work and waits until the command has finished its clean-up and printed its last line. The JVM exits only after that.
 */
final class AbortOnShutdown implements AutoCloseable {

    /** Hooks that are running while their command prints its outcome; {@link #commandFinished} lets them return. */
    private static final Set<CountDownLatch> STOPPING = ConcurrentHashMap.newKeySet();

    /** How long the hook waits for the rollback; a CI server that kills harder sooner wins all the same. */
    static final long ROLLBACK_WAIT_MINUTES = 5;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    AbortOnShutdown(CanaryRollout rollout, EventSink events) {
        this(rollout::abort, events);
    }

    /** Calls {@code abort} when the JVM is asked to stop, then waits for the rollback to finish. */
    AbortOnShutdown(Runnable abort, EventSink events) {
        this(abort, "Stop requested; rolling the canary back before exiting.", "The rollback did not finish within "
                + ROLLBACK_WAIT_MINUTES + " min; check the TraefikService.", events);
    }

    /**
     * Calls {@code abort} when the JVM is asked to stop, then waits for the command to finish.
     *
     * @param stopping the warning logged when the stop begins
     * @param timedOut the error logged when the command does not finish in time
     */
    AbortOnShutdown(Runnable abort, String stopping, String timedOut, EventSink events) {
        hook = new Thread(() -> {
            events.warning(stopping);
            abort.run();
            try {
                if (!done.await(ROLLBACK_WAIT_MINUTES, TimeUnit.MINUTES)) {
                    events.error(timedOut);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "odoo-release-abort");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Marks the rollout as finished, report included, so that a pending hook lets the JVM exit. */
    void finished() {
        done.countDown();
    }

    /**
     * Removes the hook. When the JVM is already stopping, the hook keeps waiting until {@link #commandFinished}, so that
     * the command can still print why it stopped; the JVM halts as soon as every hook has returned.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            done.countDown();
        } catch (IllegalStateException e) {
            STOPPING.add(done);
        }
    }

    /** Lets every hook that waits for its command's last line return; the entry point calls it after printing. */
    static void commandFinished() {
        for (CountDownLatch latch : STOPPING) {
            latch.countDown();
            STOPPING.remove(latch);
        }
    }
}
