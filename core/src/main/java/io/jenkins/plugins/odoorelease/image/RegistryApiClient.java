package io.jenkins.plugins.odoorelease.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reads manifests and blobs from one registry over the Docker Registry HTTP API V2 (the OCI distribution API), with
 * basic and bearer-token authentication. Jib pushes the image, and this client reads what Jib does not expose: the
 * base image's configuration, the digest a tag points at before a push, and the pushed manifest afterwards.
 *
 * <p>HTTPS is used with normal certificate checks. In insecure mode (a loopback registry, or one the request
 * explicitly allows) it accepts any certificate and falls back to plain HTTP, as Jib does. Credentials are never
 * sent over plain HTTP.
 */
final class RegistryApiClient {

    /** Every manifest type a registry may return for a tag or digest, single-platform and multi-platform. */
    static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("([a-zA-Z]+)=\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 5;

    private final String registry;
    private final boolean insecure;
    private final RegistryCredentials credentials;
    private final HttpClient client;
    private String scheme;
    private String authorization;

    /** A manifest or index as the registry returned it, with the digest computed from its bytes. */
    record Manifest(String mediaType, byte[] content, String digest, JsonNode json) {
    }

    /**
     * @param insecure accept any certificate and fall back to plain HTTP
     * @param credentials the user name and password, or {@code null} for anonymous access
     */
    RegistryApiClient(String registry, boolean insecure, RegistryCredentials credentials) {
        this.registry = registry;
        this.insecure = insecure;
        this.credentials = credentials;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault());
        if (insecure) {
            builder.sslContext(trustingEveryCertificate());
        }
        this.client = builder.build();
        this.scheme = "https";
    }

    String registry() {
        return registry;
    }

    /**
     * Returns the digest a tag or digest reference points at, or empty when the repository has no such manifest.
     * It uses {@code HEAD} and the {@code Docker-Content-Digest} header, and falls back to downloading the manifest
     * when the registry does not send that header.
     */
    Optional<String> manifestDigest(String repository, String reference) throws InfrastructureException, InvalidInputException {
        HttpResponse<byte[]> response = send(repository, "HEAD", manifestPath(repository, reference), MANIFEST_TYPES);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, repository, "read the manifest of " + reference);
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent()) {
            return header;
        }
        return manifest(repository, reference).map(Manifest::digest);
    }

    /**
     * Downloads a manifest or index, or returns empty when the repository has none under that reference. When the
     * reference is a digest, the content must hash to it.
     */
    Optional<Manifest> manifest(String repository, String reference) throws InfrastructureException, InvalidInputException {
        HttpResponse<byte[]> response = send(repository, "GET", manifestPath(repository, reference), MANIFEST_TYPES);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response, repository, "read the manifest of " + reference);
        byte[] content = response.body();
        String digest = sha256(content);
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new InfrastructureException("The registry returned a manifest whose digest is " + digest + " for " + reference
                    + "; the registry or a proxy changed it", context(repository), null);
        }
        JsonNode json;
        try {
            json = JSON.readTree(content);
        } catch (IOException e) {
            throw new InfrastructureException("The manifest of " + reference + " is not JSON", context(repository), e);
        }
        String mediaType = json.path("mediaType").asText(
                response.headers().firstValue("Content-Type").orElse("application/vnd.docker.distribution.manifest.v2+json"));
        return Optional.of(new Manifest(mediaType, content, digest, json));
    }

    /** Downloads a blob, such as an image configuration, and checks that its content hashes to the digest. */
    byte[] blob(String repository, String digest) throws InfrastructureException, InvalidInputException {
        HttpResponse<byte[]> response = send(repository, "GET", "/v2/" + repository + "/blobs/" + digest, "*/*");
        if (response.statusCode() == 404) {
            throw new InfrastructureException("The blob " + digest + " is missing from " + registry + "/" + repository
                    + ", although a manifest refers to it", context(repository), null);
        }
        expectOk(response, repository, "download the blob " + digest);
        if (!sha256(response.body()).equals(digest)) {
            throw new InfrastructureException("The blob " + digest + " downloaded from " + registry + "/" + repository
                    + " has another digest; the registry or a proxy changed it", context(repository), null);
        }
        return response.body();
    }

    private static String manifestPath(String repository, String reference) {
        return "/v2/" + repository + "/manifests/" + reference;
    }

    private HttpResponse<byte[]> send(String repository, String method, String path, String accept)
            throws InfrastructureException, InvalidInputException {
        HttpResponse<byte[]> response = sendOnce(repository, method, URI.create(scheme + "://" + registry + path), accept);
        if (response.statusCode() == 401) {
            authenticate(repository, response.headers());
            response = sendOnce(repository, method, URI.create(scheme + "://" + registry + path), accept);
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new InvalidInputException(List.of(Problem.of("registryCredentials", null, "the registry " + registry
                        + " rejected " + (credentials == null ? "anonymous access" : "the credentials of '" + credentials.username() + "'")
                        + " to " + repository + " (HTTP " + response.statusCode() + "); check the credentials and their "
                        + "permissions on that repository")), context(repository), null);
            }
        }
        return response;
    }

    /** Sends one request, falling back from HTTPS to HTTP in insecure mode, and following redirects to blob stores. */
    private HttpResponse<byte[]> sendOnce(String repository, String method, URI uri, String accept) throws InfrastructureException {
        URI target = uri;
        boolean sameHost = true;
        for (int redirect = 0; redirect <= MAX_REDIRECTS; redirect++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT).header("Accept", accept)
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (authorization != null && sameHost) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> response = exchange(repository, request.build());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status < 300 || status >= 400 || location.isEmpty()) {
                return response;
            }
            // A registry may redirect a blob download to object storage; the registry's credentials stay behind.
            URI next = target.resolve(location.get());
            sameHost = sameHost && next.getAuthority() != null && next.getAuthority().equals(target.getAuthority());
            target = next;
        }
        throw new InfrastructureException("The registry " + registry + " redirected more than " + MAX_REDIRECTS + " times for "
                + uri.getPath(), context(repository), null);
    }

    private HttpResponse<byte[]> exchange(String repository, HttpRequest request) throws InfrastructureException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            if (insecure && scheme.equals("https") && request.uri().getScheme().equals("https")) {
                scheme = "http";
                URI plain = URI.create("http" + request.uri().toString().substring("https".length()));
                HttpRequest.Builder retry = HttpRequest.newBuilder(plain).timeout(TIMEOUT)
                        .method(request.method(), HttpRequest.BodyPublishers.noBody());
                request.headers().map().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Authorization")) {
                        values.forEach(value -> retry.header(name, value));
                    }
                });
                authorization = null;
                return exchange(repository, retry.build());
            }
            throw new InfrastructureException("Cannot reach the registry at " + request.uri().getScheme() + "://" + registry + ": "
                    + e.getMessage() + (insecure ? "" : "; for a registry that only speaks plain HTTP set allowInsecureRegistry"),
                    context(repository), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("Interrupted while talking to the registry " + registry, context(repository), e);
        }
    }

    /** Handles a 401 challenge: basic credentials directly, or a bearer token from the challenge's realm. */
    private void authenticate(String repository, HttpHeaders headers) throws InfrastructureException, InvalidInputException {
        String challenge = headers.firstValue("WWW-Authenticate").orElse("");
        String lower = challenge.toLowerCase(Locale.ROOT);
        if (lower.startsWith("basic")) {
            requireCredentials(repository);
            requireHttps(repository);
            authorization = basic();
            return;
        }
        if (!lower.startsWith("bearer")) {
            throw new InfrastructureException("The registry " + registry + " asks for an unsupported authentication scheme: '"
                    + challenge + "'", context(repository), null);
        }

        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
        }
        String realm = parameters.get("realm");
        if (realm == null) {
            throw new InfrastructureException("The registry " + registry + " sent a bearer challenge without a realm",
                    context(repository), null);
        }
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(parameters.get("service"), StandardCharsets.UTF_8));
        }
        String scope = parameters.getOrDefault("scope", "repository:" + repository + ":pull");
        query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        if (!tokenUri.getScheme().equals("https") && !(insecure && tokenUri.getScheme().equals("http"))) {
            throw new InfrastructureException("The registry " + registry + " names a token service that is not HTTPS: " + realm,
                    context(repository), null);
        }

        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(TIMEOUT).GET();
        if (credentials != null) {
            if (!tokenUri.getScheme().equals("https")) {
                throw credentialsNeedHttps(repository);
            }
            request.header("Authorization", basic());
        }
        HttpResponse<byte[]> response = exchange(repository, request.build());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new InvalidInputException(List.of(Problem.of("registryCredentials", null, "the token service of " + registry
                    + " rejected " + (credentials == null ? "anonymous access; this registry needs credentials"
                            : "the credentials of '" + credentials.username() + "'; check them"))), context(repository), null);
        }
        expectOk(response, repository, "get a token from " + realm);

        try {
            JsonNode token = JSON.readTree(response.body());
            String value = token.hasNonNull("token") ? token.get("token").asText() : token.path("access_token").asText("");
            if (value.isEmpty()) {
                throw new InfrastructureException("The token service of " + registry + " returned no token", context(repository), null);
            }
            authorization = "Bearer " + value;
        } catch (IOException e) {
            throw new InfrastructureException("The token service of " + registry + " returned invalid JSON", context(repository), e);
        }
    }

    private void requireCredentials(String repository) throws InvalidInputException {
        if (credentials == null) {
            throw new InvalidInputException(List.of(Problem.of("registryCredentials", null, "the registry " + registry
                    + " needs credentials for " + repository + "; give a user name and password for it")), context(repository), null);
        }
    }

    private void requireHttps(String repository) throws InvalidInputException {
        if (!scheme.equals("https")) {
            throw credentialsNeedHttps(repository);
        }
    }

    private InvalidInputException credentialsNeedHttps(String repository) {
        return new InvalidInputException(List.of(Problem.of("registryCredentials", null, "the registry " + registry
                + " asks for credentials over plain HTTP, which would expose them; credentials are only sent over HTTPS, "
                + "so enable TLS on the registry")), context(repository), null);
    }

    private String basic() {
        String pair = credentials.username() + ":" + credentials.password().reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private void expectOk(HttpResponse<byte[]> response, String repository, String action) throws InfrastructureException {
        if (response.statusCode() / 100 != 2) {
            String body = new String(response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8);
            throw new InfrastructureException("The registry " + registry + " returned HTTP " + response.statusCode() + " when asked to "
                    + action + (body.isBlank() ? "" : ": " + abbreviate(body)), context(repository), null);
        }
    }

    private Map<String, String> context(String repository) {
        return Map.of("registry", registry, "repository", repository);
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }

    /** Returns {@code sha256:} and the hexadecimal SHA-256 of the bytes, the digest form registries use. */
    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Returns a TLS context that accepts any certificate for any host name. Used only in insecure mode, for a loopback
     * registry or one the request explicitly allows, as Jib does in that mode.
     */
    private static SSLContext trustingEveryCertificate() {
        X509ExtendedTrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }
}
