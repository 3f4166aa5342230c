package io.jenkins.plugins.odoorelease.image;

import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.jenkins.plugins.odoorelease.common.Keyword;

/** The manifest format of the image, and the layout of a tar file target. */
public enum ManifestFormat implements Keyword {
    /** Docker Image Manifest V2, Schema 2; a tar file in the layout of {@code docker save}. The default. */
    DOCKER("docker", ImageFormat.Docker),
    /** OCI Image Manifest; a tar file in the OCI image layout. */
    OCI("oci", ImageFormat.OCI);

    private final String keyword;
    private final ImageFormat jibFormat;

    ManifestFormat(String keyword, ImageFormat jibFormat) {
        this.keyword = keyword;
        this.jibFormat = jibFormat;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    ImageFormat jibFormat() {
        return jibFormat;
    }
}
