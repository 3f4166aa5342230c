package io.jenkins.plugins.odoorelease.image;

import static io.jenkins.plugins.odoorelease.image.ImageFixtures.REVISION;
import static io.jenkins.plugins.odoorelease.image.ImageFixtures.REVISION_TIME;
import static io.jenkins.plugins.odoorelease.image.ImageFixtures.module;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.SampleBaseImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks of the addons before anything is built, with the odoo package's manifest reader; no registry needed. */
class ImageAddonsValidationTest {

    @TempDir
    Path work;

    private Path baseArchive;

    @BeforeEach
    void sampleBase() throws Exception {
        baseArchive = work.resolve("base.tar");
        SampleBaseImages.writeArchive(baseArchive, "odoo", "17.0");
    }

    private StepReport build(String... addonsPaths) throws Exception {
        ImageBuildRequest.Builder request = ImageBuildRequest.builder()
                .image("registry.example.com/acme/shop")
                .baseImage("docker-archive:" + baseArchive)
                .tags(List.of("1.0.0"))
                .revision(REVISION)
                .revisionTime(REVISION_TIME)
                .source("https://git.example.com/acme/odoo-addons")
                .tarFile(work.resolve("image.tar"))
                .policy(new ImagePolicy(List.of(), true))
                .cacheDirectory(work.resolve("cache"));
        for (String path : addonsPaths) {
            request.addons(new AddonsSource(work.resolve(path), path));
        }
        return new ImageBuilder(Clock.systemUTC()).run(request.build(), EventSink.NONE);
    }

    @Test
    void dependenciesOutsideAddonsExpectedFromBase() throws Exception {
        module(work.resolve("custom"), "acme_sale", "17.0.1.0.0", List.of("sale_management", "acme_base"));
        module(work.resolve("custom"), "acme_base", "1.2.0", List.of("base", "mail"));

        StepReport report = build("custom");

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.result().get("expectedFromBase")).isEqualTo(List.of("base", "mail", "sale_management"));
        assertThat(report.result().get("modules")).isEqualTo(Map.of("acme_base", "17.0.1.2.0", "acme_sale", "17.0.1.0.0"));
        assertThat(report.findings(ImageFindings.IMAGE_DEPENDENCIES_FROM_BASE.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("base, mail, sale_management"));
        assertThat(report.checks()).extracting(Check::name).containsExactly("acme_base", "acme_sale");
    }

    @Test
    void moduleOfOtherSeriesRejected() throws Exception {
        module(work.resolve("custom"), "acme_legacy", "16.0.1.0.0", List.of("base"));

        StepReport report = build("custom");

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(ImageFindings.IMAGE_MODULE_WRONG_SERIES.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("belongs to series 16.0"));
        assertThat(work.resolve("image.tar")).doesNotExist();
    }

    @Test
    void notInstallableModuleRejected() throws Exception {
        Path module = module(work.resolve("custom"), "acme_draft", "17.0.1.0.0", List.of("base"));
        Files.writeString(module.resolve("__manifest__.py"), "{'name': 'Draft', 'version': '17.0.1.0.0', 'license': 'LGPL-3', "
                + "'installable': False}\n");

        StepReport report = build("custom");

        assertThat(report.findings(ImageFindings.IMAGE_MODULE_NOT_INSTALLABLE.code())).extracting(Finding::subject)
                .containsExactly("acme_draft");
        assertThat(report.checks()).singleElement().satisfies(check -> assertThat(check.verdict()).isEqualTo(Verdict.FAIL));
    }

    @Test
    void duplicateModuleAcrossPathsRejected() throws Exception {
        module(work.resolve("oca-web"), "web_responsive", "17.0.1.0.0", List.of("web"));
        module(work.resolve("custom"), "web_responsive", "17.0.1.0.1", List.of("web"));

        StepReport report = build("oca-web", "custom");

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.findings(ImageFindings.IMAGE_MODULE_DUPLICATE.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("oca-web").contains("custom"));
    }

    @Test
    void emptyAddonsPathRejected() throws Exception {
        module(work.resolve("custom"), "acme_sale", "17.0.1.0.0", List.of("sale"));
        Files.createDirectories(work.resolve("empty"));

        StepReport report = build("custom", "empty");

        assertThat(report.findings(ImageFindings.IMAGE_ADDONS_PATH_EMPTY.code())).extracting(Finding::subject).containsExactly("empty");
    }

    @Test
    void pathOfOnlyDuplicatesNamedAsSuch() throws Exception {
        module(work.resolve("first"), "acme_sale", "17.0.1.0.0", List.of("sale"));
        module(work.resolve("second"), "acme_sale", "17.0.1.0.1", List.of("sale"));

        StepReport report = build("first", "second");

        assertThat(report.findings(ImageFindings.IMAGE_ADDONS_PATH_EMPTY.code())).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo("second");
            assertThat(finding.message()).contains("holds only modules that an earlier addons path holds too (acme_sale)")
                    .doesNotContain("no module");
        });
    }

    @Test
    void seriesTakenFromBaseLabel() throws Exception {
        module(work.resolve("custom"), "acme_sale", "1.0.0", List.of("sale"));

        StepReport report = build("custom");

        assertThat(report.result().get("series")).isEqualTo("17.0");
        assertThat(report.result().get("modules")).isEqualTo(Map.of("acme_sale", "17.0.1.0.0"));
    }
}
