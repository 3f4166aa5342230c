package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.testing.RegistryServer;
import io.jenkins.plugins.odoorelease.testing.RegistryWithBase;
import io.jenkins.plugins.odoorelease.testing.SampleBaseImages;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code build-image} against a registry on 127.0.0.1 with TLS and login, and offline to a tar file. */
class BuildImageCommandTest {

    private static final String REVISION_TIME = "2027-03-01T14:22:05+01:00";
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

    private Path config;

    @BeforeEach
    void addonsAndConfig() throws Exception {
        Path module = Files.createDirectories(work.resolve("addons/acme_sale"));
        Files.writeString(module.resolve("__manifest__.py"), "{'name': 'Acme sale', 'version': '17.0.1.0.0', 'license': 'LGPL-3', "
                + "'depends': ['sale']}\n");
        Files.writeString(module.resolve("__init__.py"), "");
        config = Files.writeString(work.resolve("odoo-release.yaml"), """
                image:
                  approvedRegistries: [%s/platform]
                  allowLocalBase: true
                """.formatted(registry().host()));
    }

    private static Map<String, String> credentials() {
        return Map.of(BuildImageCommand.USERNAME_ENV, RegistryServer.USER, BuildImageCommand.PASSWORD_ENV, RegistryServer.PASSWORD);
    }

    private CliRunner buildImage(Map<String, String> env, String repository, String... extra) {
        return buildImageOn(baseImage(), env, repository, extra);
    }

    private CliRunner buildImageOn(String base, Map<String, String> env, String repository, String... extra) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "build-image",
                "--image", registry().host() + "/" + repository, "--base-image", base,
                "--addons", work.resolve("addons").toString(), "--tag", "1.0.0",
                "--source-dir", work.toString(), "--cache-dir", work.resolve("cache").toString(),
                "--json", work.resolve(repository.replace('/', '-') + ".json").toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(env, args.toArray(String[]::new));
    }

    private JsonNode json(String repository) throws Exception {
        return ReportJson.mapper().readTree(work.resolve(repository.replace('/', '-') + ".json").toFile());
    }

    /** Makes {@code work} a git checkout with one commit at a fixed time and an origin URL that carries a token. */
    private void gitCheckout() throws Exception {
        Path git = SystemBinaries.require("git", "git");
        Map<String, String> env = Map.of("GIT_AUTHOR_DATE", REVISION_TIME, "GIT_COMMITTER_DATE", REVISION_TIME,
                "GIT_AUTHOR_NAME", "CI", "GIT_AUTHOR_EMAIL", "ci@example.com", "GIT_COMMITTER_NAME", "CI",
                "GIT_COMMITTER_EMAIL", "ci@example.com", "GIT_CONFIG_NOSYSTEM", "1", "HOME", work.toString());
        for (List<String> command : List.of(List.of("init", "-q"), List.of("add", "addons"), List.of("commit", "-q", "-m", "Add acme_sale"),
                List.of("remote", "add", "origin", "https://ci:glpat-secret@git.example.com/acme/odoo-addons.git"))) {
            List<String> line = new ArrayList<>(List.of(git.toString(), "-C", work.toString()));
            line.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        }
    }

    @Test
    void pushTakesRevisionFromGit() throws Exception {
        gitCheckout();

        CliRunner result = buildImage(credentials(), "acme/git");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = json("acme/git");
        assertThat(report.path("verdict").asText()).isEqualTo("PASS");
        JsonNode labels = registry().config("acme/git", registry().manifest("acme/git", "1.0.0")).path("config").path("Labels");
        assertThat(labels.path("org.opencontainers.image.source").asText()).isEqualTo("https://git.example.com/acme/odoo-addons.git");
        assertThat(labels.path("org.opencontainers.image.created").asText()).isEqualTo("2027-03-01T13:22:05Z");
        assertThat(labels.path("org.opencontainers.image.revision").asText()).hasSize(40);
        assertThat(result.out()).contains("odooBuildImage: PASS - Pushed " + registry().host() + "/acme/git@sha256:");
        assertThat(result.err()).doesNotContain(RegistryServer.PASSWORD).doesNotContain("glpat-secret");
        assertThat(Files.readString(work.resolve("acme-git.json"))).doesNotContain(RegistryServer.PASSWORD).doesNotContain("glpat-secret");
    }

    @Test
    void credentialsFromDockerConfig() throws Exception {
        String auth = Base64.getEncoder().encodeToString((RegistryServer.USER + ":" + RegistryServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(work.resolve("docker"));
        Files.writeString(work.resolve("docker/config.json"), "{\"auths\": {\"" + registry().host() + "\": {\"auth\": \"" + auth + "\"}}}");

        CliRunner result = buildImage(Map.of("DOCKER_CONFIG", work.resolve("docker").toString()), "acme/dockerconfig",
                "--revision", "abc123", "--revision-time", REVISION_TIME, "--source", "https://git.example.com/acme/addons");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(registry().tags("acme/dockerconfig")).containsExactly("1.0.0");
    }

    @Test
    void existingTagExitsOne() throws Exception {
        String[] fixed = {"--revision", "abc123", "--revision-time", REVISION_TIME, "--source", "https://git.example.com/acme/addons"};
        assertThat(buildImage(credentials(), "acme/taken", fixed).exitCode()).isZero();
        Files.writeString(work.resolve("addons/acme_sale/__init__.py"), "# changed\n");

        CliRunner result = buildImage(credentials(), "acme/taken", fixed);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("ERROR IMAGE_TAG_EXISTS [1.0.0]: The tag 1.0.0 already points at sha256:");
    }

    @Test
    void floatingBaseExitsTwoWithoutStackTrace() {
        CliRunner result = buildImageOn(registry().host() + "/platform/odoo-base:17.0", credentials(), "acme/floating",
                "--revision", "abc123", "--revision-time", REVISION_TIME);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --base-image: '" + registry().host() + "/platform/odoo-base:17.0': the base image is "
                + "given by tag only", "or set --allow-floating-base").doesNotContain("allowFloatingBase").doesNotContain("\tat ");
    }

    @Test
    void invalidOptionsNamedAsOptions() {
        Path nowhere = work.resolve("nowhere");

        CliRunner result = CliRunner.run(credentials(), "--config", config.toString(), "build-image", "--image", registry().host()
                + "/acme/options", "--base-image", baseImage(), "--addons", nowhere.toString(), "--source-dir", work.toString(),
                "--revision", "abc 123", "--revision-time", "yesterday", "--image-version", "1 0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: --tag: missing tags", "ERROR: --revision: 'abc 123': invalid revision",
                "ERROR: --revision-time: 'yesterday': invalid time", "ERROR: --image-version: '1 0': invalid version",
                "ERROR: --addons: 'nowhere': not a folder: " + nowhere.toAbsolutePath() + " does not exist or is a file");
        assertThat(result.err()).doesNotContain("revisionTime", "ERROR: tags", "ERROR: version", "workspace");
    }

    @Test
    void passwordWithoutUserExitsTwo() {
        CliRunner result = buildImage(Map.of(BuildImageCommand.PASSWORD_ENV, "secret"), "acme/halfcredentials");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("ERROR: " + BuildImageCommand.USERNAME_ENV + ": set both " + BuildImageCommand.USERNAME_ENV);
    }

    /** Builds the same commit from two checkouts in different folders, as two agents or workspaces would. */
    @Test
    void digestIndependentOfCheckoutFolder() throws Exception {
        Path base = work.resolve("base.tar");
        SampleBaseImages.writeArchive(base, "odoo", "17.0");
        List<String> digests = new ArrayList<>();

        for (String place : List.of("one/checkout", "two/deeper/checkout")) {
            Path checkout = work.resolve(place);
            Path module = Files.createDirectories(checkout.resolve("addons/acme_sale"));
            Files.copy(work.resolve("addons/acme_sale/__manifest__.py"), module.resolve("__manifest__.py"));
            Files.copy(work.resolve("addons/acme_sale/__init__.py"), module.resolve("__init__.py"));
            Path tar = work.resolve(place.replace('/', '-') + ".tar");
            Path json = work.resolve(place.replace('/', '-') + ".json");

            CliRunner result = CliRunner.run(Map.of(), "--config", config.toString(), "build-image", "--image", "acme/shop",
                    "--base-image", "docker-archive:" + base, "--addons", checkout.resolve("addons").toString(), "--tar-file", tar.toString(),
                    "--revision", "abc123", "--revision-time", REVISION_TIME, "--source", "https://git.example.com/acme/addons",
                    "--source-dir", checkout.toString(), "--cache-dir", work.resolve("cache-" + digests.size()).toString(),
                    "--json", json.toString());

            assertThat(result.exitCode()).as(result.err()).isZero();
            digests.add(ReportJson.mapper().readTree(json.toFile()).path("result").path("digest").asText());
            assertThat(new String(Files.readAllBytes(tar), StandardCharsets.ISO_8859_1)).doesNotContain(work.toString());
        }

        assertThat(digests.get(0)).startsWith("sha256:").isEqualTo(digests.get(1));
    }

    @Test
    void tarFileFromLocalBaseOffline() throws Exception {
        Path base = work.resolve("base.tar");
        SampleBaseImages.writeArchive(base, "odoo", "17.0");
        Path tar = work.resolve("image.tar");

        CliRunner result = CliRunner.run(Map.of(), "--config", config.toString(), "build-image", "--image", "acme/shop",
                "--base-image", "docker-archive:" + base, "--addons", work.resolve("addons").toString(), "--tar-file", tar.toString(),
                "--format", "oci", "--revision", "abc123", "--revision-time", REVISION_TIME, "--source-dir", work.toString(),
                "--cache-dir", work.resolve("cache").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(tar).isRegularFile();
        assertThat(result.err()).contains("Wrote " + tar);
    }
}
