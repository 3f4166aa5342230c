package io.jenkins.plugins.odoorelease.release;

import java.nio.file.Path;
import java.util.Map;

/**
 * A release described in {@code release.yaml}: which steps run, against which systems, with which parameters.
 * A section that is left out skips its step.
 *
 * @param file the file it was read from
 * @param sections the checked sections by name, with references to environment variables and files resolved
 */
public record ReleaseConfig(Path file, Map<String, ConfigSection> sections) {

    public ReleaseConfig {
        sections = Map.copyOf(sections);
    }

    boolean has(String section) {
        return sections.containsKey(section);
    }

    /** Returns a section, or an empty one when the file leaves it out. */
    ConfigSection section(String name) {
        ConfigSection section = sections.get(name);
        return section != null ? section : ConfigSection.empty(name, baseDirectory());
    }

    /** Returns the evidence folder the release section names, or {@code null}. */
    public String evidenceFolder() {
        return section("release").text("evidence");
    }

    Path baseDirectory() {
        return file.toAbsolutePath().normalize().getParent();
    }
}
