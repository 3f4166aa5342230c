package io.jenkins.plugins.odoorelease.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import io.jenkins.plugins.odoorelease.release.SampleBaseImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Puts the sample base image where a test needs it: into a test registry by digest, or into a tar file. */
public final class SampleBaseImages {

    private SampleBaseImages() {
    }

    /**
     * Pushes the sample base to {@code registry} as {@code repository:tag} and returns its reference by digest, such
     * as {@code 127.0.0.1:5000/platform/odoo-base@sha256:...}.
     *
     * @param user the user the base runs as, such as {@code odoo} or {@code root}
     * @param series the series label, or {@code null} for none
     */
    public static String push(RegistryServer registry, String repository, String tag, String user, String series) throws Exception {
        Path staging = Files.createTempDirectory("sample-base-");
        try {
            RegistryImage target = RegistryImage.named(registry.host() + "/" + repository + ":" + tag);
            target.addCredential(RegistryServer.USER, RegistryServer.PASSWORD);
            JibContainer container = SampleBaseImage.builder(staging, user, series).containerize(Containerizer.to(target)
                    .setAllowInsecureRegistries(true)
                    .setBaseImageLayersCache(staging.resolve("cache/base"))
                    .setApplicationLayersCache(staging.resolve("cache/application")));
            return registry.host() + "/" + repository + "@" + container.getDigest();
        } finally {
            delete(staging);
        }
    }

    /** Writes the sample base as a {@code docker save} tar file. */
    public static void writeArchive(Path file, String user, String series) throws Exception {
        Path staging = Files.createTempDirectory("sample-base-");
        try {
            SampleBaseImage.builder(staging, user, series).containerize(Containerizer.to(TarImage.at(file).named("odoo-release/sample-base:1"))
                    .setBaseImageLayersCache(staging.resolve("cache/base"))
                    .setApplicationLayersCache(staging.resolve("cache/application")));
        } finally {
            delete(staging);
        }
    }

    private static void delete(Path folder) throws Exception {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
