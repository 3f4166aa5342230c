package io.jenkins.plugins.odoorelease.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A read-only view of one object version as a {@link SeekableByteChannel}, served by ranged GETs of
 * {@value #BLOCK_SIZE} bytes with the last block cached. It lets a zip reader fetch the central directory at the
 * end of a large archive without downloading the rest. Reading never changes the object.
 */
public final class RangeReadChannel implements SeekableByteChannel {

    static final int BLOCK_SIZE = 256 * 1024;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final String versionId;
    private final long size;
    private long position;
    private long blockStart = -1;
    private byte[] block;
    private boolean open = true;
    private int requests;

    /**
     * @param versionId the version to read, or {@code null} for the current one
     * @param size the object's size from a HEAD request
     */
    public RangeReadChannel(S3Client client, String bucket, String key, String versionId, long size) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.versionId = versionId;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        if (block == null || position < blockStart || position >= blockStart + block.length) {
            fetch(position);
        }
        int offset = (int) (position - blockStart);
        int length = Math.min(destination.remaining(), block.length - offset);
        destination.put(block, offset, length);
        position += length;
        return length;
    }

    private void fetch(long start) throws IOException {
        long end = Math.min(size, start + BLOCK_SIZE) - 1;
        try {
            block = client.getObjectAsBytes(request -> request.bucket(bucket).key(key).versionId(versionId)
                    .range("bytes=" + start + "-" + end)).asByteArray();
        } catch (SdkException e) {
            throw new IOException("reading bytes " + start + "-" + end + " of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
        if (block.length != end - start + 1) {
            throw new IOException("the store returned " + block.length + " bytes for the range " + start + "-" + end + " of s3://"
                    + bucket + "/" + key + "; the object changed while it was read");
        }
        blockStart = start;
        requests++;
    }

    /** Returns how many ranged GETs the channel has sent. */
    public int requests() {
        return requests;
    }

    @Override
    public int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        block = null;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
