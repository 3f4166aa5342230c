package io.jenkins.plugins.odoorelease.backup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import io.jenkins.plugins.odoorelease.common.Sha256;
import java.security.MessageDigest;

/**
 * Computes the SHA-256 and size of everything read through it, and stops with an {@link InterruptedIOException}
 * when the thread is interrupted, so that an aborted build ends a long download.
 */
final class HashingInputStream extends FilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private long count;

    HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while reading the backup");
        }
        int read = super.read(bytes, offset, length);
        if (read > 0) {
            digest.update(bytes, offset, read);
            count += read;
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads the rest of the stream, so that the digest covers the whole object. */
    void drain() throws IOException {
        byte[] buffer = new byte[256 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // only the digest and count matter
        }
    }

    long count() {
        return count;
    }

    String sha256() {
        return Sha256.hex(digest);
    }
}
