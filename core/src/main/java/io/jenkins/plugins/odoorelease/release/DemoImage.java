package io.jenkins.plugins.odoorelease.release;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.image.AddonsSource;
import io.jenkins.plugins.odoorelease.image.ImageBuildRequest;
import io.jenkins.plugins.odoorelease.image.ImageBuilder;
import io.jenkins.plugins.odoorelease.image.ImagePolicy;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The demo's image stage: writes two sample modules and the sample base image, then builds the image to an OCI tar
 * file, offline. The base archive and every cache are deleted afterwards. The sample addons and the image stay in the
 * demo folder for the user to look at.
 */
final class DemoImage {

    /** A fixed revision and commit time, so that the demo's image has the same digest on every machine. */
    static final String REVISION = "demo";
    static final String REVISION_TIME = "2026-01-01T00:00:00Z";
    static final String IMAGE_FILE = "odoo-demo.tar";

    private final Clock clock;

    DemoImage(Clock clock) {
        this.clock = clock;
    }

    StepReport build(Path folder, EventSink events) throws IOException, InterruptedException {
        Path addons = folder.resolve("addons");
        writeModule(addons, "demo_shop", "['sale_management', 'demo_stock']");
        writeModule(addons, "demo_stock", "['stock']");
        Path work = Files.createTempDirectory("odoo-release-demo-image-");
        try {
            Path base = work.resolve("sample-base.tar");
            writeSampleBase(work, base);
            ImageBuildRequest request = ImageBuildRequest.builder()
                    .image("odoo-release-demo/shop")
                    .baseImage(ImageBuildRequest.ARCHIVE_PREFIX + base)
                    .addons(new AddonsSource(addons, "addons"))
                    .tags(List.of("1.0.0"))
                    .revision(REVISION)
                    .revisionTime(REVISION_TIME)
                    .source("https://github.com/jenkinsci/odoo-release-plugin")
                    .tarFile(folder.resolve(IMAGE_FILE))
                    .format("oci")
                    .policy(new ImagePolicy(List.of(), true))
                    .cacheDirectory(work.resolve("cache"))
                    .build();
            return new ImageBuilder(clock).run(request, events);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("the demo's own image request is invalid: " + e.getMessage(), e);
        } catch (InfrastructureException e) {
            throw new IOException("The demo image build failed: " + e.getMessage(), e);
        } finally {
            delete(work);
        }
    }

    private static void writeModule(Path addons, String name, String depends) throws IOException {
        Path module = Files.createDirectories(addons.resolve(name).resolve("models"));
        Files.writeString(module.getParent().resolve("__manifest__.py"), """
                # A sample module written by 'odoo-release demo'.
                {
                    'name': '%s',
                    'version': '1.0.0',
                    'license': 'LGPL-3',
                    'depends': %s,
                    'installable': True,
                }
                """.formatted(name, depends), StandardCharsets.UTF_8);
        Files.writeString(module.getParent().resolve("__init__.py"), "from . import models\n", StandardCharsets.UTF_8);
        Files.writeString(module.resolve("__init__.py"), "", StandardCharsets.UTF_8);
    }

    private static void writeSampleBase(Path work, Path file) throws IOException, InterruptedException {
        Path staging = Files.createDirectories(work.resolve("base-files"));
        try {
            SampleBaseImage.builder(staging, SampleBaseImage.USER, "17.0").containerize(Containerizer.to(TarImage.at(file)
                    .named("odoo-release-demo/sample-base:17.0"))
                    .setBaseImageLayersCache(work.resolve("base-cache/base"))
                    .setApplicationLayersCache(work.resolve("base-cache/application")));
        } catch (RegistryException | CacheDirectoryCreationException | ExecutionException | InvalidImageReferenceException e) {
            throw new IOException("Cannot write the sample base image: " + e.getMessage(), e);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
