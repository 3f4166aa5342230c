package io.jenkins.plugins.odoorelease.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real OCI registry on 127.0.0.1: the {@code docker-registry} program (Debian package {@code docker-registry},
 * the CNCF distribution registry) with a generated configuration, a free port and its storage in a temporary folder.
 * Share one per test class ({@code @BeforeAll}/{@code @AfterAll}); {@link #close()} stops exactly the process it
 * started. {@link #startWithLogin} adds TLS with a certificate made by the JDK's {@code keytool} and htpasswd login.
 * The read methods talk to the registry's HTTP API directly, so tests check the engine against the registry rather
 * than against the engine's own client.
 */
public final class RegistryServer implements AutoCloseable {

    /** The user and password of a registry started with {@link #startWithLogin}. */
    public static final String USER = "ci-pusher";
    public static final String PASSWORD = "registry-secret";
    /** bcrypt (cost 10) of {@link #PASSWORD}, the only hash the registry's htpasswd support accepts. */
    private static final String PASSWORD_BCRYPT = "$2b$10$27wo3ZvfhalvMhyQeZ0sv.JfAnK8avMHyjr5A7jYwhLxdBgMBTuFO";
    private static final String STORE_PASSWORD = "changeit";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, "
            + "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

    private final Path folder;
    private final int port;
    private final boolean login;
    private final Process process;
    private final HttpClient client;

    /** A manifest as the registry serves it. */
    public record Manifest(String digest, String mediaType, JsonNode json, byte[] content) {
    }

    private RegistryServer(Path folder, int port, boolean login, Process process, HttpClient client) {
        this.folder = folder;
        this.port = port;
        this.login = login;
        this.process = process;
        this.client = client;
    }

    /** Starts a registry over plain HTTP without login; skips the test when the program is missing. */
    public static RegistryServer start() {
        return start(false);
    }

    /** Starts a registry over HTTPS with a self-signed certificate, where {@link #USER} logs in with {@link #PASSWORD}. */
    public static RegistryServer startWithLogin() {
        return start(true);
    }

    private static RegistryServer start(boolean login) {
        Path program = SystemBinaries.require("docker-registry", "docker-registry");
        try {
            Path folder = Files.createTempDirectory("odoo-release-registry-");
            int port = freePort();
            StringBuilder config = new StringBuilder("""
                    version: 0.1
                    log:
                      level: warn
                      accesslog:
                        disabled: true
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                      secret: odoo-release-tests
                    """.formatted(folder.resolve("storage"), port));
            SSLContext trust = null;
            if (login) {
                trust = certificate(folder);
                config.append("""
                          tls:
                            certificate: %s
                            key: %s
                        auth:
                          htpasswd:
                            realm: odoo-release-tests
                            path: %s
                        """.formatted(folder.resolve("registry.crt"), folder.resolve("registry.key"), folder.resolve("htpasswd")));
                Files.writeString(folder.resolve("htpasswd"), USER + ":" + PASSWORD_BCRYPT + "\n");
            }
            Files.writeString(folder.resolve("config.yml"), config);
            Process process = new ProcessBuilder(program.toString(), "serve", folder.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("registry.log").toFile()).start();
            HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            if (trust != null) {
                client.sslContext(trust);
            }
            RegistryServer server = new RegistryServer(folder, port, login, process, client.build());
            // Stops the registry even when the JVM exits before close(), so that no registry outlives its tests.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "docker-registry-stop"));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the registry did not start", e);
        }
    }

    /** Returns {@code 127.0.0.1:port}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** Returns the manifest of a tag or digest, or {@code null} when the repository has none. */
    public Manifest manifest(String repository, String reference) {
        HttpResponse<byte[]> response = send("GET", "/v2/" + repository + "/manifests/" + reference, ACCEPT);
        if (response.statusCode() == 404) {
            return null;
        }
        expect(response, 200);
        try {
            JsonNode json = JSON.readTree(response.body());
            return new Manifest(response.headers().firstValue("Docker-Content-Digest").orElseThrow(),
                    response.headers().firstValue("Content-Type").orElse(""), json, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the image configuration a manifest refers to. */
    public JsonNode config(String repository, Manifest manifest) {
        HttpResponse<byte[]> response = send("GET", "/v2/" + repository + "/blobs/" + manifest.json().path("config").path("digest").asText(),
                "*/*");
        expect(response, 200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a blob's content, such as a compressed layer. */
    public byte[] blob(String repository, String digest) {
        HttpResponse<byte[]> response = send("GET", "/v2/" + repository + "/blobs/" + digest, "*/*");
        expect(response, 200);
        return response.body();
    }

    /** Returns the tags of a repository, sorted, or an empty list when it does not exist. */
    public List<String> tags(String repository) {
        HttpResponse<byte[]> response = send("GET", "/v2/" + repository + "/tags/list", "application/json");
        if (response.statusCode() == 404) {
            return List.of();
        }
        expect(response, 200);
        List<String> tags = new ArrayList<>();
        try {
            JSON.readTree(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tags.stream().sorted().toList();
    }

    /** Returns the digest of every blob in the registry's storage, so that a test can see whether anything was uploaded. */
    public Set<String> blobDigests() {
        Path blobs = folder.resolve("storage/docker/registry/v2/blobs/sha256");
        Set<String> digests = new TreeSet<>();
        if (!Files.isDirectory(blobs)) {
            return digests;
        }
        try (Stream<Path> paths = Files.walk(blobs, 2)) {
            paths.filter(path -> path.getParent() != null && !path.getParent().equals(blobs) && Files.isDirectory(path))
                    .forEach(path -> digests.add("sha256:" + path.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digests;
    }

    /** Returns the repositories the registry holds, sorted. */
    public List<String> repositories() {
        Path repositories = folder.resolve("storage/docker/registry/v2/repositories");
        if (!Files.isDirectory(repositories)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(repositories)) {
            return paths.filter(path -> path.getFileName().toString().equals("_manifests"))
                    .map(path -> repositories.relativize(path.getParent()).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the SHA-256 digest of bytes in the registry's notation, for comparing with a manifest digest. */
    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the registry process this object started and deletes its storage. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the registry's folder " + folder, e);
        }
    }

    private HttpResponse<byte[]> send(String method, String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create((login ? "https" : "http") + "://" + host() + path))
                .timeout(Duration.ofSeconds(20)).header("Accept", accept).method(method, HttpRequest.BodyPublishers.noBody());
        if (login) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("the registry at " + host() + " did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void expect(HttpResponse<byte[]> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("the registry answered " + response.statusCode() + " to " + response.request().uri() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** Waits until the registry responds to {@code /v2/}, which takes well under a second on a free machine. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create((login ? "https" : "http") + "://" + host()
                        + "/v2/")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200 || response.statusCode() == 401) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry", e);
            }
        }
        close();
        throw new IOException("docker-registry did not answer on " + host() + " within 20 s: " + log());
    }

    private String log() {
        try {
            return Files.readString(folder.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Makes a self-signed certificate for 127.0.0.1 with the JDK's keytool, writes it and its key as PEM files for the
     * registry, and returns a TLS context that trusts exactly that certificate.
     */
    private static SSLContext certificate(Path folder) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = folder.resolve("registry.p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname",
                "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, STORE_PASSWORD.toCharArray());
            }
            Certificate certificate = keyStore.getCertificate("registry");
            Files.writeString(folder.resolve("registry.crt"), pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(folder.resolve("registry.key"), pem("PRIVATE KEY",
                    keyStore.getKey("registry", STORE_PASSWORD.toCharArray()).getEncoded()));
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("registry", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate keytool made", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
