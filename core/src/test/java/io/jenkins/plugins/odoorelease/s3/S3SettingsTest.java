package io.jenkins.plugins.odoorelease.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import java.net.URI;
import java.util.List;
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
    void awsS3HostsRecognised() {
        for (String host : List.of("s3.amazonaws.com", "s3.eu-west-1.amazonaws.com", "s3.cn-north-1.amazonaws.com.cn",
                "s3-fips.us-east-1.amazonaws.com", "s3.dualstack.eu-west-1.amazonaws.com", "backups.s3.eu-west-1.amazonaws.com",
                "bucket.vpce-0a1b2c3d.s3.eu-west-1.vpce.amazonaws.com", "S3.US-GOV-WEST-1.AMAZONAWS.COM")) {
            assertThat(S3Settings.isAws(URI.create("https://" + host))).as(host).isTrue();
        }
    }

    @Test
    void otherHostsNeedKeys() {
        for (String host : List.of("ec2-203-0-113-5.compute-1.amazonaws.com", "s3-1234.us-east-1.elb.amazonaws.com",
                "abc123.execute-api.us-east-1.amazonaws.com", "amazonaws.com.evil.example", "s3.amazonaws.com.evil.example",
                "127.0.0.1")) {
            assertThat(S3Settings.isAws(URI.create("https://" + host))).as(host).isFalse();
        }
    }

    @Test
    void regionalEndpointPinnedWithoutEndpoint() throws Exception {
        assertThat(S3Settings.of(null, "eu-west-1", false, null, null, null).endpointOrRegional())
                .isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com"));
        assertThat(S3Settings.of(null, "cn-north-1", false, null, null, null).endpointOrRegional())
                .isEqualTo(URI.create("https://s3.cn-north-1.amazonaws.com.cn"));
        assertThat(S3Settings.of("http://127.0.0.1:9000", null, true, KEY, SECRET, null).endpointOrRegional())
                .isEqualTo(URI.create("http://127.0.0.1:9000"));
    }
}
