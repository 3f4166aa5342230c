package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The Kubernetes operations of a rollout on Deployments, Services, endpoints and pods of one namespace. Writes use
 * create, delete and {@code edit()}, which sends a JSON patch, so no server-side apply is needed.
 */
final class RolloutCluster {

    /** How often a wait polls the API server. */
    static final Duration POLL = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Sleeper sleeper;
    private final EventSink events;

    RolloutCluster(KubernetesClient client, String namespace, Clock clock, Sleeper sleeper, EventSink events) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.sleeper = sleeper;
        this.events = events;
    }

    KubernetesClient client() {
        return client;
    }

    Map<String, String> context(String object) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("apiServer", String.valueOf(client.getMasterUrl()));
        context.put("namespace", namespace);
        if (object != null) {
            context.put("object", object);
        }
        return context;
    }

    private <T> T call(String what, String object, Callable<T> call) throws InfrastructureException {
        try {
            return call.call();
        } catch (KubernetesClientException e) {
            throw new InfrastructureException(what + " failed: " + e.getMessage(), context(object), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new InfrastructureException(what + " failed: " + e, context(object), e);
        }
    }

    Deployment deployment(String name) throws InfrastructureException {
        return call("reading Deployment " + name, name, () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
    }

    Service service(String name) throws InfrastructureException {
        return call("reading Service " + name, name, () -> client.services().inNamespace(namespace).withName(name).get());
    }

    void create(Deployment deployment, Service service) throws InfrastructureException {
        String name = deployment.getMetadata().getName();
        call("creating Deployment " + name, name, () -> client.apps().deployments().inNamespace(namespace).resource(deployment).create());
        String serviceName = service.getMetadata().getName();
        if (service(serviceName) == null) {
            call("creating Service " + serviceName, serviceName, () -> client.services().inNamespace(namespace).resource(service).create());
        }
    }

    /** Merges annotations into a Deployment's metadata; a null value removes the key. */
    void annotate(String deployment, Map<String, String> annotations) throws InfrastructureException {
        call("annotating Deployment " + deployment, deployment, () -> client.apps().deployments().inNamespace(namespace).withName(deployment)
                .edit(live -> withAnnotations(live, annotations)));
    }

    private static Deployment withAnnotations(Deployment live, Map<String, String> annotations) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (live.getMetadata().getAnnotations() != null) {
            merged.putAll(live.getMetadata().getAnnotations());
        }
        annotations.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        live.getMetadata().setAnnotations(merged);
        return live;
    }

    /** Sets the image of one container of a Deployment and records annotations beside it. */
    void setImage(String deployment, String container, String image, Map<String, String> annotations) throws InfrastructureException {
        call("setting the image of Deployment " + deployment, deployment, () -> client.apps().deployments().inNamespace(namespace)
                .withName(deployment).edit(live -> {
                    for (Container candidate : live.getSpec().getTemplate().getSpec().getContainers()) {
                        if (candidate.getName().equals(container)) {
                            candidate.setImage(image);
                        }
                    }
                    return withAnnotations(live, annotations);
                }));
    }

    /** Deletes the canary Deployment and Service; absent objects are fine. */
    void deleteCanary(String deployment, String service) throws InfrastructureException {
        call("deleting Deployment " + deployment, deployment,
                () -> client.apps().deployments().inNamespace(namespace).withName(deployment).delete());
        call("deleting Service " + service, service, () -> client.services().inNamespace(namespace).withName(service).delete());
    }

    /** Returns whether every replica of the Deployment runs the current template and is available. */
    static boolean rolledOut(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null) {
            return false;
        }
        DeploymentStatus status = deployment.getStatus();
        int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? -1 : status.getObservedGeneration();
        return observed >= generation
                && number(status.getUpdatedReplicas()) == wanted
                && number(status.getAvailableReplicas()) >= wanted
                && number(status.getReplicas()) == wanted;
    }

    private static int number(Integer value) {
        return value == null ? 0 : value;
    }

    /**
     * Waits until the Deployment has rolled out: the controller saw its latest generation, and every replica is updated
     * and available, with no old replica left.
     *
     * @return whether it rolled out before the timeout
     */
    boolean awaitRollout(String name, Duration timeout) throws InfrastructureException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Instant started = clock.instant();
        while (true) {
            Deployment deployment = deployment(name);
            if (rolledOut(deployment)) {
                events.info("Deployment " + name + " rolled out in " + Durations.format(Duration.between(started, clock.instant())) + ".");
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                DeploymentStatus status = deployment == null ? null : deployment.getStatus();
                events.error("Deployment " + name + " did not roll out within " + Durations.format(timeout) + ": "
                        + (status == null ? "no status" : number(status.getUpdatedReplicas()) + " updated, "
                        + number(status.getAvailableReplicas()) + " available of " + deployment.getSpec().getReplicas()) + ".");
                return false;
            }
            sleeper.sleep(POLL);
        }
    }

    /**
     * Counts the ready endpoints of a Service, from its EndpointSlices, or from its Endpoints object on clusters
     * without slices. An endpoint whose ready condition is unset counts as ready, as the EndpointSlice API documents.
     */
    int readyEndpoints(String service) throws InfrastructureException {
        List<EndpointSlice> slices = call("listing EndpointSlices of " + service, service, () -> client.discovery().v1().endpointSlices()
                .inNamespace(namespace).withLabel("kubernetes.io/service-name", service).list().getItems());
        if (!slices.isEmpty()) {
            int ready = 0;
            for (EndpointSlice slice : slices) {
                for (Endpoint endpoint : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                    Boolean flag = endpoint.getConditions() == null ? null : endpoint.getConditions().getReady();
                    if (!Boolean.FALSE.equals(flag)) {
                        ready += endpoint.getAddresses() == null ? 0 : endpoint.getAddresses().size();
                    }
                }
            }
            return ready;
        }
        Endpoints endpoints = call("reading Endpoints of " + service, service,
                () -> client.endpoints().inNamespace(namespace).withName(service).get());
        if (endpoints == null || endpoints.getSubsets() == null) {
            return 0;
        }
        int ready = 0;
        for (EndpointSubset subset : endpoints.getSubsets()) {
            List<EndpointAddress> addresses = subset.getAddresses();
            ready += addresses == null ? 0 : addresses.size();
        }
        return ready;
    }

    /**
     * Waits until the Service has at least one ready endpoint.
     *
     * @return the number of ready endpoints, or 0 when the timeout passed first
     */
    int awaitEndpoints(String service, Duration timeout) throws InfrastructureException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            int ready = readyEndpoints(service);
            if (ready > 0 || !clock.instant().isBefore(deadline)) {
                return ready;
            }
            sleeper.sleep(POLL);
        }
    }

    /** Lists the pods that match the selector. */
    List<Pod> pods(Map<String, String> selector) throws InfrastructureException {
        return call("listing pods", null, () -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems());
    }

    /** Returns the image of a container of the Deployment, or {@code null}. */
    static String image(Deployment deployment, String container) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(candidate -> Objects.equals(candidate.getName(), container)).map(Container::getImage).findFirst().orElse(null);
    }
}
