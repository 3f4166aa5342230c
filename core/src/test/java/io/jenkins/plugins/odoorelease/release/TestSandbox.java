package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;

/** The shared test servers as the demo's sandbox; closing it only records that the demo closed it. */
final class TestSandbox implements BackupSandbox {

    volatile boolean closed;

    @Override
    public PgTarget server() {
        return PostgresServer.target("postgres");
    }

    @Override
    public S3Settings s3() {
        return S3Server.settings();
    }

    @Override
    public String createBucket(String name) {
        return S3Server.createBucket(name);
    }

    @Override
    public void close() {
        closed = true;
    }
}
