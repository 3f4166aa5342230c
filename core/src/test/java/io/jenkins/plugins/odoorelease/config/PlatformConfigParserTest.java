package io.jenkins.plugins.odoorelease.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigParserTest {

    @TempDir
    Path folder;

    private Path write(String content) throws Exception {
        Path file = folder.resolve("odoo-release.yaml");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void readsFreezeSettings() throws Exception {
        Path file = write("""
                freeze:
                  calendars: [calendars/platform.yaml]
                  overrideApprovers: [alice, bob]
                  overridePolicy:
                    maxValidity: 12h
                    distinctApprover: false
                    minReasonLength: 20
                  expectedDuration: 45m
                """);

        PlatformConfig config = PlatformConfigParser.read(file);

        assertThat(config.freeze().calendars()).containsExactly(folder.resolve("calendars/platform.yaml").toAbsolutePath().normalize());
        assertThat(config.freeze().overrideApprovers()).containsExactly("alice", "bob");
        assertThat(config.freeze().overridePolicy().maxValidity()).isEqualTo(Duration.ofHours(12));
        assertThat(config.freeze().overridePolicy().distinctApprover()).isFalse();
        assertThat(config.freeze().overridePolicy().minReasonLength()).isEqualTo(20);
        assertThat(config.freeze().expectedDuration()).isEqualTo("45m");
    }

    @Test
    void releaseFileGivenInsteadNamed() throws Exception {
        Path file = write("""
                release:
                  environment: production
                database:
                  url: jdbc:postgresql://db:5432/shop
                """);

        assertThatThrownBy(() -> PlatformConfigParser.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("this is a release file, not the platform's odoo-release.yaml");
    }

    @Test
    void misspeltSectionRejected() throws Exception {
        Path file = write("""
                freez:
                  calendars: [platform.yaml]
                """);

        assertThatThrownBy(() -> PlatformConfigParser.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("freez: unknown section; expected one of 'backup', 'canary', 'freeze' or 'image'");
    }

    @Test
    void backupSectionKept() throws Exception {
        Path file = write("""
                backup:
                  rpo: 26h
                  rto: 45m
                  requireVersioning: true
                  requireLifecycle: false
                """);

        PlatformConfig config = PlatformConfigParser.read(file);

        assertThat(config.text("backup", "rpo")).isEqualTo("26h");
        assertThat(config.flag("backup", "requireLifecycle", true)).isFalse();
        assertThat(config.flag("backup", "missing", true)).isTrue();
        assertThat(config.text("canary", "plan")).isNull();
    }

    @Test
    void invalidBackupValuesRejected() throws Exception {
        Path file = write("""
                backup:
                  rpo: daily
                  requireLifecycle: "no"
                  retention: 30d
                """);

        assertThatThrownBy(() -> PlatformConfigParser.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("backup.rpo")
                .hasMessageContaining("daily")
                .hasMessageContaining("backup.requireLifecycle")
                .hasMessageContaining("expected true or false")
                .hasMessageContaining("backup.retention: unknown key; expected 'requireLifecycle', 'requireVersioning', 'rpo' or 'rto'");
    }

    @Test
    void misspeltPolicyKeyRejected() throws Exception {
        Path file = write("""
                freeze:
                  overridePolicy:
                    maxValidty: 1h
                """);

        assertThatThrownBy(() -> PlatformConfigParser.read(file))
                .hasMessageContaining("freeze.overridePolicy.maxValidty: unknown key");
    }

    @Test
    void duplicateKeyRejected() throws Exception {
        Path file = write("""
                freeze:
                  calendars: [a.yaml]
                freeze:
                  calendars: []
                """);

        assertThatThrownBy(() -> PlatformConfigParser.read(file)).hasMessageContaining("Duplicate field 'freeze'");
    }

    @Test
    void missingFileNamed() {
        assertThatThrownBy(() -> PlatformConfigParser.read(folder.resolve("nope.yaml")))
                .hasMessageContaining("nope.yaml: configuration file not found");
    }
}
