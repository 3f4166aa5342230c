package io.jenkins.plugins.odoorelease.image;

import static io.jenkins.plugins.odoorelease.image.ImageFixtures.REVISION;
import static io.jenkins.plugins.odoorelease.image.ImageFixtures.REVISION_TIME;
import static io.jenkins.plugins.odoorelease.image.ImageFixtures.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.SampleBaseImages;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes images to tar files from a local base archive, offline, and reads them back with skopeo. */
class ImageTarFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path baseArchive;

    @BeforeEach
    void sampleBaseAndAddons() throws Exception {
        baseArchive = work.resolve("base.tar");
        SampleBaseImages.writeArchive(baseArchive, "odoo", "17.0");
        module(work.resolve("addons"), "acme_pos", "17.0.1.0.0", List.of("point_of_sale"));
    }

    private ImageBuildRequest.Builder request(Path tarFile) {
        return ImageBuildRequest.builder()
                .image("registry.example.com/acme/shop")
                .baseImage("docker-archive:" + baseArchive)
                .addons(new AddonsSource(work.resolve("addons"), "addons"))
                .tags(List.of("1.0.0"))
                .revision(REVISION)
                .revisionTime(REVISION_TIME)
                .source("https://git.example.com/acme/odoo-addons")
                .tarFile(tarFile)
                .policy(new ImagePolicy(List.of(), true))
                .cacheDirectory(work.resolve("cache"));
    }

    private static StepReport build(ImageBuildRequest request) throws Exception {
        return new ImageBuilder(Clock.systemUTC()).run(request, EventSink.NONE);
    }

    /** Runs {@code skopeo inspect} on a local archive with a private temporary folder; nothing touches the network. */
    private JsonNode skopeoInspect(String transport, Path archive, boolean config) throws Exception {
        Path skopeo = SystemBinaries.require("skopeo", "skopeo");
        Path tmp = Files.createDirectories(work.resolve("skopeo-tmp"));
        List<String> command = new ArrayList<>(List.of(skopeo.toString(), "--tmpdir", tmp.toString(), "inspect"));
        if (config) {
            command.add("--config");
        }
        command.add(transport + ":" + archive);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return JSON.readTree(output);
    }

    @Test
    void dockerTarLoadableBySkopeo() throws Exception {
        Path tar = work.resolve("out/image.tar");
        Files.createDirectories(tar.getParent());

        StepReport report = build(request(tar).build());

        assertThat(report.verdict()).as(report.findings().toString()).isEqualTo(Verdict.PASS);
        JsonNode inspected = skopeoInspect("docker-archive", tar, false);
        assertThat(inspected.path("Labels").path(ImageLabels.REVISION).asText()).isEqualTo(REVISION);
        assertThat(inspected.path("Labels").path(ImageLabels.SERIES).asText()).isEqualTo("17.0");
        assertThat(inspected.path("Created").asText()).isEqualTo("2027-03-01T13:22:05Z");
        assertThat(inspected.path("Layers")).hasSize(4);
        assertThat(report.result().get("tarFile")).isEqualTo(tar.toString());
    }

    @Test
    void ociTarLoadableBySkopeo() throws Exception {
        Path tar = work.resolve("image-oci.tar");
        ImageFixtures.RecordingEvents events = new ImageFixtures.RecordingEvents();

        StepReport report = new ImageBuilder(Clock.systemUTC()).run(request(tar).format("oci").build(), events);

        assertThat(events.maxProgress).isEqualTo(100);
        assertThat(events.text()).contains("Wrote " + tar + " (oci layout");

        JsonNode inspected = skopeoInspect("oci-archive", tar, false);
        assertThat(inspected.path("Digest").asText()).isEqualTo(report.result().get("digest"));
        JsonNode config = skopeoInspect("oci-archive", tar, true);
        assertThat(config.path("config").path("User").asText()).isEqualTo("odoo");
        assertThat(config.path("config").path("Env").toString()).contains("ODOO_RC=/etc/odoo/odoo.conf");
    }

    @Test
    void tarDigestRepeatsForSameInputs() throws Exception {
        StepReport first = build(request(work.resolve("first.tar")).build());

        StepReport second = build(request(work.resolve("second.tar")).cacheDirectory(work.resolve("cold-cache")).build());

        assertThat(second.result().get("digest")).isEqualTo(first.result().get("digest"));
        assertThat(Files.readAllBytes(work.resolve("second.tar"))).isEqualTo(Files.readAllBytes(work.resolve("first.tar")));
    }

    @Test
    void contentChangeKeepingModificationTimeRebuildsLayer() throws Exception {
        StepReport first = build(request(work.resolve("first.tar")).build());
        Path model = work.resolve("addons/acme_pos/models/acme_pos.py");
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(model);
        Files.writeString(model, Files.readString(model).replace("model", "MODEL"));
        Files.setLastModifiedTime(model, modified);

        StepReport warm = build(request(work.resolve("warm.tar")).build());
        StepReport cold = build(request(work.resolve("cold.tar")).cacheDirectory(work.resolve("cold-cache")).build());

        assertThat(warm.result().get("digest")).isEqualTo(cold.result().get("digest"));
        assertThat(warm.result().get("digest")).isNotEqualTo(first.result().get("digest"));
        assertThat(addonsLayerDigest(warm)).isEqualTo(addonsLayerDigest(cold)).isNotEqualTo(addonsLayerDigest(first));
    }

    @Test
    void unchangedAddonsReuseCachedLayer() throws Exception {
        ImageFixtures.RecordingEvents events = new ImageFixtures.RecordingEvents();
        build(request(work.resolve("first.tar")).build());

        StepReport second = new ImageBuilder(Clock.systemUTC()).run(request(work.resolve("second.tar")).build(), events);

        assertThat(second.verdict()).isEqualTo(Verdict.PASS);
        try (java.util.stream.Stream<Path> links = Files.list(work.resolve("cache/sources"))) {
            assertThat(links.toList()).singleElement().satisfies(link -> assertThat(Files.readSymbolicLink(link))
                    .isEqualTo(work.resolve("addons").toRealPath()));
        }
    }

    private static Object addonsLayerDigest(StepReport report) {
        return ((List<?>) report.result().get("layers")).stream().map(layer -> (java.util.Map<?, ?>) layer)
                .filter(layer -> layer.get("content").toString().startsWith("addons: ")).findFirst().orElseThrow().get("digest");
    }

    @Test
    void baseRunningAsZeroPaddedRootRejected() throws Exception {
        SampleBaseImages.writeArchive(baseArchive, "0000", "17.0");

        StepReport report = build(request(work.resolve("image.tar")).build());

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(ImageFindings.IMAGE_USER_ROOT.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("runs as 0000"));
        assertThat(work.resolve("image.tar")).doesNotExist();
    }

    @Test
    void commitTimeChangesCreationOnly() throws Exception {
        StepReport first = build(request(work.resolve("first.tar")).build());

        StepReport later = build(request(work.resolve("later.tar")).revisionTime("2027-03-02T09:00:00Z").build());

        assertThat(later.result().get("digest")).isNotEqualTo(first.result().get("digest"));
        List<?> firstLayers = (List<?>) first.result().get("layers");
        List<?> laterLayers = (List<?>) later.result().get("layers");
        assertThat(((java.util.Map<?, ?>) laterLayers.get(2)).get("digest")).isEqualTo(((java.util.Map<?, ?>) firstLayers.get(2)).get("digest"));
    }

    @Test
    void localBaseNeedsPlatformPermission() {
        assertThatThrownBy(() -> request(work.resolve("image.tar")).policy(new ImagePolicy(List.of("registry.example.com"), false)).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a local base image archive is not allowed by the platform configuration")
                .hasMessageContaining("'registry.example.com'");
    }
}
