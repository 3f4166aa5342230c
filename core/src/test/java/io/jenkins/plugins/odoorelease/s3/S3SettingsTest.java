package io.jenkins.plugins.odoorelease.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.net.URI;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    private static final SecretValue KEY = SecretValue.of("AKIAEXAMPLE");
    private static final SecretValue SECRET = SecretValue.of("example-secret-key");

    @Test
    void otherStoreNeedsCredentials() {
        InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
                () -> S3Settings.of("http://127.0.0.1:9000", null, true, null, null, null));

        assertThat(error.getMessage()).contains("accessKeyId", "missing credentials for the store at http://127.0.0.1:9000",
                "AWS_ACCESS_KEY_ID");
    }

    @Test
    void awsMayUseDefaultChain() throws Exception {
        S3Settings regional = S3Settings.of(null, "eu-west-1", false, null, null, null);
        S3Settings vpcEndpoint = S3Settings.of("https://bucket.vpce-0a1b2c3d.s3.eu-west-1.vpce.amazonaws.com", "eu-west-1", false,
                null, null, null);

        assertThat(regional.accessKeyId()).isNull();
        assertThat(vpcEndpoint.accessKeyId()).isNull();
    }

    @Test
    void otherStoreWithKeysAccepted() throws Exception {
        S3Settings settings = S3Settings.of("https://minio.example:9000", null, true, KEY, SECRET, null);

        assertThat(settings.endpoint()).isEqualTo(URI.create("https://minio.example:9000"));
        assertThat(settings.region()).isEqualTo(S3Settings.DEFAULT_REGION);
    }

    @Test
    void awsHostRecognised() {
        assertThat(S3Settings.isAws(URI.create("https://s3.eu-west-1.amazonaws.com"))).isTrue();
        assertThat(S3Settings.isAws(URI.create("https://s3.cn-north-1.amazonaws.com.cn"))).isTrue();
        assertThat(S3Settings.isAws(URI.create("https://amazonaws.com.evil.example"))).isFalse();
        assertThat(S3Settings.isAws(URI.create("http://127.0.0.1:9000"))).isFalse();
    }
}
