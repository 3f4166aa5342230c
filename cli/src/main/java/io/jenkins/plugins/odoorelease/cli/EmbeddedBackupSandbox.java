package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.release.BackupSandbox;
import io.jenkins.plugins.odoorelease.s3.S3Clients;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo's servers: an embedded PostgreSQL 15 (Linux x86-64 binaries) and s3proxy over an in-memory store, both on
 * 127.0.0.1 with random ports and a random S3 key. {@link #close()} stops both and deletes the database's files.
 */
final class EmbeddedBackupSandbox implements BackupSandbox {

    private final Path dataDirectory;
    private final EmbeddedPostgres postgres;
    private final BlobStore store;
    private final S3Proxy proxy;
    private final S3Settings s3;
    private final String password = random();

    EmbeddedBackupSandbox() {
        String key = random();
        String secret = random();
        try {
            dataDirectory = Files.createTempDirectory("odoo-release-demo-pg");
            postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(true)
                    .setOverrideWorkingDirectory(binaryCache().toFile())
                    // The demo stops the server itself, also on Ctrl-C. The library's own hook would stop it in the middle
                    // of the release and race the demo for the data folder.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1").start();
            requirePassword();
        } catch (IOException | SQLException e) {
            close();
            throw new IllegalStateException("the embedded PostgreSQL server did not start: " + e.getMessage(), e);
        }
        store = new TransientNio2BlobStore();
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, key, secret).build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            s3 = S3Settings.of("http://127.0.0.1:" + proxy.getPort(), "us-east-1", true, SecretValue.of(key), SecretValue.of(secret), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while s3proxy started", e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("s3proxy did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Gives the superuser a random password and makes TCP connections ask for it, as a production server does, so that
     * the demo passes its secrets the way a real release must.
     */
    private void requirePassword() throws SQLException, IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER USER postgres PASSWORD '" + password + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    @Override
    public PgTarget server() {
        return new PgTarget("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", SecretValue.of(password));
    }

    @Override
    public S3Settings s3() {
        return s3;
    }

    @Override
    public String createBucket(String name) {
        try (S3Client client = S3Clients.create(s3)) {
            client.createBucket(request -> request.bucket(name));
        }
        return name;
    }

    @Override
    public void close() {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            // Stopping is best effort; the JVM exits after the demo.
        }
        if (store != null) {
            store.close();
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
            deleteTree(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("stopping the embedded PostgreSQL server failed", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Returns the folder the PostgreSQL binaries are unpacked into once and reused: the user's cache folder rather than
     * the system's temporary one, so that the demo leaves nothing behind there.
     */
    private static Path binaryCache() throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Files.createDirectories(root.resolve("odoo-release").resolve("postgres"));
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
