package io.jenkins.plugins.odoorelease.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads registry credentials from a Docker client configuration file ({@code config.json}), as {@code docker login}
 * writes it: the {@code auths} map from registry to {@code auth} (base64 of {@code user:password}) or to
 * {@code username} and {@code password}. NOTE: credential helpers ({@code credsStore}, {@code credHelpers}) are not
 * run, because that would start external programs; a file that only names a helper yields no credentials.
 */
public final class DockerConfigCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode auths;

    private DockerConfigCredentials(Path file, JsonNode auths) {
        this.file = file;
        this.auths = auths;
    }

    /**
     * Reads the file.
     *
     * @throws InvalidInputException when the file cannot be read or is not a Docker configuration
     */
    public static DockerConfigCredentials read(Path file) throws InvalidInputException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(file.toString(), null, null, "cannot read the Docker configuration: "
                    + e.getMessage() + "; check the path, or log in with 'docker login' to create it"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(new Problem(file.toString(), null, null, "invalid JSON in the Docker configuration"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(new Problem(file.toString(), null, null, "expected a JSON object with 'auths'"));
        }
        return new DockerConfigCredentials(file, root.path("auths"));
    }

    /**
     * Returns the default location: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}.
     *
     * @param env the environment to read {@code DOCKER_CONFIG} and {@code HOME} from
     */
    public static Path defaultLocation(Map<String, String> env) {
        String dockerConfig = env.get("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            return Path.of(dockerConfig, "config.json");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".docker", "config.json");
    }

    /**
     * Returns the credentials for a registry host. Keys such as {@code https://registry.example.com/v1/} match too,
     * and Docker Hub's key {@code https://index.docker.io/v1/} matches {@code registry-1.docker.io}.
     *
     * @throws InvalidInputException when the matching entry is malformed
     */
    public Optional<RegistryCredentials> forRegistry(String registry) throws InvalidInputException {
        if (!auths.isObject()) {
            return Optional.empty();
        }
        String wanted = canonical(registry);
        for (Iterator<Map.Entry<String, JsonNode>> entries = auths.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (canonical(hostOfKey(entry.getKey())).equals(wanted)) {
                return Optional.ofNullable(credentials(entry.getKey(), entry.getValue()));
            }
        }
        return Optional.empty();
    }

    private RegistryCredentials credentials(String key, JsonNode entry) throws InvalidInputException {
        String path = "auths." + key;
        if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
            return new RegistryCredentials(entry.get("username").asText(), SecretValue.of(entry.get("password").asText()));
        }
        if (!entry.hasNonNull("auth") || entry.get("auth").asText().isEmpty()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText().trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(new Problem(file.toString(), path + ".auth", null,
                    "not valid base64; log in again with 'docker login' to rewrite it"));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new InvalidInputException(new Problem(file.toString(), path + ".auth", null,
                    "expected base64 of user:password; log in again with 'docker login' to rewrite it"));
        }
        return new RegistryCredentials(decoded.substring(0, colon), SecretValue.of(decoded.substring(colon + 1)));
    }

    private static String hostOfKey(String key) {
        String host = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        return slash < 0 ? host : host.substring(0, slash);
    }

    private static String canonical(String registry) {
        String lower = registry.toLowerCase(Locale.ROOT);
        return lower.equals("docker.io") || lower.equals("index.docker.io") ? ImageName.DOCKER_HUB : lower;
    }
}
