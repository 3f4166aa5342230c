package io.jenkins.plugins.odoorelease.release;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.jenkins.plugins.odoorelease.image.ImageLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A tiny stand-in for a platform's Odoo base image, built with Jib from scratch: an {@code /etc/passwd} that defines
 * the {@code odoo} user, the Odoo configuration file the official image ships, the {@code ODOO_RC} variable, the
 * series label and {@code USER odoo}. It contains no Odoo and no shell, so it cannot run, but it lets the demo
 * and the tests build real images offline. Every input is fixed, so its digest is the same on every machine.
 */
public final class SampleBaseImage {

    /** The Odoo user's id, as in the official image. */
    public static final String USER = "odoo";
    /** A fixed creation time, so that the sample's digest never changes. */
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private SampleBaseImage() {
    }

    /**
     * Returns a Jib builder for the sample base; the caller chooses the target.
     *
     * @param staging an empty folder for the files Jib reads; it must exist until the build ends
     * @param user the user the image runs as, such as {@code odoo}, or {@code root} to build a base that runs as root
     * @param series the value of the series label, or {@code null} to leave the label out
     */
    public static JibContainerBuilder builder(Path staging, String user, String series) throws IOException {
        Map<String, String> files = Map.of(
                "passwd", "root:x:0:0:root:/root:/usr/sbin/nologin\nodoo:x:101:101:Odoo:/var/lib/odoo:/usr/sbin/nologin\n",
                "group", "root:x:0:\nodoo:x:101:\n",
                "odoo.conf", "[options]\naddons_path = /mnt/extra-addons\ndata_dir = /var/lib/odoo\n",
                "README", "A sample base image written by odoo-release for its demo and tests. It holds no Odoo.\n");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(staging.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        Instant fileTime = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
        FilePermissions readable = FilePermissions.DEFAULT_FILE_PERMISSIONS;
        FileEntriesLayer system = FileEntriesLayer.builder().setName("system")
                .addEntry(staging.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), readable, fileTime, "0:0")
                .addEntry(staging.resolve("group"), AbsoluteUnixPath.get("/etc/group"), readable, fileTime, "0:0")
                .addEntry(staging.resolve("README"), AbsoluteUnixPath.get("/usr/share/doc/odoo-release-sample/README"), readable, fileTime, "0:0")
                .build();
        FileEntriesLayer odoo = FileEntriesLayer.builder().setName("odoo")
                .addEntry(staging.resolve("odoo.conf"), AbsoluteUnixPath.get("/etc/odoo/odoo.conf"), readable, fileTime, "101:101")
                .build();
        JibContainerBuilder builder = Jib.fromScratch()
                .addFileEntriesLayer(system)
                .addFileEntriesLayer(odoo)
                .addEnvironmentVariable("ODOO_RC", "/etc/odoo/odoo.conf")
                .setUser(user)
                .setCreationTime(CREATED);
        if (series != null) {
            builder.addLabel(ImageLabels.SERIES, series);
        }
        return builder;
    }
}
