package io.jenkins.plugins.odoorelease.image;

import java.util.Map;
import java.util.TreeMap;

/**
 * The labels the build sets: the pre-defined annotation keys of the OCI image specification ({@code annotations.md}),
 * used as image labels, and the Odoo series.
 */
public final class ImageLabels {

    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String REVISION = "org.opencontainers.image.revision";
    public static final String VERSION = "org.opencontainers.image.version";
    public static final String CREATED = "org.opencontainers.image.created";
    public static final String BASE_NAME = "org.opencontainers.image.base.name";
    public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
    /** The Odoo series of the image's modules, such as {@code 17.0}; a base image may carry it too. */
    public static final String SERIES = "io.jenkins.plugins.odoorelease.series";

    private ImageLabels() {
    }

    /** Returns the labels of an image, sorted by key; the source label is left out when the source is unknown. */
    static Map<String, String> of(ImageBuildRequest request, BaseImage base, String series) {
        Map<String, String> labels = new TreeMap<>();
        if (request.source() != null) {
            labels.put(SOURCE, request.source());
        }
        labels.put(REVISION, request.revision());
        labels.put(VERSION, request.effectiveVersion());
        labels.put(CREATED, request.created().toString());
        labels.put(BASE_NAME, base.displayName());
        labels.put(BASE_DIGEST, base.digest());
        labels.put(SERIES, series);
        return labels;
    }
}
