package io.jenkins.plugins.odoorelease.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Creates fabric8 Kubernetes clients from a {@link KubeAccess}. The client never reads {@code ~/.kube/config},
 * the in-cluster service account or {@code KUBERNETES_*} variables of the machine it runs on, so a pipeline talks to
 * exactly the cluster its credentials name.
 */
public final class KubeClients {

    /** How long one API request may take before it fails. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private KubeClients() {
    }

    /**
     * Opens a client; close it when done.
     *
     * @throws InvalidInputException when the kubeconfig is malformed or lacks the context asked for
     */
    public static KubernetesClient open(KubeAccess access) throws InvalidInputException {
        return new KubernetesClientBuilder().withConfig(config(access)).build();
    }

    /** Builds the client configuration without opening a connection. */
    public static Config config(KubeAccess access) throws InvalidInputException {
        access.validate();
        Config config;
        if (access.kubeconfig() != null) {
            config = fromKubeconfig(access.kubeconfig().reveal(), access.context());
        } else {
            ConfigBuilder builder = new ConfigBuilder(Config.empty())
                    .withMasterUrl(access.apiUrl())
                    .withOauthToken(access.token().reveal());
            if (access.caCertificate() != null) {
                builder.withCaCertData(Base64.getEncoder().encodeToString(access.caCertificate().getBytes(StandardCharsets.UTF_8)));
            }
            config = builder.build();
        }
        if (access.namespace() != null) {
            config.setNamespace(access.namespace());
        }
        config.setRequestTimeout((int) REQUEST_TIMEOUT.toMillis());
        config.setConnectionTimeout((int) Duration.ofSeconds(10).toMillis());
        return config;
    }

    private static Config fromKubeconfig(String text, String context) throws InvalidInputException {
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfigFromString(text);
        } catch (RuntimeException e) {
            // The YAML parser's exceptions vary by version; none of them carries the kubeconfig's text.
            throw new InvalidInputException(Problem.of("kubeconfig", null, "the kubeconfig is not valid YAML of kind Config: "
                    + firstLine(e.getMessage()) + "; export it again with 'kubectl config view --minify --flatten'"));
        }
        if (parsed == null || parsed.getClusters() == null || parsed.getClusters().isEmpty()) {
            throw new InvalidInputException(Problem.of("kubeconfig", null, "the kubeconfig names no cluster; export it with "
                    + "'kubectl config view --minify --flatten'"));
        }
        if (context != null) {
            List<NamedContext> contexts = parsed.getContexts() == null ? List.of() : parsed.getContexts();
            if (contexts.stream().noneMatch(named -> context.equals(named.getName()))) {
                throw InvalidInputException.forValue("context", context, "no such context in the kubeconfig; it has "
                        + String.join(", ", contexts.stream().map(NamedContext::getName).toList()));
            }
            parsed.setCurrentContext(context);
        } else if (parsed.getCurrentContext() == null || parsed.getCurrentContext().isBlank()) {
            throw new InvalidInputException(Problem.of("context", null, "the kubeconfig has no current-context; name the context to use"));
        }
        try {
            return Config.fromKubeconfig(Serialization.asYaml(parsed));
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new InvalidInputException(Problem.of("kubeconfig", null, "the kubeconfig cannot be used: " + firstLine(e.getMessage())));
        }
    }

    /** Context for exception messages: the API server and namespace, never a credential. */
    public static Map<String, String> context(KubernetesClient client, String namespace) {
        return Map.of("apiServer", String.valueOf(client.getMasterUrl()), "namespace", namespace);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
