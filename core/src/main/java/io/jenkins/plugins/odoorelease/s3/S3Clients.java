package io.jenkins.plugins.odoorelease.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds AWS SDK v2 S3 clients from {@link S3Settings}; every capability that talks to object storage uses it. */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * Creates a client. The caller closes it.
     *
     * <p>Request and response checksums are computed only where S3 requires them, because many S3-compatible
     * stores reject or ignore the newer flexible checksum headers; the engine checks content with its own
     * SHA-256 instead.
     */
    public static S3Client create(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .chunkedEncodingEnabled(true)
                        .build())
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout())
                        .maxConnections(16))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(settings.apiCallTimeout())
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
        builder.endpointOverride(settings.endpointOrRegional());
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = settings.accessKeyId().reveal();
        String secret = settings.secretAccessKey().reveal();
        if (settings.sessionToken() != null) {
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(id, secret, settings.sessionToken().reveal()));
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
    }
}
