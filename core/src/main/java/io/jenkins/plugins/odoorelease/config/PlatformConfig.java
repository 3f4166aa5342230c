package io.jenkins.plugins.odoorelease.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a platform team decides once for every release, read from {@code odoo-release.yaml} by the CLI; the
 * Jenkins plugin holds the same settings in its global configuration.
 *
 * @param file the file it was read from, or {@code null} for the built-in defaults
 * @param freeze the freeze guard's settings
 * @param sections the other top-level sections, read by the capabilities they belong to
 */
public record PlatformConfig(Path file, FreezeSettings freeze, Map<String, JsonNode> sections) {

    public static final PlatformConfig DEFAULTS = new PlatformConfig(null,
            new FreezeSettings(List.of(), List.of(), FreezeRequest.OverridePolicy.DEFAULT, null), Map.of());

    public PlatformConfig {
        sections = Map.copyOf(sections);
    }

    /** Returns a top-level section other than {@code freeze}, or {@code null} when the file has none. */
    public JsonNode section(String name) {
        return sections.get(name);
    }

    /** Returns a setting of a section, such as {@code canary.plan}, or {@code null} when the file does not set it. */
    public JsonNode setting(String sectionName, String key) {
        JsonNode section = sections.get(sectionName);
        return section == null || !section.hasNonNull(key) ? null : section.get(key);
    }

    /** Returns a setting as text, or {@code null} when the file does not set it. */
    public String text(String sectionName, String key) {
        JsonNode value = setting(sectionName, key);
        return value == null ? null : value.asText();
    }

    /** Returns a true-or-false setting, or {@code fallback} when the file does not set it. */
    public boolean flag(String sectionName, String key, boolean fallback) {
        JsonNode value = setting(sectionName, key);
        return value == null ? fallback : value.asBoolean(fallback);
    }

    /**
     * The freeze guard's platform settings.
     *
     * @param calendars platform calendars, which always apply and which a repository cannot remove
     * @param overrideApprovers who may approve an override from the CLI
     * @param expectedDuration the default expected duration of a change, or {@code null} for the built-in default
     */
    public record FreezeSettings(List<Path> calendars, List<String> overrideApprovers, FreezeRequest.OverridePolicy overridePolicy,
            String expectedDuration) {

        public FreezeSettings {
            calendars = List.copyOf(calendars);
            overrideApprovers = List.copyOf(overrideApprovers);
        }
    }
}
