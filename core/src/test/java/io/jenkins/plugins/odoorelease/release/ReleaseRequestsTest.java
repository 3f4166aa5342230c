package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.backup.VerifyRequest;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.config.PlatformConfigParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRequestsTest {

    private static final String RELEASE = """
            release:
              environment: production
            database:
              url: jdbc:postgresql://127.0.0.1:5432/shop
            s3:
              endpoint: http://127.0.0.1:9000
              region: eu-west-1
              accessKeyId: ${env:S3_KEY}
              secretAccessKey: ${env:S3_SECRET}
            backup:
              location: s3://backups/shop
            verify:
              scratchUrl: jdbc:postgresql://127.0.0.1:5432/postgres
            """;

    @TempDir
    Path folder;

    private VerifyRequest verify(String release, String platform) throws Exception {
        Path releaseFile = folder.resolve("release.yaml");
        Files.writeString(releaseFile, release);
        Path platformFile = folder.resolve("odoo-release.yaml");
        Files.writeString(platformFile, platform);
        PlatformConfig platformConfig = PlatformConfigParser.read(platformFile);
        ReleaseConfig config = ReleaseConfigParser.read(releaseFile, Map.of("S3_KEY", "AKIAEXAMPLE", "S3_SECRET", "example-secret"));
        return new ReleaseRequests(config, platformConfig, null).verify("shop/20261204T101500Z.zip");
    }

    @Test
    void verifyUsesPlatformBackupDefaults() throws Exception {
        VerifyRequest request = verify(RELEASE, """
                backup:
                  rpo: 2h
                  rto: 20m
                  requireLifecycle: false
                """);

        assertThat(request.rpo()).isEqualTo(Duration.ofHours(2));
        assertThat(request.rto()).isEqualTo(Duration.ofMinutes(20));
        assertThat(request.requireLifecycle()).isFalse();
        assertThat(request.requireVersioning()).isTrue();
        assertThat(request.key()).isEqualTo("shop/20261204T101500Z.zip");
    }

    @Test
    void releaseValuesWinOverPlatform() throws Exception {
        VerifyRequest request = verify(RELEASE + """
                  rpo: 30m
                  requireLifecycle: true
                """, """
                backup:
                  rpo: 2h
                  requireLifecycle: false
                """);

        assertThat(request.rpo()).isEqualTo(Duration.ofMinutes(30));
        assertThat(request.requireLifecycle()).isTrue();
    }

    @Test
    void storagePolicyRequiredWithoutPlatformFile() throws Exception {
        VerifyRequest request = verify(RELEASE, "");

        assertThat(request.requireVersioning()).isTrue();
        assertThat(request.requireLifecycle()).isTrue();
        assertThat(request.rpo()).isEqualTo(VerifyRequest.DEFAULT_RPO);
    }
}
