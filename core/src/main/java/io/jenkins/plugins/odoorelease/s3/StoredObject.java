package io.jenkins.plugins.odoorelease.s3;

/**
 * An object the engine wrote: its key, the SHA-256 of its content in lower-case hex, its size in bytes, and the
 * version id when the bucket keeps versions (otherwise {@code null}).
 */
public record StoredObject(String bucket, String key, String sha256, long size, String versionId) {
}
