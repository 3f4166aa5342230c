package io.jenkins.plugins.odoorelease.canary;

/**
 * The abort and detach flags of a running rollout, as the controller reads them. Once the rollback has started, an
 * abort no longer interrupts the thread, because an interrupted rollback would leave traffic on the canary.
 */
interface AbortSignal {

    /** Throws when the run was aborted, so that the rollout stops between two actions. */
    void check() throws InterruptedException;

    /** Returns whether the run was detached rather than aborted: it stops without rolling back. */
    boolean detached();

    /** Marks the start of a rollback: clears a pending interrupt and ignores later ones. */
    void enterRollback();
}
