package io.jenkins.plugins.odoorelease.odoo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The content checksum of an addon as click-odoo-update ({@code click_odoo_contrib/_addon_hash.py}) and OCA
 * {@code module_auto_update} ({@code addon_hash.py}) compute it and store in the system parameter
 * {@code module_auto_update.installed_checksums}: one SHA-1 over, for each file kept in walk order, the UTF-8
 * bytes of its path relative to the addon followed by its raw bytes, with no separator.
 *
 * <p>The walk is {@code os.walk} top-down: in each folder the files in code point order, then the subfolders in
 * code point order; a symbolic link to a folder is not entered, and a folder that cannot be listed is skipped.
 * A file is dropped when its relative path matches an exclude pattern ({@code fnmatch}, where {@code *} also
 * matches {@code /}), or when languages are given and it is a {@code .po} file directly in {@code i18n} or
 * {@code i18n_extra} whose name before the first {@code _} is not one of the languages' prefixes.
 */
public final class AddonChecksum {

    /** click-odoo-contrib's default exclude patterns ({@code DEFAULT_EXCLUDE_PATTERNS}, since 1.17.0). */
    public static final List<String> CLICK_ODOO_EXCLUDES = List.of("*.pyc", "*.pyo", "i18n/*.pot", "i18n_extra/*.pot", "static/*", "tests/*");
    /** OCA module_auto_update's default exclude patterns in 16.0 and 17.0; unlike click-odoo-contrib it keeps {@code tests/}. */
    public static final List<String> OCA_EXCLUDES = List.of("*.pyc", "*.pyo", "i18n/*.pot", "i18n_extra/*.pot", "static/*");
    /** The digest of an addon with no file kept: SHA-1 of nothing. */
    public static final String EMPTY = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    private final List<Pattern> excludes;
    private final Set<String> languages;

    /**
     * @param excludePatterns {@code fnmatch} patterns matched against paths relative to the addon
     * @param activeLanguages codes of the active {@code res_lang} rows such as {@code fr_BE}; empty keeps every
     *     translation
     */
    public AddonChecksum(List<String> excludePatterns, Collection<String> activeLanguages) {
        this.excludes = excludePatterns.stream().map(Fnmatch::toRegex).toList();
        Set<String> prefixes = new LinkedHashSet<>();
        for (String code : activeLanguages) {
            prefixes.add(code.split("_", 2)[0]);
        }
        this.languages = prefixes;
    }

    /** Returns the checksum with click-odoo-contrib's default patterns and no language filter. */
    public static AddonChecksum clickOdooDefaults() {
        return new AddonChecksum(CLICK_ODOO_EXCLUDES, List.of());
    }

    /**
     * Splits a comma-separated pattern list in the form of the {@code module_auto_update.exclude_patterns} parameter,
     * stripping spaces around each item.
     */
    public static List<String> parsePatterns(String commaSeparated) {
        List<String> patterns = new ArrayList<>();
        for (String pattern : commaSeparated.split(",", -1)) {
            patterns.add(pattern.strip());
        }
        return patterns;
    }

    /**
     * Computes the checksum of the addon in {@code addonDirectory}.
     *
     * @throws IOException when a kept file cannot be read, such as a broken symbolic link; Python raises there too
     */
    public String compute(Path addonDirectory) throws IOException {
        MessageDigest digest = sha1();
        for (String relative : keptFiles(addonDirectory)) {
            digest.update(relative.getBytes(StandardCharsets.UTF_8));
            try (InputStream input = Files.newInputStream(addonDirectory.resolve(relative))) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = input.read(buffer)) > 0) {
                    digest.update(buffer, 0, read);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Returns the relative paths that enter the checksum, in the order they enter it. */
    public List<String> keptFiles(Path addonDirectory) {
        List<String> kept = new ArrayList<>();
        walk(addonDirectory, "", kept);
        return kept;
    }

    private void walk(Path directory, String relativeDirectory, List<String> kept) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            // os.walk ignores folders it cannot list, so the checksum does too.
            return;
        }
        List<String> files = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry)) {
                folders.add(name);
            } else {
                files.add(name);
            }
        }
        files.sort(MigrationScripts::compareCodePoints);
        folders.sort(MigrationScripts::compareCodePoints);
        for (String name : files) {
            String relative = relativeDirectory.isEmpty() ? name : relativeDirectory + "/" + name;
            if (keep(relativeDirectory, name, relative)) {
                kept.add(relative);
            }
        }
        for (String name : folders) {
            Path folder = directory.resolve(name);
            if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                walk(folder, relativeDirectory.isEmpty() ? name : relativeDirectory + "/" + name, kept);
            }
        }
    }

    private boolean keep(String relativeDirectory, String name, String relative) {
        for (Pattern exclude : excludes) {
            if (exclude.matcher(relative).matches()) {
                return false;
            }
        }
        if (!languages.isEmpty() && (relativeDirectory.equals("i18n") || relativeDirectory.equals("i18n_extra"))) {
            int dot = name.lastIndexOf('.');
            // os.path.splitext ignores leading dots, so ".po" alone has no extension.
            boolean translation = dot > 0 && name.substring(dot).equals(".po") && !name.substring(0, dot).chars().allMatch(c -> c == '.');
            if (translation && !languages.contains(name.substring(0, dot).split("_", 2)[0])) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-1", e);
        }
    }

    /** Translates Python's {@code fnmatch} patterns to Java regular expressions, as {@code fnmatch.translate} does. */
    static final class Fnmatch {

        private Fnmatch() {
        }

        static Pattern toRegex(String pattern) {
            StringBuilder regex = new StringBuilder();
            int i = 0;
            int n = pattern.length();
            while (i < n) {
                char c = pattern.charAt(i++);
                if (c == '*') {
                    while (i < n && pattern.charAt(i) == '*') {
                        i++;
                    }
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else if (c == '[') {
                    int j = i;
                    if (j < n && pattern.charAt(j) == '!') {
                        j++;
                    }
                    if (j < n && pattern.charAt(j) == ']') {
                        j++;
                    }
                    while (j < n && pattern.charAt(j) != ']') {
                        j++;
                    }
                    if (j >= n) {
                        regex.append("\\[");
                    } else {
                        regex.append(characterClass(pattern.substring(i, j)));
                        i = j + 1;
                    }
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }

        /** Builds a Java character class from the inside of {@code [...]}: {@code !} negates, {@code a-z} is a range. */
        private static String characterClass(String set) {
            boolean negated = set.startsWith("!");
            String body = negated ? set.substring(1) : set;
            StringBuilder members = new StringBuilder();
            int i = 0;
            while (i < body.length()) {
                char low = body.charAt(i);
                if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                    char high = body.charAt(i + 2);
                    // Python drops a reversed range such as z-a, which matches nothing.
                    if (low <= high) {
                        members.append(escape(low)).append('-').append(escape(high));
                    }
                    i += 3;
                } else {
                    members.append(escape(low));
                    i++;
                }
            }
            if (members.length() == 0) {
                return negated ? "." : "(?!)";
            }
            return "[" + (negated ? "^" : "") + members + "]";
        }

        private static String escape(char c) {
            return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
        }
    }
}
