package io.jenkins.plugins.odoorelease.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Odoo configuration file to put into the image, read as Odoo reads it: Python's {@code ConfigParser} syntax,
 * where options live in the {@code [options]} section, keys are case-insensitive, {@code =} or {@code :} separates
 * key and value, lines starting with {@code #} or {@code ;} are comments and indented lines continue a value.
 *
 * @param content the file's bytes, unchanged
 * @param options the {@code [options]} section, keys in lower case, or {@code null} when the file has no such section
 */
record OdooConfigFile(byte[] content, Map<String, String> options) {

    /** Options that hold passwords; an image is readable by everyone who may pull it, so they belong in the runtime. */
    static final Set<String> SECRET_OPTIONS = Set.of("admin_passwd", "db_password", "smtp_password");

    static OdooConfigFile read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        Map<String, Map<String, String>> sections = parse(new String(content, StandardCharsets.UTF_8));
        return new OdooConfigFile(content, sections.get("options"));
    }

    /** Returns the folders {@code addons_path} lists, without trailing slashes, or an empty list when it is not set. */
    List<String> addonsPath() {
        List<String> folders = new ArrayList<>();
        String value = options == null ? null : options.get("addons_path");
        if (value == null) {
            return folders;
        }
        for (String folder : value.split(",")) {
            String trimmed = folder.strip();
            while (trimmed.length() > 1 && trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            if (!trimmed.isEmpty()) {
                folders.add(trimmed);
            }
        }
        return folders;
    }

    /** Returns the password options that are set to a value other than empty or {@code False}. */
    List<String> secretOptions() {
        List<String> found = new ArrayList<>();
        if (options == null) {
            return found;
        }
        for (String option : SECRET_OPTIONS.stream().sorted().toList()) {
            String value = options.get(option);
            if (value != null && !value.isBlank() && !value.strip().equalsIgnoreCase("false")) {
                found.add(option);
            }
        }
        return found;
    }

    private static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (String line : text.split("\\R", -1)) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                lastKey = stripped.isEmpty() ? null : lastKey;
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && current != null && lastKey != null) {
                current.merge(lastKey, "\n" + stripped, String::concat);
                continue;
            }
            if (stripped.startsWith("[") && stripped.endsWith("]")) {
                current = sections.computeIfAbsent(stripped.substring(1, stripped.length() - 1).strip(), name -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            int separator = firstSeparator(stripped);
            if (current == null || separator < 0) {
                lastKey = null;
                continue;
            }
            lastKey = stripped.substring(0, separator).strip().toLowerCase(Locale.ROOT);
            current.put(lastKey, stripped.substring(separator + 1).strip());
        }
        return sections;
    }

    private static int firstSeparator(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }
}
