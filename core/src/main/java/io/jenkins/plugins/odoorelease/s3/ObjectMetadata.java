package io.jenkins.plugins.odoorelease.s3;

/** Names of the user metadata ({@code x-amz-meta-*}) the engine stores on every object it writes. */
public final class ObjectMetadata {

    /** The SHA-256 of the object's content, 64 lower-case hex digits. */
    public static final String SHA256 = "sha256";
    /** The object's size in bytes, as the writer counted it. */
    public static final String SIZE = "size";

    private ObjectMetadata() {
    }
}
