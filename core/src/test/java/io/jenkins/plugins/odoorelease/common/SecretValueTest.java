package io.jenkins.plugins.odoorelease.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretValueTest {

    @Test
    void toStringHidesValue() {
        SecretValue secret = SecretValue.of("s3cr3t-password");

        assertThat(secret.toString()).isEqualTo("****");
        assertThat("password=" + secret).doesNotContain("s3cr3t");
        assertThat(secret.reveal()).isEqualTo("s3cr3t-password");
    }

    @Test
    void blankIsAbsent() {
        assertThat(SecretValue.ofNullable("")).isNull();
        assertThat(SecretValue.ofNullable(null)).isNull();
    }
}
