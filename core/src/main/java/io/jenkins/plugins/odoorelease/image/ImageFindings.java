package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.report.FindingCode;

/** The finding codes of {@code odooBuildImage}. */
public enum ImageFindings implements FindingCode {
    IMAGE_MODULE_INVALID("A module's manifest cannot be read or is invalid, or its files cannot be stored; nothing was pushed."),
    IMAGE_MODULE_NOT_INSTALLABLE("A module is marked installable: False; nothing was pushed."),
    IMAGE_MODULE_WRONG_SERIES("A module's version belongs to another Odoo series than the image; nothing was pushed."),
    IMAGE_MODULE_WARNING("A module has a problem Odoo tolerates, such as a migration folder whose scripts never run."),
    IMAGE_MODULE_DUPLICATE("Two addons paths hold a module of the same name; nothing was pushed."),
    IMAGE_ADDONS_PATH_EMPTY("An addons path holds no module, or only modules an earlier path holds too; nothing was pushed."),
    IMAGE_DEPENDENCIES_FROM_BASE("Modules depend on modules that are not in the image's addons, so the base image must provide them."),
    IMAGE_SERIES_MISMATCH("The requested Odoo series differs from the series label of the base image; nothing was pushed."),
    IMAGE_USER_ROOT("The base image runs as root (no user, root, or user ID 0) and no other user was given; nothing was pushed."),
    IMAGE_BASE_FLOATING("The base image was given by tag and resolved to a digest, because floating bases are allowed."),
    IMAGE_BASE_LOCAL("The base image came from a local archive, which the platform configuration allows."),
    IMAGE_BASE_PLATFORM_MISMATCH("The base image is built for another platform than the one requested."),
    IMAGE_CONFIG_ADDONS_PATH("The Odoo configuration's addons_path does not list the folder of the image's addons; nothing was pushed."),
    IMAGE_CONFIG_NO_OPTIONS("The Odoo configuration file has no [options] section, so Odoo would ignore it; nothing was pushed."),
    IMAGE_CONFIG_SECRET("The Odoo configuration holds a password, which everyone who can pull the image can read."),
    IMAGE_SOURCE_UNKNOWN("The source repository URL is unknown, so the org.opencontainers.image.source label is missing."),
    IMAGE_INSECURE_REGISTRY("A registry outside this machine was used over plain HTTP or without certificate checks."),
    IMAGE_TAG_EXISTS("A tag already points at another image; tags are immutable, so nothing was tagged."),
    IMAGE_TAG_MOVED("A tag that pointed at another image was moved to this one, because tag overwrites are allowed."),
    IMAGE_ALREADY_PUSHED("The registry already holds this exact image under every requested tag; nothing was pushed.");

    private final String summary;

    ImageFindings(String summary) {
        this.summary = summary;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String summary() {
        return summary;
    }
}
