package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The checked values of one section of a release configuration, with references already resolved. Paths are
 * relative to the configuration file's folder.
 *
 * @param name the section's key, such as {@code backup}
 * @param values the values by key: strings, booleans, lists of strings, trees, or {@link SecretValue}s
 */
record ConfigSection(String name, Map<String, Object> values, Path baseDirectory) {

    ConfigSection {
        values = Map.copyOf(values);
    }

    static ConfigSection empty(String name, Path baseDirectory) {
        return new ConfigSection(name, Map.of(), baseDirectory);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String text(String key) {
        Object value = values.get(key);
        return value == null ? null : value.toString();
    }

    /** Returns a text value, or {@code fallback} when the key is missing. */
    String text(String key, String fallback) {
        String value = text(key);
        return value == null ? fallback : value;
    }

    boolean bool(String key, boolean fallback) {
        Object value = values.get(key);
        return value == null ? fallback : (Boolean) value;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        Object value = values.get(key);
        return value == null ? List.of() : (List<String>) value;
    }

    Object tree(String key) {
        return values.get(key);
    }

    SecretValue secret(String key) {
        return (SecretValue) values.get(key);
    }

    /** Resolves a path value against the configuration file's folder, or returns {@code null} when it is missing. */
    Path path(String key) {
        String value = text(key);
        return value == null ? null : baseDirectory.resolve(value).normalize();
    }

    /** Resolves every path of a list value against the configuration file's folder. */
    List<Path> paths(String key) {
        return list(key).stream().map(value -> baseDirectory.resolve(value).normalize()).toList();
    }
}
