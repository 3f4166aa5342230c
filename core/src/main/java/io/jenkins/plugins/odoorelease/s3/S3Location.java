package io.jenkins.plugins.odoorelease.s3;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bucket and a key prefix, written as {@code s3://BUCKET/PREFIX}. The prefix never starts with a slash and,
 * when not empty, always ends with one, so that {@code prefix + name} is a key inside it.
 */
public record S3Location(String bucket, String prefix) {

    /** Bucket names as S3 allows them: 3 to 63 lower-case letters, digits, dots and hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        prefix = normalizePrefix(prefix);
    }

    /**
     * Parses {@code s3://BUCKET} or {@code s3://BUCKET/PREFIX}.
     *
     * @param name the parameter that contains the value, for messages
     * @throws InvalidInputException when the text is not an {@code s3://} URL or the bucket name is invalid
     */
    public static S3Location parse(String text, String name) throws InvalidInputException {
        String trimmed = text == null ? "" : text.trim();
        if (!trimmed.startsWith("s3://")) {
            throw InvalidInputException.forValue(name, text, "expected s3://BUCKET/PREFIX, for example s3://backups/odoo/prod");
        }
        String rest = trimmed.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw InvalidInputException.forValue(name, text, "invalid bucket name '" + bucket
                    + "': use 3 to 63 lower-case letters, digits, dots and hyphens");
        }
        if (prefix.contains("//")) {
            throw InvalidInputException.forValue(name, text, "the prefix contains an empty path segment (//); remove the extra slash");
        }
        return new S3Location(bucket, prefix);
    }

    /** Returns the key of {@code name} inside this prefix. */
    public String key(String name) {
        return prefix + name;
    }

    private static String normalizePrefix(String prefix) {
        String trimmed = prefix == null ? "" : prefix;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        return trimmed.isEmpty() || trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
