package io.jenkins.plugins.odoorelease.s3;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * Writes one S3 object from a stream of unknown length without keeping it on disk: the bytes are cut into parts
 * and sent with a multipart upload while the next part fills, so memory stays at two parts of the current part size.
 * Each part goes to the SDK as a stream over the part's own array, because {@code RequestBody.fromBytes} would copy
 * it and hold a third part. The stream computes the SHA-256 of everything written and stores it as the object's
 * {@code sha256} user metadata.
 *
 * <p>S3 takes user metadata when an upload starts, before the content is known. So after a multipart upload
 * completes, the object is copied onto itself on the server with its metadata replaced (a multipart copy above
 * 5 GiB), and the first version is deleted when the bucket keeps versions. When the bucket refuses that delete
 * (object lock, or no {@code s3:DeleteObjectVersion}), the first version stays as a noncurrent one and
 * {@link #keptVersion()} names it. An object smaller than one part is sent with a single PUT that carries the
 * metadata at once.
 *
 * <p>Call {@link #close()} to finish the object, or {@link #abort()} to discard everything sent so far; a stream
 * that is neither closed nor aborted leaves an incomplete upload that the bucket's lifecycle rules must clean up.
 */
public final class MultipartUploadStream extends OutputStream {

    /** The smallest part S3 accepts, except for the last one. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 16 * 1024 * 1024;
    /** S3 allows at most this many parts; the part size doubles every {@value #PARTS_PER_SIZE} parts to stay below it. */
    static final int MAX_PARTS = 10_000;
    /** How far the store's clock may lag behind this machine's when it dates an object. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);
    static final int PARTS_PER_SIZE = 2_000;
    /** CopyObject copies at most 5 GiB; a larger object is copied in parts of this size. */
    static final long COPY_PART_SIZE = 1L << 30;
    static final long MAX_SINGLE_COPY = 5L << 30;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final Map<String, String> metadata;
    private final String contentType;
    private final EventSink events;
    private final String task;
    private final MessageDigest sha256;
    private final ExecutorService uploader;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private int partSize;
    private byte[] buffer;
    private int filled;
    private long size;
    private String uploadId;
    private StoredObject result;
    private boolean finished;
    /** Whether the multipart upload completed, so that a failure afterwards must delete the object it made. */
    private boolean uploadCompleted;
    /** Whether the completion request failed without a response, so the store may or may not have made the object. */
    private boolean completionUnknown;
    /** When {@link #close()} began, to tell this upload's object from an older one at the key. */
    private Instant closeStarted = Instant.EPOCH;
    private String completedVersion;
    private String keptVersion;

    /**
     * Prepares an upload; nothing is sent before the first part is full.
     *
     * @param metadata user metadata to store besides {@code sha256}
     * @param partSize bytes per part, at least {@link #MIN_PART_SIZE}
     * @param task the progress task name, such as {@code Uploading backups/prod.zip}
     */
    public MultipartUploadStream(S3Client client, String bucket, String key, Map<String, String> metadata, String contentType,
            int partSize, EventSink events, String task) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size " + partSize + " is below the S3 minimum of " + MIN_PART_SIZE);
        }
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.metadata = new LinkedHashMap<>(metadata);
        this.contentType = contentType;
        this.partSize = partSize;
        this.events = events;
        this.task = task;
        this.buffer = new byte[partSize];
        this.sha256 = Sha256.newDigest();
        this.uploader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "s3-upload " + key);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("the upload of " + key + " is already finished");
        }
        sha256.update(bytes, offset, length);
        size += length;
        int position = offset;
        int remaining = length;
        while (remaining > 0) {
            int chunk = Math.min(remaining, buffer.length - filled);
            System.arraycopy(bytes, position, buffer, filled, chunk);
            filled += chunk;
            position += chunk;
            remaining -= chunk;
            if (filled == buffer.length) {
                sendPart();
            }
        }
    }

    /**
     * Starts the multipart upload before any content is written, so that a missing bucket, wrong credentials or a
     * missing write permission show before a long-running producer such as pg_dump starts. Without this call the upload
     * starts with the first full part, and a small object goes up with one PUT.
     *
     * @throws IOException when the store refuses the upload
     */
    public void start() throws IOException {
        if (uploadId != null) {
            return;
        }
        try {
            startUpload();
        } catch (SdkException e) {
            throw new IOException("the upload of s3://" + bucket + "/" + key + " could not start: " + e.getMessage(), e);
        }
    }

    /** Returns the bytes written so far. */
    public long size() {
        return size;
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                startUpload();
            }
            waitForPartInFlight();
            int partNumber = parts.size() + 1;
            if (partNumber > MAX_PARTS) {
                throw new IOException("the object " + key + " needs more than " + MAX_PARTS + " parts; raise the part size");
            }
            // The task lets go of the part before its result is set, because a waiting writer wakes up then and allocates
            // the next buffer, while the finished task may still hold its callable for a moment.
            AtomicReference<RequestBody> body = new AtomicReference<>(body(buffer, filled));
            long sent = size;
            parts.add(uploader.submit(() -> {
                try {
                    String eTag = client.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                            .partNumber(partNumber), body.get()).eTag();
                    events.progress(task, sent, -1, EventSink.ProgressUnit.BYTES);
                    return CompletedPart.builder().partNumber(partNumber).eTag(eTag).build();
                } finally {
                    body.set(null);
                }
            }));
            if (partNumber % PARTS_PER_SIZE == 0 && partSize <= Integer.MAX_VALUE / 2) {
                partSize *= 2;
            }
            buffer = new byte[partSize];
            filled = 0;
        } catch (SdkException e) {
            throw new IOException("the upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the multipart upload. When the request fails after the store may have created the upload, as an interrupt
     * in the middle of the call does, the store's incomplete uploads of this key are aborted, so none is left behind.
     * The key names one backup, so no other writer's upload has it.
     */
    private void startUpload() {
        try {
            uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(key).contentType(contentType)
                    .metadata(metadata)).uploadId();
        } catch (SdkServiceException e) {
            // The store responded with an error, so it created no upload.
            throw e;
        } catch (SdkException e) {
            withoutInterrupt(this::abortUploadsOfKey);
            throw e;
        }
    }

    private void abortUploadsOfKey() {
        try {
            for (MultipartUpload upload : client.listMultipartUploads(request -> request.bucket(bucket).prefix(key)).uploads()) {
                if (upload.key().equals(key)) {
                    client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(upload.uploadId()));
                }
            }
        } catch (SdkException e) {
            events.warning("Could not check for an incomplete upload of s3://" + bucket + "/" + key + " (" + e.getMessage()
                    + "); a lifecycle rule that aborts incomplete multipart uploads removes its parts.");
        }
    }

    /**
     * Returns a request body that reads the first {@code length} bytes of {@code content} without copying them. Its
     * type is the one {@code RequestBody.fromBytes} gives; the object's content type comes from the request.
     */
    private static RequestBody body(byte[] content, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, 0, length), length, "application/octet-stream");
    }

    /** Waits for the part in flight, so that memory stays at two parts: the one uploading and the one filling. */
    private void waitForPartInFlight() throws IOException {
        if (!parts.isEmpty()) {
            await(parts.get(parts.size() - 1));
        }
    }

    private static CompletedPart await(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a part was uploading");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("a part upload failed: " + cause.getMessage(), cause);
        }
    }

    /** Sends the last part, completes the object and stores its SHA-256 in its metadata. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        closeStarted = Instant.now();
        String hex = Sha256.hex(sha256);
        Map<String, String> finalMetadata = new LinkedHashMap<>(metadata);
        finalMetadata.put(ObjectMetadata.SHA256, hex);
        finalMetadata.put(ObjectMetadata.SIZE, String.valueOf(size));
        try {
            if (uploadId == null) {
                PutObjectResponse response = client.putObject(request -> request.bucket(bucket).key(key).contentType(contentType)
                        .metadata(finalMetadata), body(buffer, filled));
                result = new StoredObject(bucket, key, hex, size, response.versionId());
            } else {
                if (filled > 0 || parts.isEmpty()) {
                    sendLastPart();
                }
                List<CompletedPart> completed = new ArrayList<>();
                for (Future<CompletedPart> part : parts) {
                    completed.add(await(part));
                }
                CompleteMultipartUploadResponse done;
                try {
                    done = client.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                            .multipartUpload(upload -> upload.parts(completed)));
                } catch (SdkServiceException e) {
                    throw e;
                } catch (SdkException e) {
                    completionUnknown = true;
                    throw e;
                }
                uploadId = null;
                uploadCompleted = true;
                completedVersion = done.versionId();
                result = new StoredObject(bucket, key, hex, size, replaceMetadata(finalMetadata, done.versionId()));
            }
            events.progress(task, size, size, EventSink.ProgressUnit.BYTES);
            finished = true;
        } catch (SdkException e) {
            discardQuietly();
            throw new IOException("the upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            discardQuietly();
            throw e;
        } finally {
            uploader.shutdownNow();
            buffer = null;
        }
    }

    private void sendLastPart() throws IOException {
        int partNumber = parts.size() + 1;
        String eTag = client.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                body(buffer, filled)).eTag();
        parts.add(java.util.concurrent.CompletableFuture.completedFuture(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build()));
    }

    /**
     * Copies the completed object onto itself with the final metadata and returns the new version id. When the bucket
     * keeps versions, the first version, which lacks the SHA-256, is deleted so that only the described one remains.
     */
    private String replaceMetadata(Map<String, String> finalMetadata, String firstVersion) {
        String versionId;
        if (size <= MAX_SINGLE_COPY) {
            versionId = client.copyObject(request -> request.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                    .destinationKey(key).metadataDirective(MetadataDirective.REPLACE).contentType(contentType)
                    .metadata(finalMetadata)).versionId();
        } else {
            versionId = copyInParts(finalMetadata);
        }
        if (firstVersion != null && !firstVersion.equals(versionId)) {
            try {
                client.deleteObject(request -> request.bucket(bucket).key(key).versionId(firstVersion));
            } catch (SdkException e) {
                keptVersion = firstVersion;
                events.warning("Could not delete version " + firstVersion + " of s3://" + bucket + "/" + key + ", which was written "
                        + "before its SHA-256 was known (" + e.getMessage() + "); it stays as a noncurrent version until a lifecycle "
                        + "rule removes it. The current version is complete.");
            }
        }
        return versionId;
    }

    /**
     * Returns the id of the object's first version when the bucket refused to delete it after the metadata was
     * replaced, or {@code null}.
     */
    public String keptVersion() {
        return keptVersion;
    }

    private String copyInParts(Map<String, String> finalMetadata) {
        String copyId = client.createMultipartUpload(request -> request.bucket(bucket).key(key).contentType(contentType)
                .metadata(finalMetadata)).uploadId();
        try {
            List<CompletedPart> copied = new ArrayList<>();
            long offset = 0;
            int partNumber = 1;
            while (offset < size) {
                long last = Math.min(size, offset + COPY_PART_SIZE) - 1;
                String range = "bytes=" + offset + "-" + last;
                int number = partNumber;
                UploadPartCopyResponse response = client.uploadPartCopy(request -> request.sourceBucket(bucket).sourceKey(key)
                        .destinationBucket(bucket).destinationKey(key).uploadId(copyId).partNumber(number).copySourceRange(range));
                copied.add(CompletedPart.builder().partNumber(number).eTag(response.copyPartResult().eTag()).build());
                offset = last + 1;
                partNumber++;
            }
            return client.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(copyId)
                    .multipartUpload(upload -> upload.parts(copied))).versionId();
        } catch (SdkException e) {
            client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(copyId));
            throw e;
        }
    }

    /**
     * Discards the upload: parts sent so far are deleted and no object appears. It works in an interrupted thread too.
     */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        uploader.shutdownNow();
        withoutInterrupt(this::abortQuietly);
        buffer = null;
    }

    /**
     * Runs clean-up requests with the thread's interrupt cleared, because the SDK fails a request at once while it is
     * set, and sets the interrupt again afterwards.
     */
    private static void withoutInterrupt(Runnable cleanUp) {
        boolean interrupted = Thread.interrupted();
        try {
            cleanUp.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Removes what a failed {@link #close()} left: the incomplete upload, or the object that completed without metadata. */
    private void discardQuietly() {
        withoutInterrupt(() -> {
            if (completionUnknown) {
                findCompletedObject();
            }
            abortQuietly();
            if (uploadCompleted && result == null) {
                try {
                    client.deleteObject(request -> request.bucket(bucket).key(key).versionId(completedVersion));
                } catch (SdkException e) {
                    events.warning("Could not delete s3://" + bucket + "/" + key + (completedVersion == null ? "" : " version "
                            + completedVersion) + " of the failed upload (" + e.getMessage() + "); delete it by hand.");
                }
            }
        });
    }

    /**
     * Checks whether a completion whose response was lost made the object. The object at the key is this upload's only
     * when its ETag ends with this upload's part count (a multipart object's ETag does), it carries no SHA-256 yet, and
     * the store wrote it after {@link #close()} began, give or take a minute of clock difference. It is then deleted like
     * any object of a failed upload. An object that another writer put at the key is left alone, and the upload is
     * aborted.
     */
    private void findCompletedObject() {
        try {
            HeadObjectResponse head = client.headObject(request -> request.bucket(bucket).key(key));
            String eTag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
            boolean recent = head.lastModified() == null || !head.lastModified().isBefore(closeStarted.minus(CLOCK_SLACK));
            if (eTag.endsWith("-" + parts.size()) && !head.metadata().containsKey(ObjectMetadata.SHA256) && recent) {
                uploadId = null;
                uploadCompleted = true;
                completedVersion = head.versionId();
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                events.warning("Could not check whether s3://" + bucket + "/" + key + " was completed (" + e.getMessage()
                        + "); if it exists without the x-amz-meta-sha256 header, delete it by hand.");
            }
            // A 404 means the upload did not complete: it is still open, and the abort removes it.
        } catch (SdkException e) {
            events.warning("Could not check whether s3://" + bucket + "/" + key + " was completed (" + e.getMessage()
                    + "); if it exists without the x-amz-meta-sha256 header, delete it by hand.");
        }
    }

    private void abortQuietly() {
        if (uploadId != null) {
            try {
                try {
                    client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
                } catch (AbortedException e) {
                    // An interrupt came during the request: the abort is sent once more without it, and the interrupt is
                    // set again for the caller.
                    boolean interrupted = Thread.interrupted();
                    try {
                        client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
                    } finally {
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            } catch (SdkException e) {
                events.warning("Could not abort the incomplete upload of s3://" + bucket + "/" + key + " (" + e.getMessage()
                        + "); a lifecycle rule that aborts incomplete multipart uploads removes its parts.");
            }
            uploadId = null;
        }
    }

    /** Returns the stored object; only after {@link #close()}. */
    public StoredObject result() {
        if (result == null) {
            throw new IllegalStateException("the upload of " + key + " is not complete");
        }
        return result;
    }
}
