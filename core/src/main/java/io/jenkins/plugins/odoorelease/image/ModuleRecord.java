package io.jenkins.plugins.odoorelease.image;

import java.nio.file.Path;
import java.util.List;

/**
 * One module in the image.
 *
 * @param version the version as Odoo records it, with the series, such as {@code 17.0.1.2.0}
 * @param addonsPath the label of the addons path it comes from
 * @param directory the module folder on this machine
 * @param checksum the digest of the module's files, as the odoo package computes it
 * @param depends the modules it depends on, as its manifest lists them
 */
record ModuleRecord(String name, String version, String addonsPath, Path directory, String checksum, List<String> depends) {

    ModuleRecord {
        depends = List.copyOf(depends);
    }
}
