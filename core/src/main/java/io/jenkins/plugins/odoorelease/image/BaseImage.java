package io.jenkins.plugins.odoorelease.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The base image as read before the build: where it comes from, its digest, and the parts of its configuration
 * that the build depends on (user, labels, environment, platform, layers).
 *
 * @param name the registry reference, or {@code null} for a local archive
 * @param archive the local archive, or {@code null} for a registry image
 * @param displayName what the {@code org.opencontainers.image.base.name} label holds: the repository as written, with
 *     the tag when one was given; for an archive {@code docker-archive:} and the file name
 * @param digest the digest the base is pinned to: the manifest or index digest in a registry, the image ID (digest of
 *     the configuration) for an archive
 * @param platformDigest the digest of the manifest for the chosen platform when {@code digest} names an index,
 *     otherwise the same as {@code digest}
 * @param layers the base image's layers, compressed as stored
 */
record BaseImage(ImageName name, Path archive, String displayName, String digest, String platformDigest, String user,
        Map<String, String> labels, List<String> env, String os, String architecture, List<ImageArchive.Layer> layers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    BaseImage {
        labels = Map.copyOf(labels);
        env = List.copyOf(env);
        layers = List.copyOf(layers);
    }

    /** Returns {@code registry/repository@digest} for Jib, so that it builds on exactly what was read here. */
    String pinnedReference() {
        return name.withDigest(digest);
    }

    /** Returns the value of an environment variable of the base image, or {@code null}. */
    String envValue(String variable) {
        for (String entry : env) {
            if (entry.startsWith(variable + "=")) {
                return entry.substring(variable.length() + 1);
            }
        }
        return null;
    }

    /**
     * Reads a base image from a registry: the manifest or index at the reference, the manifest for the platform when
     * it is an index, and the image configuration.
     *
     * @throws InvalidInputException when the image or the platform is not there
     */
    static BaseImage fromRegistry(ImageName name, Platform platform, RegistryApiClient client)
            throws InfrastructureException, InvalidInputException {
        String reference = name.digest() != null ? name.digest() : name.tag() != null ? name.tag() : "latest";
        RegistryApiClient.Manifest top = client.manifest(name.repository(), reference).orElseThrow(() -> InvalidInputException.forValue(
                "baseImage", name.text(), "not found: the registry " + name.registry() + " has no manifest for " + reference
                        + " in " + name.repository() + "; check the repository and digest"));
        RegistryApiClient.Manifest manifest = top;
        if (isIndex(top)) {
            String chosen = null;
            List<String> offered = new ArrayList<>();
            for (JsonNode entry : top.json().path("manifests")) {
                JsonNode entryPlatform = entry.path("platform");
                Platform offeredPlatform = new Platform(entryPlatform.path("os").asText(), entryPlatform.path("architecture").asText(),
                        entryPlatform.path("variant").asText(null));
                offered.add(offeredPlatform.toString());
                if (chosen == null && platform.matches(offeredPlatform)) {
                    chosen = entry.path("digest").asText();
                }
            }
            if (chosen == null) {
                throw InvalidInputException.forValue("platform", platform.toString(), "the base image " + name.text()
                        + " has no manifest for this platform; it offers " + String.join(", ", offered));
            }
            String platformManifest = chosen;
            manifest = client.manifest(name.repository(), chosen).orElseThrow(() -> new InfrastructureException("The index of "
                    + name.text() + " names " + platformManifest + ", which the registry does not have", Map.of("registry",
                    name.registry(), "repository", name.repository()), null));
        }
        String configDigest = manifest.json().path("config").path("digest").asText();
        JsonNode config;
        try {
            config = JSON.readTree(client.blob(name.repository(), configDigest));
        } catch (IOException e) {
            throw new InfrastructureException("The configuration " + configDigest + " of " + name.text() + " is not JSON",
                    Map.of("registry", name.registry(), "repository", name.repository()), e);
        }
        List<ImageArchive.Layer> layers = new ArrayList<>();
        for (JsonNode layer : manifest.json().path("layers")) {
            layers.add(new ImageArchive.Layer(layer.path("digest").asText(), layer.path("size").asLong()));
        }
        String display = name.writtenRepository() + (name.tag() == null ? "" : ":" + name.tag());
        return of(name, null, display, top.digest(), manifest.digest(), config, layers);
    }

    /**
     * Reads a base image from a {@code docker save} archive.
     *
     * @throws InvalidInputException when the file is missing or not an image archive in that layout
     */
    static BaseImage fromArchive(Path file, String parameterText) throws InvalidInputException {
        ImageArchive archive;
        try {
            archive = ImageArchive.read(file);
        } catch (IOException e) {
            throw new InvalidInputException(List.of(Problem.of("baseImage", parameterText, "cannot read the base image archive: "
                    + e.getMessage())), Map.of("file", file.toString()), e);
        }
        if (!archive.layout().equals("docker")) {
            throw InvalidInputException.forValue("baseImage", parameterText, "the archive is in the OCI layout, but a base image "
                    + "archive must be in the layout of 'docker save' (manifest.json); write it with docker save or skopeo copy "
                    + "docker-archive:FILE");
        }
        String display = "docker-archive:" + file.getFileName();
        return of(null, file, display, archive.configDigest(), archive.configDigest(), archive.config(), archive.layers());
    }

    private static BaseImage of(ImageName name, Path archive, String display, String digest, String platformDigest, JsonNode config,
            List<ImageArchive.Layer> layers) {
        JsonNode runtime = config.path("config");
        Map<String, String> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = runtime.path("Labels").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            labels.put(field.getKey(), field.getValue().asText());
        }
        List<String> env = new ArrayList<>();
        runtime.path("Env").forEach(entry -> env.add(entry.asText()));
        return new BaseImage(name, archive, display, digest, platformDigest, runtime.path("User").asText(""), labels, env,
                config.path("os").asText(""), config.path("architecture").asText(""), layers);
    }

    private static boolean isIndex(RegistryApiClient.Manifest manifest) {
        return manifest.mediaType().contains("index") || manifest.mediaType().contains("manifest.list")
                || manifest.json().has("manifests");
    }
}
