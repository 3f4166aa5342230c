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
import io.jenkins.plugins.odoorelease.testing.RegistryServer;
import io.jenkins.plugins.odoorelease.testing.RegistryWithBase;
import io.jenkins.plugins.odoorelease.testing.SampleBaseImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Builds images against a real registry on 127.0.0.1, with a base image the tests push there themselves. */
class ImageRegistryBuildTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RegistryWithBase REGISTRY = RegistryWithBase.plain();

    private static RegistryServer registry() {
        return REGISTRY.registry();
    }

    private static String baseImage() {
        return REGISTRY.baseImage();
    }

    @TempDir
    Path work;

    private ImageBuildRequest.Builder request(String repository, String... addonsPaths) {
        ImageBuildRequest.Builder request = ImageBuildRequest.builder()
                .image(registry().host() + "/" + repository)
                .baseImage(baseImage())
                .tags(List.of("1.0.0"))
                .revision(REVISION)
                .revisionTime(REVISION_TIME)
                .source("https://git.example.com/acme/odoo-addons")
                .policy(new ImagePolicy(List.of(registry().host() + "/platform"), false))
                .cacheDirectory(work.resolve("cache"));
        for (String path : addonsPaths) {
            request.addons(new AddonsSource(work.resolve(path), path));
        }
        return request;
    }

    private static StepReport build(ImageBuildRequest request) throws Exception {
        return new ImageBuilder(Clock.systemUTC()).run(request, EventSink.NONE);
    }

    private void twoAddonsPaths() throws Exception {
        module(work.resolve("oca-web"), "web_responsive", "17.0.1.0.0", List.of("web"));
        module(work.resolve("oca-web"), "web_timeline", "17.0.2.1.0", List.of("web"));
        module(work.resolve("custom"), "acme_shop", "17.0.1.4.0", List.of("sale", "web_responsive"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> layers(StepReport report) {
        return (List<Map<String, Object>>) report.result().get("layers");
    }

    @Test
    void pushReadBackFromRegistry() throws Exception {
        twoAddonsPaths();

        StepReport report = build(request("acme/shop", "oca-web", "custom").build());

        assertThat(report.verdict()).as(report.findings().toString()).isEqualTo(Verdict.PASS);
        RegistryServer.Manifest manifest = registry().manifest("acme/shop", "1.0.0");
        assertThat(report.result().get("digest")).isEqualTo(manifest.digest());
        assertThat(report.result().get("reference")).isEqualTo(registry().host() + "/acme/shop@" + manifest.digest());
        assertThat(report.result().get("tags")).isEqualTo(List.of("1.0.0"));
        assertThat(report.result().get("pushed")).isEqualTo(true);
        JsonNode config = registry().config("acme/shop", manifest);
        JsonNode labels = config.path("config").path("Labels");
        assertThat(labels.path(ImageLabels.SOURCE).asText()).isEqualTo("https://git.example.com/acme/odoo-addons");
        assertThat(labels.path(ImageLabels.REVISION).asText()).isEqualTo(REVISION);
        assertThat(labels.path(ImageLabels.VERSION).asText()).isEqualTo("1.0.0");
        assertThat(labels.path(ImageLabels.CREATED).asText()).isEqualTo("2027-03-01T13:22:05Z");
        assertThat(labels.path(ImageLabels.BASE_NAME).asText()).isEqualTo(registry().host() + "/platform/odoo-base");
        assertThat(labels.path(ImageLabels.BASE_DIGEST).asText()).isEqualTo(baseImage().substring(baseImage().indexOf('@') + 1));
        assertThat(labels.path(ImageLabels.SERIES).asText()).isEqualTo("17.0");
        assertThat(config.path("config").path("User").asText()).isEqualTo("odoo");
        assertThat(config.path("created").asText()).isEqualTo("2027-03-01T13:22:05Z");
    }

    @Test
    void layersHoldAddonsAndInventory() throws Exception {
        twoAddonsPaths();

        StepReport report = build(request("acme/layers", "oca-web", "custom").build());

        RegistryServer.Manifest manifest = registry().manifest("acme/layers", "1.0.0");
        JsonNode manifestLayers = manifest.json().path("layers");
        assertThat(manifestLayers).hasSize(5);
        Map<String, byte[]> ocaLayer = ImageFixtures.layerFiles(registry().blob("acme/layers", manifestLayers.get(2).path("digest").asText()));
        assertThat(ocaLayer).containsKeys("mnt/extra-addons/web_responsive/__manifest__.py", "mnt/extra-addons/web_timeline/models/web_timeline.py");
        assertThat(ocaLayer.keySet()).noneMatch(name -> name.contains("acme_shop"));
        Map<String, byte[]> inventoryLayer = ImageFixtures.layerFiles(registry().blob("acme/layers", manifestLayers.get(4).path("digest").asText()));
        JsonNode inventory = JSON.readTree(inventoryLayer.get("etc/odoo/release.json"));
        assertThat(inventory.path("revision").asText()).isEqualTo(REVISION);
        assertThat(inventory.path("base").path("digest").asText()).isEqualTo(baseImage().substring(baseImage().indexOf('@') + 1));
        assertThat(inventory.path("modules")).hasSize(3);
        assertThat(inventory.path("modules").get(0).path("name").asText()).isEqualTo("acme_shop");
        assertThat(inventory.path("modules").get(0).path("checksum").asText()).isNotEmpty();
        assertThat(layers(report)).extracting(layer -> layer.get("content")).containsExactly(
                "base image layer 1 of 2", "base image layer 2 of 2", "addons: oca-web (2 modules)", "addons: custom (1 module)",
                "inventory: /etc/odoo/release.json");
    }

    @Test
    void sameInputsGiveSameDigest() throws Exception {
        twoAddonsPaths();
        StepReport first = build(request("acme/repeat", "oca-web", "custom").build());
        Set<String> blobsBefore = registry().blobDigests();

        StepReport second = build(request("acme/repeat", "oca-web", "custom").cacheDirectory(work.resolve("other-cache")).build());

        assertThat(second.result().get("digest")).isEqualTo(first.result().get("digest"));
        assertThat(second.result().get("pushed")).isEqualTo(false);
        assertThat(second.findings(ImageFindings.IMAGE_ALREADY_PUSHED.code())).hasSize(1);
        assertThat(second.title()).startsWith("Already pushed");
        assertThat(registry().blobDigests()).isEqualTo(blobsBefore);
    }

    @Test
    void changedPathUploadsOnlyItsLayer() throws Exception {
        twoAddonsPaths();
        build(request("acme/incremental", "oca-web", "custom").build());
        Files.writeString(work.resolve("custom/acme_shop/models/acme_shop.py"), "# changed\n");

        StepReport report = build(request("acme/incremental", "oca-web", "custom").tags(List.of("1.0.1")).build());

        assertThat(layers(report)).extracting(layer -> layer.get("content") + " " + layer.get("status")).containsExactly(
                "base image layer 1 of 2 reused", "base image layer 2 of 2 reused", "addons: oca-web (2 modules) reused",
                "addons: custom (1 module) uploaded", "inventory: /etc/odoo/release.json uploaded");
        assertThat(registry().tags("acme/incremental")).containsExactly("1.0.0", "1.0.1");
    }

    @Test
    void firstPushMountsBaseLayers() throws Exception {
        twoAddonsPaths();

        StepReport report = build(request("acme/fresh", "oca-web", "custom").build());

        assertThat(layers(report)).extracting(layer -> layer.get("status")).containsExactly("mounted", "mounted", "uploaded", "uploaded",
                "uploaded");
    }

    @Test
    void existingTagWithOtherDigestRejected() throws Exception {
        twoAddonsPaths();
        StepReport first = build(request("acme/immutable", "oca-web", "custom").build());
        Files.writeString(work.resolve("custom/acme_shop/models/acme_shop.py"), "# changed\n");

        StepReport second = build(request("acme/immutable", "oca-web", "custom").build());

        assertThat(second.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(second.findings(ImageFindings.IMAGE_TAG_EXISTS.code())).singleElement().satisfies(finding ->
                assertThat(finding.message()).contains("already points at " + first.result().get("digest")));
        assertThat(second.result().get("reference")).isNull();
        assertThat(registry().manifest("acme/immutable", "1.0.0").digest()).isEqualTo(first.result().get("digest"));
    }

    @Test
    void tagOverwriteAllowedMovesTag() throws Exception {
        twoAddonsPaths();
        build(request("acme/moving", "oca-web", "custom").tags(List.of("stable")).build());
        Files.writeString(work.resolve("custom/acme_shop/models/acme_shop.py"), "# changed\n");

        StepReport second = build(request("acme/moving", "oca-web", "custom").tags(List.of("stable")).allowTagOverwrite(true).build());

        assertThat(second.verdict()).isEqualTo(Verdict.WARN);
        assertThat(second.findings(ImageFindings.IMAGE_TAG_MOVED.code())).hasSize(1);
        assertThat(registry().manifest("acme/moving", "stable").digest()).isEqualTo(second.result().get("digest"));
    }

    @Test
    void floatingBaseRejected() {
        assertThatThrownBy(() -> request("acme/floating", "oca-web").baseImage(registry().host() + "/platform/odoo-base:17.0").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("baseImage")
                .hasMessageContaining("given by tag only")
                .hasMessageContaining("allowFloatingBase");
    }

    @Test
    void floatingBaseAllowedResolvesDigest() throws Exception {
        twoAddonsPaths();

        StepReport report = build(request("acme/floating", "oca-web", "custom").baseImage(registry().host() + "/platform/odoo-base:17.0")
                .allowFloatingBase(true).build());

        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.findings(ImageFindings.IMAGE_BASE_FLOATING.code())).hasSize(1);
        assertThat(report.result().get("baseDigest")).isEqualTo(baseImage().substring(baseImage().indexOf('@') + 1));
        JsonNode labels = registry().config("acme/floating", registry().manifest("acme/floating", "1.0.0")).path("config").path("Labels");
        assertThat(labels.path(ImageLabels.BASE_NAME).asText()).isEqualTo(registry().host() + "/platform/odoo-base:17.0");
    }

    @Test
    void unapprovedRegistryRejectedNamingList() {
        ImagePolicy policy = new ImagePolicy(List.of("registry.example.com/platform", "ghcr.io/acme-platform"), false);

        assertThatThrownBy(() -> request("acme/unapproved", "oca-web").policy(policy).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the registry " + registry().host() + " is not approved for base images")
                .hasMessageContaining("'registry.example.com/platform' and 'ghcr.io/acme-platform'");
    }

    @Test
    void invalidManifestStopsBeforePush() throws Exception {
        twoAddonsPaths();
        Files.writeString(work.resolve("custom/acme_shop/__manifest__.py"), "{'name': 'Acme shop', 'version': '17.0.1.0.0',\n");
        Set<String> blobsBefore = registry().blobDigests();

        StepReport report = build(request("acme/invalid", "oca-web", "custom").build());

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(ImageFindings.IMAGE_MODULE_INVALID.code())).singleElement()
                .satisfies(finding -> assertThat(finding.subject()).isEqualTo("acme_shop"));
        assertThat(report.title()).startsWith("Not built");
        assertThat(report.result().get("reference")).isNull();
        assertThat(registry().blobDigests()).isEqualTo(blobsBefore);
        assertThat(registry().repositories()).doesNotContain("acme/invalid");
        assertThat(registry().tags("acme/invalid")).isEmpty();
    }

    @Test
    void rootBaseStopsBeforePush() throws Exception {
        twoAddonsPaths();
        String rootBase = SampleBaseImages.push(registry(), "platform/root-base", "17.0", "root", "17.0");
        Set<String> blobsBefore = registry().blobDigests();

        StepReport report = build(request("acme/rootbase", "oca-web", "custom").baseImage(rootBase).build());

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(ImageFindings.IMAGE_USER_ROOT.code())).hasSize(1);
        assertThat(registry().blobDigests()).isEqualTo(blobsBefore);
        assertThat(registry().tags("acme/rootbase")).isEmpty();
    }

    @Test
    void configWithoutAddonsRootStopsBeforePush() throws Exception {
        twoAddonsPaths();
        Path config = Files.writeString(work.resolve("odoo.conf"), "[options]\naddons_path = /opt/odoo/addons\nworkers = 4\n");
        Set<String> blobsBefore = registry().blobDigests();

        StepReport report = build(request("acme/badconfig", "oca-web", "custom").odooConfig(config).build());

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(ImageFindings.IMAGE_CONFIG_ADDONS_PATH.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("but not /mnt/extra-addons"));
        assertThat(registry().blobDigests()).isEqualTo(blobsBefore);
        assertThat(registry().repositories()).doesNotContain("acme/badconfig");
    }

    @Test
    void configFileGoesToOdooRcPath() throws Exception {
        twoAddonsPaths();
        Path config = Files.writeString(work.resolve("odoo.conf"), "[options]\naddons_path = /mnt/extra-addons\nworkers = 4\n"
                + "db_password = hunter2\n");

        StepReport report = build(request("acme/config", "oca-web", "custom").odooConfig(config).build());

        assertThat(report.findings(ImageFindings.IMAGE_CONFIG_SECRET.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("db_password").doesNotContain("hunter2"));
        JsonNode manifestLayers = registry().manifest("acme/config", "1.0.0").json().path("layers");
        Map<String, byte[]> configLayer = ImageFixtures.layerFiles(registry().blob("acme/config", manifestLayers.get(4).path("digest").asText()));
        assertThat(ImageFixtures.text(configLayer.get("etc/odoo/odoo.conf"))).contains("workers = 4");
    }
}
