package io.jenkins.plugins.odoorelease.odoo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version string as Odoo compares it: the key of {@code parse_version} in {@code odoo/tools/parse_version.py}
 * (the same logic in 16.0, 17.0 and 18.0). Numbers are zero-padded to eight characters, words get a {@code *}
 * prefix, and trailing zero parts are dropped, so {@code 17.0.1.2} equals {@code 17.0.1.2.0} and
 * {@code 17.0.1.10} is greater than {@code 17.0.1.9}. Keys compare part by part as strings, as Python compares
 * the tuples.
 */
public final class OdooVersion implements Comparable<OdooVersion> {

    /**
     * Digit runs, letter runs, dots and dashes, as the {@code component_re} of {@code parse_version}; Python's
     * {@code \d} matches every Unicode decimal digit.
     */
    private static final Pattern COMPONENT = Pattern.compile("\\p{Nd}+|[a-z]+|\\.|-");
    /** Words that {@code parse_version} replaces before building the key. */
    private static final Map<String, String> REPLACED = Map.of(
            "pre", "c", "preview", "c", "rc", "c", "-", "final-", "_", "final-", "dev", "@", "saas", "", "~", "");
    private static final String ZERO = "00000000";
    private static final String FINAL = "*final";

    private final String text;
    private final List<String> key;

    private OdooVersion(String text, List<String> key) {
        this.text = text;
        this.key = key;
    }

    /** Parses a version; an empty or null text is read as {@code 0.1}, as Odoo does. */
    public static OdooVersion parse(String text) {
        String source = text == null || text.isEmpty() ? "0.1" : text;
        List<String> key = new ArrayList<>();
        for (String component : components(source.toLowerCase(Locale.ROOT))) {
            String part = REPLACED.getOrDefault(component, component);
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            String keyPart = part.charAt(0) >= '0' && part.charAt(0) <= '9' ? zeroPad(part) : "*" + part;
            append(key, keyPart);
        }
        append(key, FINAL);
        return new OdooVersion(text, Collections.unmodifiableList(key));
    }

    /** Splits like Python's {@code re.split} with a capturing group: the text between matches and the matches. */
    private static List<String> components(String source) {
        List<String> components = new ArrayList<>();
        Matcher matcher = COMPONENT.matcher(source);
        int position = 0;
        while (matcher.find()) {
            components.add(source.substring(position, matcher.start()));
            components.add(matcher.group());
            position = matcher.end();
        }
        components.add(source.substring(position));
        return components;
    }

    private static String zeroPad(String digits) {
        return digits.length() >= 8 ? digits : "0".repeat(8 - digits.length()) + digits;
    }

    private static void append(List<String> key, String part) {
        if (part.startsWith("*")) {
            if (part.compareTo(FINAL) < 0) {
                // A pre-release tag drops the "-" markers before it, so 1.0-rc1 sorts below 1.0.
                while (!key.isEmpty() && key.get(key.size() - 1).equals("*final-")) {
                    key.remove(key.size() - 1);
                }
            }
            while (!key.isEmpty() && key.get(key.size() - 1).equals(ZERO)) {
                key.remove(key.size() - 1);
            }
        }
        key.add(part);
    }

    /** The version as written. */
    public String text() {
        return text;
    }

    /** The comparison key, for example {@code [00000017, 00000000, 00000001, 00000002, *final]}. */
    public List<String> key() {
        return key;
    }

    /**
     * Compares the keys without their first two parts (the series), as Odoo compares a migration folder named
     * without a series such as {@code 1.1}: a module at {@code 16.0.2.0} moving to {@code 17.0.2.0} does not run
     * a {@code 2.0} script again.
     */
    public int compareWithoutSeries(OdooVersion other) {
        return compareKeys(key.subList(Math.min(2, key.size()), key.size()),
                other.key.subList(Math.min(2, other.key.size()), other.key.size()));
    }

    @Override
    public int compareTo(OdooVersion other) {
        return compareKeys(key, other.key);
    }

    private static int compareKeys(List<String> left, List<String> right) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int compared = left.get(i).compareTo(right.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    /** Returns whether this version is greater than {@code other}. */
    public boolean isAfter(OdooVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OdooVersion version && version.key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key);
    }

    @Override
    public String toString() {
        return text == null ? "" : text;
    }
}
