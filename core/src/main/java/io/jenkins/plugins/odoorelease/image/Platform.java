package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operating system and CPU architecture an image runs on, written {@code os/architecture[/variant]} as in
 * {@code linux/amd64} or {@code linux/arm64/v8}.
 *
 * @param variant the CPU variant, or {@code null} when any variant will do
 */
record Platform(String os, String architecture, String variant) {

    static final Platform DEFAULT = new Platform("linux", "amd64", null);

    private static final Pattern SYNTAX = Pattern.compile("([a-z0-9]+)/([a-z0-9_]+)(?:/([a-z0-9]+))?");

    static Platform parse(String text, String parameter) throws InvalidInputException {
        Matcher matcher = SYNTAX.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw InvalidInputException.forValue(parameter, text, "invalid platform; write os/architecture, for example linux/amd64 "
                    + "or linux/arm64");
        }
        return new Platform(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    /** Returns whether an offered platform satisfies this one; a missing variant here accepts any. */
    boolean matches(Platform offered) {
        return os.equals(offered.os) && architecture.equals(offered.architecture)
                && (variant == null || variant.equals(offered.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
