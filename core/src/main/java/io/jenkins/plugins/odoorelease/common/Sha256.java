package io.jenkins.plugins.odoorelease.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as the backups record them: lower-case hex of 64 characters. */
public final class Sha256 {

    private Sha256() {
    }

    /** Returns a new SHA-256 digest, for content that streams past. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Returns the SHA-256 of {@code content} in lower-case hex. */
    public static String hex(byte[] content) {
        return HexFormat.of().formatHex(newDigest().digest(content));
    }

    /** Completes {@code digest} and returns its value in lower-case hex; the digest is reset. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
