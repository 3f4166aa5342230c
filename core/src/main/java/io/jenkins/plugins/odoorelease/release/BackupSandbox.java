package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.s3.S3Settings;

/**
 * The servers the demo's backup stages use: a PostgreSQL server and an S3 store, both on this machine. The front
 * end provides them (the CLI starts an embedded PostgreSQL and an in-process S3 server), and {@link #close()} stops
 * them and deletes their files.
 */
public interface BackupSandbox extends AutoCloseable {

    /** Returns a target for the server's {@code postgres} database, with the credentials it needs. */
    PgTarget server();

    /** Returns the settings of the S3 store, with its credentials. */
    S3Settings s3();

    /** Creates a bucket and returns its name. */
    String createBucket(String name);

    @Override
    void close();
}
