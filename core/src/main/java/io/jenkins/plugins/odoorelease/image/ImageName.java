package io.jenkins.plugins.odoorelease.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference as the user wrote it, split into registry, repository, tag and digest. Docker Hub names are
 * normalised as Docker does ({@code odoo:17.0} is {@code registry-1.docker.io/library/odoo:17.0}).
 *
 * @param text the reference as written
 * @param registry the registry host, with its port when one was given
 * @param repository the repository path inside the registry
 * @param tag the tag, or {@code null} when none was written (no implicit {@code latest})
 * @param digest the manifest digest ({@code sha256:...}), or {@code null}
 */
public record ImageName(String text, String registry, String repository, String tag, String digest) {

    /** Docker Hub's registry host, as Jib and the Docker client name it. */
    static final String DOCKER_HUB = "registry-1.docker.io";

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * Parses a reference such as {@code registry.example.com/odoo/base:17.0@sha256:...}.
     *
     * @param parameter the parameter that contains the value, used in the error message
     * @throws InvalidInputException when the text is not a valid image reference
     */
    public static ImageName parse(String text, String parameter) throws InvalidInputException {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw InvalidInputException.forValue(parameter, text, "missing image reference; write it as "
                    + "registry.example.com/path/name, for example registry.example.com/odoo/base@sha256:...");
        }
        String digest = null;
        String name = trimmed;
        int at = trimmed.indexOf('@');
        if (at >= 0) {
            digest = trimmed.substring(at + 1);
            name = trimmed.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw InvalidInputException.forValue(parameter, text, "invalid digest '" + digest
                        + "'; expected sha256: followed by 64 lower-case hexadecimal digits");
            }
        }
        int lastSlash = name.lastIndexOf('/');
        int colon = name.indexOf(':', lastSlash + 1);
        String tag = colon >= 0 ? name.substring(colon + 1) : null;
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(trimmed);
        } catch (InvalidImageReferenceException e) {
            throw InvalidInputException.forValue(parameter, text, "invalid image reference; write it as registry/path/name "
                    + "with an optional :tag and @sha256:digest, in lower case");
        }
        return new ImageName(trimmed, parsed.getRegistry(), parsed.getRepository(), tag, digest);
    }

    /** Returns {@code registry/repository} without tag or digest. */
    public String repositoryReference() {
        return registry + "/" + repository;
    }

    /**
     * Returns the repository as the user wrote it, without tag or digest, such as {@code acme/odoo} for Docker Hub,
     * where {@link #repositoryReference()} gives {@code registry-1.docker.io/acme/odoo}.
     */
    public String writtenRepository() {
        String name = digest == null ? text : text.substring(0, text.indexOf('@'));
        return tag == null ? name : name.substring(0, name.length() - tag.length() - 1);
    }

    /** Returns {@code registry/repository@digest}. */
    public String withDigest(String manifestDigest) {
        return repositoryReference() + "@" + manifestDigest;
    }

    /** Returns {@code registry/repository:tag}. */
    public String withTag(String newTag) {
        return repositoryReference() + ":" + newTag;
    }

    /** Returns whether the registry is on this machine's loopback interface, where plain HTTP cannot be intercepted. */
    public boolean loopback() {
        return isLoopback(registry);
    }

    /** Returns the reference for Jib: by digest when there is one, else by tag. */
    ImageReference toJib() {
        return ImageReference.of(registry, repository, digest == null ? tag : null, digest);
    }

    /**
     * Returns whether a registry host names the loopback interface: {@code localhost}, {@code 127.x.x.x} or
     * {@code [::1]}, with any port. Names are not resolved, so a host that merely resolves to 127.0.0.1 does not count.
     */
    static boolean isLoopback(String registry) {
        String host = hostOf(registry).toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}");
    }

    /** Returns the host of {@code host:port}, keeping the brackets of an IPv6 literal. */
    static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            int end = registry.indexOf(']');
            return end < 0 ? registry : registry.substring(0, end + 1);
        }
        int colon = registry.indexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }
}
