package io.jenkins.plugins.odoorelease.kube;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.common.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach a Kubernetes API server: either a kubeconfig (with an optional context), or a bearer token with the
 * API server's URL and CA certificate. Secrets are {@link SecretValue}s, so that none reaches a log or a report.
 *
 * @param kubeconfig the kubeconfig's YAML text, or {@code null}
 * @param context the kubeconfig context to use, or {@code null} for its current context
 * @param token a service account or OIDC bearer token, or {@code null}
 * @param apiUrl the API server's URL, such as {@code https://10.0.0.1:6443}, used with the token
 * @param caCertificate the PEM text of the CA that signed the API server's certificate, or {@code null} to trust the
 *     JVM's default CAs
 * @param namespace the namespace to use when the caller names none, or {@code null} for the kubeconfig's
 */
public record KubeAccess(SecretValue kubeconfig, String context, SecretValue token, String apiUrl, String caCertificate,
        String namespace) {

    /** Creates access from a kubeconfig's text. */
    public static KubeAccess ofKubeconfig(SecretValue kubeconfig, String context) {
        return new KubeAccess(kubeconfig, Text.trimToNull(context), null, null, null, null);
    }

    /** Creates access from a bearer token, the API server's URL and its CA certificate. */
    public static KubeAccess ofToken(SecretValue token, String apiUrl, String caCertificate) {
        return new KubeAccess(null, null, token, Text.trimToNull(apiUrl), Text.trimToNull(caCertificate), null);
    }

    /**
     * Checks that exactly one way in is given and that it is complete.
     *
     * @throws InvalidInputException naming the missing or conflicting values
     */
    public KubeAccess validate() throws InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        if (kubeconfig == null && token == null) {
            problems.add(Problem.of("kubeconfig", null, "missing cluster credentials; give a kubeconfig, or a token with the "
                    + "API server URL"));
        }
        if (kubeconfig != null && token != null) {
            problems.add(Problem.of("token", null, "give either a kubeconfig or a token, not both"));
        }
        if (token != null && apiUrl == null) {
            problems.add(Problem.of("apiUrl", null, "missing API server URL for the token, such as https://10.0.0.1:6443"));
        }
        if (apiUrl != null && !apiUrl.matches("https?://\\S+")) {
            problems.add(Problem.of("apiUrl", apiUrl, "expected an https:// URL of the API server"));
        }
        if (caCertificate != null && !caCertificate.contains("-----BEGIN CERTIFICATE-----")) {
            problems.add(Problem.of("caCertificate", null, "expected the PEM text of a CA certificate, starting with "
                    + "-----BEGIN CERTIFICATE-----"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return this;
    }

    @Override
    public String toString() {
        return kubeconfig != null ? "kubeconfig" + (context == null ? "" : " context " + context) : "token for " + apiUrl;
    }
}
