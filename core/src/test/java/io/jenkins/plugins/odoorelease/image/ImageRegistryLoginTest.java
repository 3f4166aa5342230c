package io.jenkins.plugins.odoorelease.image;

import static io.jenkins.plugins.odoorelease.image.ImageFixtures.REVISION;
import static io.jenkins.plugins.odoorelease.image.ImageFixtures.REVISION_TIME;
import static io.jenkins.plugins.odoorelease.image.ImageFixtures.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.RegistryServer;
import io.jenkins.plugins.odoorelease.testing.RegistryWithBase;
import io.jenkins.plugins.odoorelease.testing.SampleBaseImages;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a registry on 127.0.0.1 that speaks HTTPS with a self-signed certificate and needs a login. */
class ImageRegistryLoginTest {

    @RegisterExtension
    static final RegistryWithBase REGISTRY = RegistryWithBase.withLogin();

    private static RegistryServer registry() {
        return REGISTRY.registry();
    }

    private static String baseImage() {
        return REGISTRY.baseImage();
    }

    @TempDir
    Path work;

    @BeforeEach
    void addons() throws Exception {
        module(work.resolve("addons"), "acme_stock", "17.0.1.0.0", List.of("stock"));
    }

    private ImageBuildRequest.Builder request(RegistryCredentials credentials) {
        return ImageBuildRequest.builder()
                .image(registry().host() + "/acme/private")
                .baseImage(baseImage())
                .addons(new AddonsSource(work.resolve("addons"), "addons"))
                .tags(List.of("2.0.0"))
                .revision(REVISION)
                .revisionTime(REVISION_TIME)
                .registryCredentials(credentials)
                .policy(new ImagePolicy(List.of(registry().host()), false))
                .cacheDirectory(work.resolve("cache"));
    }

    private static StepReport build(ImageBuildRequest request) throws Exception {
        ImageFixtures.RecordingEvents events = new ImageFixtures.RecordingEvents();
        StepReport report = new ImageBuilder(Clock.systemUTC()).run(request, events);
        assertThat(events.text()).doesNotContain(RegistryServer.PASSWORD);
        return report;
    }

    @Test
    void pushWithCredentialsOverHttps() throws Exception {
        RegistryCredentials credentials = new RegistryCredentials(RegistryServer.USER, SecretValue.of(RegistryServer.PASSWORD));

        StepReport report = build(request(credentials).build());

        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.findings(ImageFindings.IMAGE_SOURCE_UNKNOWN.code())).hasSize(1);
        assertThat(registry().manifest("acme/private", "2.0.0").digest()).isEqualTo(report.result().get("digest"));
        assertThat(ReportJson.toJson(report)).doesNotContain(RegistryServer.PASSWORD);
    }

    @Test
    void missingCredentialsNamed() {
        assertThatThrownBy(() -> build(request(null).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs credentials for platform/odoo-base");
    }

    @Test
    void wrongPasswordRejected() {
        RegistryCredentials wrong = new RegistryCredentials(RegistryServer.USER, SecretValue.of("not-the-password"));

        assertThatThrownBy(() -> build(request(wrong).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rejected the credentials of '" + RegistryServer.USER + "'")
                .hasMessageNotContaining("not-the-password");
    }
}
