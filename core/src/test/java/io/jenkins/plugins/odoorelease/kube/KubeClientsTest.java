package io.jenkins.plugins.odoorelease.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import org.junit.jupiter.api.Test;

class KubeClientsTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: staging
            clusters:
              - name: staging
                cluster:
                  server: https://10.1.0.1:6443
              - name: production
                cluster:
                  server: https://10.2.0.1:6443
            contexts:
              - name: staging
                context: {cluster: staging, user: ci, namespace: shop-staging}
              - name: production
                context: {cluster: production, user: ci, namespace: shop}
            users:
              - name: ci
                user:
                  token: s3cr3t-token
            """;

    @Test
    void kubeconfigUsesCurrentContext() throws Exception {
        Config config = KubeClients.config(KubeAccess.ofKubeconfig(SecretValue.of(KUBECONFIG), null));

        assertThat(config.getMasterUrl()).isEqualTo("https://10.1.0.1:6443/");
        assertThat(config.getNamespace()).isEqualTo("shop-staging");
        assertThat(config.getAutoOAuthToken()).isEqualTo("s3cr3t-token");
    }

    @Test
    void kubeconfigContextChosen() throws Exception {
        Config config = KubeClients.config(KubeAccess.ofKubeconfig(SecretValue.of(KUBECONFIG), "production"));

        assertThat(config.getMasterUrl()).isEqualTo("https://10.2.0.1:6443/");
        assertThat(config.getNamespace()).isEqualTo("shop");
    }

    @Test
    void unknownContextListsTheOthers() {
        assertThatThrownBy(() -> KubeClients.config(KubeAccess.ofKubeconfig(SecretValue.of(KUBECONFIG), "prod")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("context: 'prod': no such context in the kubeconfig; it has staging, production");
    }

    @Test
    void malformedKubeconfigRejectedWithoutItsText() {
        assertThatThrownBy(() -> KubeClients.config(KubeAccess.ofKubeconfig(SecretValue.of("token: s3cr3t\n: - ["), null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("kubeconfig: ")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void tokenNeedsApiUrl() {
        assertThatThrownBy(() -> KubeClients.config(KubeAccess.ofToken(SecretValue.of("t"), null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("apiUrl: missing API server URL for the token, such as https://10.0.0.1:6443");
    }

    @Test
    void tokenWithCaCertificate() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

        Config config = KubeClients.config(KubeAccess.ofToken(SecretValue.of("t0k"), "https://10.0.0.1:6443", pem));

        assertThat(config.getOauthToken()).isEqualTo("t0k");
        assertThat(config.getCaCertData()).isNotBlank();
        assertThat(KubeAccess.ofToken(SecretValue.of("t0k"), "https://10.0.0.1:6443", pem).toString()).doesNotContain("t0k");
    }

    @Test
    void neitherWayInRejected() {
        assertThatThrownBy(() -> new KubeAccess(null, null, null, null, null, null).validate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing cluster credentials");
    }
}
