package io.jenkins.plugins.odoorelease.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.kube.KubeAccess;
import io.jenkins.plugins.odoorelease.kube.KubeClients;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fabric8 mock API server in CRUD mode on 127.0.0.1, with the Traefik CRDs registered and an Odoo shop laid out
 * in namespace {@value #NAMESPACE}: Deployment {@code odoo} (image {@value #OLD_IMAGE}, 3 replicas), Service
 * {@code odoo} on port 8069, TraefikService {@code odoo-weighted} sending all traffic to it, and an IngressRoute
 * that routes through the TraefikService.
 *
 * <p>The mock server has no controllers, so {@link #reconcile()} plays them: it sets each Deployment's status as the
 * Deployment controller would once the pods are up, keeps one pod per replica with the template's labels, and keeps
 * an EndpointSlice per Service with the ready pods it selects. Tests call it from their sleeper, so the cluster moves
 * on exactly when the engine waits.
 */
public final class MockCluster implements AutoCloseable {

    public static final String NAMESPACE = "shop";
    public static final String OLD_IMAGE = "registry.example/odoo:17.0-20260101";
    public static final String NEW_IMAGE = "registry.example/odoo:17.0-20260201@sha256:" + "5e".repeat(32);
    public static final String TRAEFIK_SERVICE = "odoo-weighted";

    /** Kept here, because java.util.logging keeps only weak references to loggers and would forget the level. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        // The mock server logs every request at INFO; the tests' own output matters more.
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String traefikGroup;
    private final Set<String> brokenImages = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> restartsPerReconcile = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();

    /**
     * Starts the server with the Traefik CRDs of {@code traefikGroups} registered, and the shop's TraefikService and
     * IngressRoute in the first of them.
     */
    public MockCluster(String... traefikGroups) {
        // The dispatcher and the server share one map, so that expect() responds before the CRUD store.
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
            client = KubeClients.open(access());
        } catch (java.io.IOException | InvalidInputException e) {
            throw new IllegalStateException("the mock API server did not start", e);
        }
        this.traefikGroup = traefikGroups[0];
        for (String group : traefikGroups) {
            registerCrd(group, "TraefikService", "traefikservices");
            registerCrd(group, "IngressRoute", "ingressroutes");
        }
        seed();
    }

    /** Credentials for the engine: a token and the server's URL, as a pipeline would give them. */
    public KubeAccess access() {
        return KubeAccess.ofToken(SecretValue.of("mock-token"), "http://127.0.0.1:" + server.getPort(), null);
    }

    public KubernetesClient client() {
        return client;
    }

    public KubernetesMockServer server() {
        return server;
    }

    /** Opens a client of its own, as the engine does for every run and closes afterwards. */
    public KubernetesClient openClient() {
        try {
            return KubeClients.open(access());
        } catch (InvalidInputException e) {
            throw new IllegalStateException(e);
        }
    }

    private void registerCrd(String group, String kind, String plural) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase(java.util.Locale.ROOT)).endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true).endVersion()
                .endSpec()
                .build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    public static ResourceDefinitionContext traefikServices(String group) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion("v1alpha1").withKind("TraefikService")
                .withPlural("traefikservices").withNamespaced(true).build();
    }

    private void seed() {
        Deployment stable = new DeploymentBuilder()
                .withNewMetadata().withName("odoo").withNamespace(NAMESPACE).addToLabels("app", "odoo").endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewSelector().addToMatchLabels("app", "odoo").addToMatchLabels("component", "web").endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", "odoo").addToLabels("component", "web").addToLabels("team", "retail").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("odoo").withImage(OLD_IMAGE).withArgs("--workers=4", "--max-cron-threads=2")
                .addNewPort().withContainerPort(8069).withName("http").endPort().endContainer()
                .addNewContainer().withName("log-shipper").withImage("registry.example/fluent-bit:3").endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        client.apps().deployments().inNamespace(NAMESPACE).resource(stable).create();
        Service service = new ServiceBuilder()
                .withNewMetadata().withName("odoo").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec()
                .addToSelector("app", "odoo")
                .addNewPort().withName("http").withPort(8069).withTargetPort(new IntOrString("http")).withProtocol("TCP").endPort()
                .endSpec()
                .build();
        client.services().inNamespace(NAMESPACE).resource(service).create();
        GenericKubernetesResource traefik = new GenericKubernetesResource();
        traefik.setApiVersion(traefikGroup + "/v1alpha1");
        traefik.setKind("TraefikService");
        traefik.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(TRAEFIK_SERVICE).withNamespace(NAMESPACE)
                .build());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", "odoo");
        entry.put("port", 8069);
        entry.put("weight", 1);
        traefik.setAdditionalProperty("spec", Map.of("weighted", Map.of("services", List.of(entry))));
        client.genericKubernetesResources(traefikServices(traefikGroup)).inNamespace(NAMESPACE).resource(traefik).create();
        GenericKubernetesResource route = new GenericKubernetesResource();
        route.setApiVersion(traefikGroup + "/v1alpha1");
        route.setKind("IngressRoute");
        route.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("odoo").withNamespace(NAMESPACE).build());
        route.setAdditionalProperty("spec", Map.of("entryPoints", List.of("websecure"), "routes", List.of(Map.of("match",
                "Host(`shop.example`)", "kind", "Rule", "services", List.of(Map.of("name", TRAEFIK_SERVICE, "kind", "TraefikService"))))));
        ResourceDefinitionContext routes = new ResourceDefinitionContext.Builder().withGroup(traefikGroup).withVersion("v1alpha1")
                .withKind("IngressRoute").withPlural("ingressroutes").withNamespaced(true).build();
        client.genericKubernetesResources(routes).inNamespace(NAMESPACE).resource(route).create();
        reconcile();
    }

    /** Makes Deployments running this image never become available, like a crashing image. */
    public void breakImage(String image) {
        brokenImages.add(image);
    }

    /** Adds this many container restarts to every pod of this image at each reconcile. */
    public void restartEachReconcile(String image, int count) {
        restartsPerReconcile.put(image, count);
    }

    /** Plays the Deployment and EndpointSlice controllers once. */
    public synchronized void reconcile() {
        List<Deployment> deployments = client.apps().deployments().inNamespace(NAMESPACE).list().getItems();
        Set<String> livePods = ConcurrentHashMap.newKeySet();
        for (Deployment deployment : deployments) {
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            int available = brokenImages.contains(image) ? 0 : replicas;
            long generation = deployment.getMetadata().getGeneration() == null ? 1 : deployment.getMetadata().getGeneration();
            deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                    .withUpdatedReplicas(replicas).withReadyReplicas(available).withAvailableReplicas(available).build());
            client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).updateStatus();
            for (int i = 0; i < replicas; i++) {
                String name = deployment.getMetadata().getName() + "-" + i;
                livePods.add(name);
                int restartCount = restarts.merge(name + "|" + image, restartsPerReconcile.getOrDefault(image, 0), Integer::sum);
                Pod pod = new PodBuilder()
                        .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                        .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                        .withNewSpec().addNewContainer().withName("odoo").withImage(image).endContainer().endSpec()
                        .withNewStatus().withPodIP("10.0.0." + (i + 10)).addToContainerStatuses(new ContainerStatusBuilder()
                                .withName("odoo").withImage(image).withReady(available > 0).withRestartCount(restartCount).build())
                        .endStatus()
                        .build();
                client.pods().inNamespace(NAMESPACE).resource(pod).createOr(existing -> existing.update());
            }
        }
        for (Pod pod : client.pods().inNamespace(NAMESPACE).list().getItems()) {
            if (!livePods.contains(pod.getMetadata().getName())) {
                client.pods().inNamespace(NAMESPACE).resource(pod).delete();
            }
        }
        for (Service service : client.services().inNamespace(NAMESPACE).list().getItems()) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints = new ArrayList<>();
            for (Deployment deployment : deployments) {
                Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
                String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
                if (selector != null && labels.entrySet().containsAll(selector.entrySet()) && !brokenImages.contains(image)) {
                    int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
                    for (int i = 0; i < replicas; i++) {
                        endpoints.add(new EndpointBuilder().withAddresses("10.0." + endpoints.size() + ".1")
                                .withNewConditions().withReady(true).endConditions().build());
                    }
                }
            }
            EndpointSlice slice = new EndpointSliceBuilder()
                    .withNewMetadata().withName(service.getMetadata().getName() + "-slice").withNamespace(NAMESPACE)
                    .addToLabels("kubernetes.io/service-name", service.getMetadata().getName()).endMetadata()
                    .withAddressType("IPv4")
                    .withEndpoints(endpoints)
                    .build();
            client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice).createOr(existing -> existing.update());
        }
        for (EndpointSlice slice : client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).list().getItems()) {
            String owner = slice.getMetadata().getLabels().get("kubernetes.io/service-name");
            if (client.services().inNamespace(NAMESPACE).withName(owner).get() == null) {
                client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice).delete();
            }
        }
    }

    /**
     * Plays the controllers every 100 ms on a thread of its own, for engines that wait in real time; close the result
     * to stop.
     */
    public AutoCloseable reconcileInBackground() {
        java.util.concurrent.ScheduledExecutorService controllers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        controllers.scheduleWithFixedDelay(this::reconcile, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        return controllers::shutdownNow;
    }

    /** Returns a kubeconfig for this server with a bearer token, as {@code kubectl config view --flatten} writes one. */
    public String kubeconfig(String token) {
        return """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                  - name: mock
                    cluster: {server: "http://127.0.0.1:%d"}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: ci, namespace: shop}
                users:
                  - name: ci
                    user: {token: %s}
                """.formatted(server.getPort(), token);
    }

    /** Returns the live TraefikService. */
    public GenericKubernetesResource traefikService() {
        return client.genericKubernetesResources(traefikServices(traefikGroup)).inNamespace(NAMESPACE).withName(TRAEFIK_SERVICE).get();
    }

    /** Returns the live weights as service name to weight, read fresh from the server. */
    @SuppressWarnings("unchecked")
    public Map<String, Integer> weights() {
        Map<String, Object> spec = (Map<String, Object>) traefikService().getAdditionalProperties().get("spec");
        Map<String, Object> weighted = (Map<String, Object>) spec.get("weighted");
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (Map<String, Object> entry : (List<Map<String, Object>>) weighted.get("services")) {
            weights.put((String) entry.get("name"), ((Number) entry.get("weight")).intValue());
        }
        return weights;
    }

    public Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
    }

    public Service service(String name) {
        return client.services().inNamespace(NAMESPACE).withName(name).get();
    }

    /** Takes every request the server received so far, oldest first. */
    public List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
