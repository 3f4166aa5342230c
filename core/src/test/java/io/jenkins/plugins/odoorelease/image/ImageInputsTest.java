package io.jenkins.plugins.odoorelease.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.config.PlatformConfigParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and checking of what users type: image references, the platform policy, credentials and requests. */
class ImageInputsTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @TempDir
    Path work;

    @Test
    void imageNameSplitsTagAndDigest() throws Exception {
        ImageName name = ImageName.parse("registry.example.com:5000/odoo/base:17.0@" + DIGEST, "baseImage");

        assertThat(name.registry()).isEqualTo("registry.example.com:5000");
        assertThat(name.repository()).isEqualTo("odoo/base");
        assertThat(name.tag()).isEqualTo("17.0");
        assertThat(name.digest()).isEqualTo(DIGEST);
        assertThat(name.writtenRepository()).isEqualTo("registry.example.com:5000/odoo/base");
    }

    @Test
    void imageNameHasNoImplicitLatest() throws Exception {
        ImageName name = ImageName.parse("odoo", "baseImage");

        assertThat(name.registry()).isEqualTo("registry-1.docker.io");
        assertThat(name.repository()).isEqualTo("library/odoo");
        assertThat(name.tag()).isNull();
        assertThat(name.writtenRepository()).isEqualTo("odoo");
    }

    @Test
    void imageNameRejectsShortDigest() {
        assertThatThrownBy(() -> ImageName.parse("registry.example.com/odoo@sha256:abc", "baseImage"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid digest 'sha256:abc'");
    }

    @Test
    void loopbackRecognisedByName() {
        assertThat(ImageName.isLoopback("127.0.0.1:5000")).isTrue();
        assertThat(ImageName.isLoopback("localhost")).isTrue();
        assertThat(ImageName.isLoopback("[::1]:443")).isTrue();
        assertThat(ImageName.isLoopback("127.evil.example.com")).isFalse();
        assertThat(ImageName.isLoopback("registry.example.com")).isFalse();
    }

    @Test
    void policyMatchesRegistryAndPrefix() throws Exception {
        ImagePolicy policy = new ImagePolicy(List.of("registry.example.com/platform/", "docker.io/library"), false);

        assertThat(policy.approves(ImageName.parse("registry.example.com/platform/odoo@" + DIGEST, "b"))).isTrue();
        assertThat(policy.approves(ImageName.parse("registry.example.com/platform-evil/odoo@" + DIGEST, "b"))).isFalse();
        assertThat(policy.approves(ImageName.parse("registry.example.com/tenants/odoo@" + DIGEST, "b"))).isFalse();
        assertThat(policy.approves(ImageName.parse("odoo@" + DIGEST, "b"))).isTrue();
        assertThat(policy.approves(ImageName.parse("registry.example.com:5000/platform/odoo@" + DIGEST, "b"))).isFalse();
    }

    @Test
    void policyReadFromPlatformConfig() throws Exception {
        Path file = Files.writeString(work.resolve("odoo-release.yaml"), """
                image:
                  approvedRegistries: [registry.example.com/platform, ghcr.io/acme]
                  allowLocalBase: true
                """);

        ImagePolicy policy = ImagePolicy.fromPlatformConfig(PlatformConfigParser.read(file));

        assertThat(policy.approvedRegistries()).containsExactly("registry.example.com/platform", "ghcr.io/acme");
        assertThat(policy.allowLocalBase()).isTrue();
    }

    @Test
    void policyProblemsCollectedWithPaths() throws Exception {
        Path file = Files.writeString(work.resolve("odoo-release.yaml"), """
                image:
                  approvedRegistries: ["https://registry.example.com", 42]
                  allowLocalBase: sometimes
                  registries: []
                """);

        InvalidInputException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> ImagePolicy.fromPlatformConfig(PlatformConfigParser.read(file)));

        assertThat(error.problems()).extracting(Problem::path).containsExactlyInAnyOrder("image.registries",
                "image.approvedRegistries[0]", "image.approvedRegistries[1]", "image.allowLocalBase");
        assertThat(error.problems()).allSatisfy(problem -> assertThat(problem.source()).isEqualTo(file.toString()));
    }

    @Test
    void dockerConfigAuthDecoded() throws Exception {
        String auth = Base64.getEncoder().encodeToString("pusher:s3cret:with-colon".getBytes(StandardCharsets.UTF_8));
        Path file = Files.writeString(work.resolve("config.json"), """
                {"auths": {"https://registry.example.com/v1/": {"auth": "%s"},
                           "https://index.docker.io/v1/": {"username": "hub", "password": "hubpass"}},
                 "credsStore": "desktop"}
                """.formatted(auth));

        DockerConfigCredentials config = DockerConfigCredentials.read(file);

        RegistryCredentials credentials = config.forRegistry("registry.example.com").orElseThrow();
        assertThat(credentials.username()).isEqualTo("pusher");
        assertThat(credentials.password().reveal()).isEqualTo("s3cret:with-colon");
        assertThat(credentials.toString()).doesNotContain("s3cret");
        assertThat(config.forRegistry("registry-1.docker.io").orElseThrow().username()).isEqualTo("hub");
        assertThat(config.forRegistry("ghcr.io")).isEmpty();
    }

    @Test
    void dockerConfigDefaultLocation() {
        assertThat(DockerConfigCredentials.defaultLocation(Map.of("DOCKER_CONFIG", "/ci/docker", "HOME", "/home/ci")))
                .isEqualTo(Path.of("/ci/docker/config.json"));
        assertThat(DockerConfigCredentials.defaultLocation(Map.of("HOME", "/home/ci"))).isEqualTo(Path.of("/home/ci/.docker/config.json"));
    }

    @Test
    void odooConfigReadAsConfigParser() throws Exception {
        Path file = Files.writeString(work.resolve("odoo.conf"), """
                ; comment
                [options]
                Addons_Path = /mnt/extra-addons/,
                    /opt/more
                admin_passwd = False
                db_password: secret
                [queue_job]
                channels = root:2
                """);

        OdooConfigFile config = OdooConfigFile.read(file);

        assertThat(config.addonsPath()).containsExactly("/mnt/extra-addons", "/opt/more");
        assertThat(config.secretOptions()).containsExactly("db_password");
    }

    @Test
    void moduleFilesSkipCachesAndRejectOutsideLinks() throws Exception {
        Path module = ImageFixtures.module(work.resolve("addons"), "acme_sale", "17.0.1.0.0", List.of("sale"));
        Files.createDirectories(module.resolve("__pycache__"));
        Files.writeString(module.resolve("__pycache__/models.cpython-311.pyc"), "x");
        Files.writeString(module.resolve("models/stale.pyc"), "x");
        Files.writeString(work.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(module.resolve("leak.txt"), work.resolve("outside.txt"));
        Files.createSymbolicLink(module.resolve("alias.py"), module.resolve("__init__.py"));

        ModuleFiles.Listing listing = ModuleFiles.list(module);

        assertThat(listing.entries()).extracting(ModuleFiles.Entry::relativePath).contains("__manifest__.py", "models/acme_sale.py",
                "alias.py").doesNotContain("__pycache__", "models/stale.pyc", "leak.txt");
        assertThat(listing.problems()).singleElement().satisfies(problem -> assertThat(problem).startsWith("leak.txt is a symbolic link"));
    }

    @Test
    void requestCollectsEveryProblem() throws Exception {
        Files.createDirectories(work.resolve("addons"));

        InvalidInputException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class, () ->
                ImageBuildRequest.builder()
                        .image("registry.example.com/acme/shop:1.0")
                        .baseImage("registry.example.com/platform/odoo:17.0")
                        .addons(new AddonsSource(work.resolve("missing"), "missing"))
                        .tags(List.of("bad tag"))
                        .user("root")
                        .revisionTime("yesterday")
                        .source("https://ci:token@git.example.com/acme/addons.git")
                        .format("zip")
                        .build());

        assertThat(error.problems()).extracting(Problem::path).containsExactlyInAnyOrder("image", "tags", "baseImage", "baseImage",
                "addons", "user", "revision", "revisionTime", "source", "format");
        assertThat(error.getMessage()).doesNotContain("token");
    }

    /** Returns a valid request to a tar file, which each test changes in one value. */
    private ImageBuildRequest.Builder validRequest() throws Exception {
        Files.createDirectories(work.resolve("addons"));
        return ImageBuildRequest.builder()
                .image("acme/shop")
                .baseImage("registry.example.com/platform/odoo@" + DIGEST)
                .policy(new ImagePolicy(List.of("registry.example.com/platform"), false))
                .addons(new AddonsSource(work.resolve("addons"), "addons"))
                .revision("abc123")
                .revisionTime("2027-03-01T14:22:05+01:00")
                .tarFile(work.resolve("image.tar"));
    }

    @Test
    void rootUserRejectedInEveryForm() throws Exception {
        for (String user : List.of("root", "0", "00", "0000:1000", "root:odoo", "0:0")) {
            ImageBuildRequest.Builder request = validRequest().user(user);

            assertThatThrownBy(request::build).as(user).isInstanceOfSatisfying(InvalidInputException.class, e ->
                    assertThat(e.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.path()).isEqualTo("user");
                        assertThat(problem.message()).startsWith("the image must not run as root");
                    }));
        }
    }

    @Test
    void nonRootUserAccepted() throws Exception {
        for (String user : List.of("odoo", "101", "1000:0", "odoo:root", "10")) {
            assertThat(validRequest().user(user).build().user()).isEqualTo(user);
        }
    }

    @Test
    void rootUserRecognised() {
        assertThat(ImageUser.isRoot("")).isTrue();
        assertThat(ImageUser.isRoot(":odoo")).isTrue();
        assertThat(ImageUser.isRoot("0000")).isTrue();
        assertThat(ImageUser.isRoot("rooty")).isFalse();
        assertThat(ImageUser.isRoot("100")).isFalse();
    }

    @Test
    void sourceWithTokenRejectedWithoutEcho() throws Exception {
        ImageBuildRequest.Builder request = validRequest().source("https://ghp_SECRETTOKEN123@github.com/acme/addons.git");

        assertThatThrownBy(request::build).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.path()).isEqualTo("source");
                assertThat(problem.value()).isNull();
                assertThat(problem.message()).contains("user information", "write https://github.com/acme/addons.git");
            });
            assertThat(e.getMessage()).doesNotContain("SECRETTOKEN");
        });
    }

    @Test
    void invalidSourceNotEchoed() throws Exception {
        ImageBuildRequest.Builder request = validRequest().source("https://ci:hunter2@git example.com/acme/addons.git");

        assertThatThrownBy(request::build).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.problems()).extracting(Problem::path).containsExactly("source");
            assertThat(e.getMessage()).contains("invalid URL of the source repository").doesNotContain("hunter2");
        });
    }

    @Test
    void sshSourceMayNameUser() throws Exception {
        ImageBuildRequest request = validRequest().source("ssh://git@git.example.com/acme/addons.git").build();

        assertThat(request.source()).isEqualTo("ssh://git@git.example.com/acme/addons.git");
        assertThatThrownBy(validRequest().source("ssh://git:secret@git.example.com/acme/addons.git")::build)
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("secret@");
    }

    @Test
    void unapprovedRepositoryNamedInMessage() throws Exception {
        ImageBuildRequest.Builder request = validRequest().baseImage("registry.example.com/platformx/odoo-base@" + DIGEST);

        assertThatThrownBy(request::build).isInstanceOfSatisfying(InvalidInputException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                        .startsWith("the repository registry.example.com/platformx/odoo-base is not covered by any approved entry")
                        .contains("'registry.example.com/platform'")));
    }

    @Test
    void unapprovedRegistryNamedInMessage() throws Exception {
        ImageBuildRequest.Builder request = validRequest().baseImage("ghcr.io/platform/odoo-base@" + DIGEST);

        assertThatThrownBy(request::build).isInstanceOfSatisfying(InvalidInputException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                        .startsWith("the registry ghcr.io is not approved for base images")));
    }

    @Test
    void addonsLabelledRelativeToCheckout() throws Exception {
        Path checkout = Files.createDirectories(work.resolve("checkout"));
        Path web = Files.createDirectories(checkout.resolve("addons/oca-web"));
        Path outsideA = Files.createDirectories(work.resolve("a/addons"));
        Path outsideB = Files.createDirectories(work.resolve("b/addons"));

        List<AddonsSource> sources = AddonsSource.inCheckout(List.of(web, checkout, outsideA, outsideB, Path.of("relative/addons")), checkout);

        assertThat(sources).extracting(AddonsSource::label).containsExactly("addons/oca-web", ".", "addons", "addons (2)", "addons (3)");
        assertThat(sources).extracting(AddonsSource::directory).containsExactly(web, checkout, outsideA, outsideB, Path.of("relative/addons"));
    }

    @Test
    void addonsLabelFollowsLinkedCheckout() throws Exception {
        Path checkout = Files.createDirectories(work.resolve("checkout"));
        Path custom = Files.createDirectories(checkout.resolve("custom"));
        Path link = Files.createSymbolicLink(work.resolve("workspace"), checkout);

        List<AddonsSource> sources = AddonsSource.inCheckout(List.of(link.resolve("custom"), custom), link);

        assertThat(sources).extracting(AddonsSource::label).containsExactly("custom", "custom (2)");
    }

    @Test
    void tarTargetNeedsNoTag() throws Exception {
        Files.createDirectories(work.resolve("addons"));

        ImageBuildRequest request = ImageBuildRequest.builder()
                .image("acme/shop")
                .baseImage("registry.example.com/platform/odoo@" + DIGEST)
                .policy(new ImagePolicy(List.of("registry.example.com"), false))
                .addons(new AddonsSource(work.resolve("addons"), "addons"))
                .revision("abc123")
                .revisionTime("2027-03-01T14:22:05+01:00")
                .tarFile(work.resolve("image.tar"))
                .build();

        assertThat(request.tags()).isEmpty();
        assertThat(request.effectiveVersion()).isEqualTo("abc123");
        assertThat(request.insecureRegistries()).isFalse();
    }
}
