package io.jenkins.plugins.odoorelease.testing;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.s3.S3Clients;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import java.net.URI;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One in-process S3 server (s3proxy over an in-memory {@code transient-nio2} store) on 127.0.0.1 for the whole test
 * JVM, with AWS signature v4 and fixed test credentials. Each test creates its own bucket with {@link #createBucket}.
 * The store responds with 501 Not Implemented to lifecycle and object-lock requests, which tests use as the case of a
 * store without those features.
 */
public final class S3Server {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";

    private static S3Proxy proxy;
    private static BlobStoreContext context;

    private S3Server() {
    }

    /** Starts the server once and returns its endpoint. */
    public static synchronized URI endpoint() {
        if (proxy == null) {
            Properties properties = new Properties();
            context = ContextBuilder.newBuilder("transient-nio2")
                    .credentials(ACCESS_KEY, SECRET_KEY)
                    .overrides(properties)
                    .build(BlobStoreContext.class);
            proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            try {
                proxy.start();
                while (!proxy.getState().equals("STARTED")) {
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy did not start", e);
            }
            S3Proxy started = proxy;
            BlobStoreContext startedContext = context;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.stop();
                } catch (Exception e) {
                    // the JVM is exiting; nothing else can be done
                }
                startedContext.close();
            }, "s3proxy-stop"));
        }
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Returns settings for the test server with its credentials and path-style addressing. */
    public static S3Settings settings() {
        try {
            return S3Settings.of(endpoint().toString(), "us-east-1", true, SecretValue.of(ACCESS_KEY), SecretValue.of(SECRET_KEY), null);
        } catch (InvalidInputException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns a new client for the test server; the caller closes it. */
    public static S3Client client() {
        return S3Clients.create(settings());
    }

    /** Creates an empty bucket with a unique name that starts with {@code prefix}, and returns its name. */
    public static String createBucket(String prefix) {
        String name = (prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        try (S3Client client = client()) {
            client.createBucket(request -> request.bucket(name));
        }
        return name;
    }
}
