package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the weights of a weighted {@code TraefikService}. Traefik serves the CRD in the API group
 * {@code traefik.io} (v2.10 and later) and, before that, {@code traefik.containo.us}; both at version
 * {@code v1alpha1}. The router asks the cluster's API discovery which group serves {@code traefikservices}, and
 * prefers the group in which the named object exists when a cluster serves both.
 *
 * <p>Every change is a read, an edit sent as a JSON patch, and a fresh read that checks the weights, because a
 * webhook or another controller may change the object after the write.
 */
final class TraefikRouter {

    /** The API groups that serve Traefik's CRDs, newest first. */
    static final List<String> GROUPS = List.of("traefik.io", "traefik.containo.us");
    static final String VERSION = "v1alpha1";
    static final String PLURAL = "traefikservices";
    private static final int WRITE_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final ResourceDefinitionContext context;

    private TraefikRouter(KubernetesClient client, String namespace, String name, ResourceDefinitionContext context) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.context = context;
    }

    /** Returns the context of the TraefikService resource in an API group. */
    static ResourceDefinitionContext definition(String group) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(VERSION).withKind("TraefikService")
                .withPlural(PLURAL).withNamespaced(true).build();
    }

    /**
     * Finds the API group that serves TraefikServices and checks that the named one exists.
     *
     * @throws InvalidInputException when the cluster has no Traefik CRDs or the TraefikService does not exist
     */
    static TraefikRouter discover(KubernetesClient client, String namespace, String name) throws InvalidInputException,
            InfrastructureException {
        List<String> served = new ArrayList<>();
        for (String group : GROUPS) {
            try {
                APIResourceList resources = client.getApiResources(group + "/" + VERSION);
                if (resources != null && resources.getResources() != null
                        && resources.getResources().stream().anyMatch(resource -> PLURAL.equals(resource.getName()))) {
                    served.add(group);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw new InfrastructureException("API discovery of " + group + "/" + VERSION + " failed: " + e.getMessage(),
                            Map.of("namespace", namespace), e);
                }
            }
        }
        if (served.isEmpty()) {
            throw InvalidInputException.forValue("traefikService", name, "the cluster serves no TraefikService resource in "
                    + String.join(" or ", GROUPS) + "; install Traefik's CRDs (Traefik 2.x or 3.x)");
        }
        for (String group : served) {
            TraefikRouter router = new TraefikRouter(client, namespace, name, definition(group));
            if (router.readOrNull() != null) {
                return router;
            }
        }
        throw new InvalidInputException(new Problem(null, "traefikService", name, "no TraefikService of that name in namespace "
                + namespace + " (looked in " + String.join(", ", served) + "); create it with the stable Service as its only "
                + "weighted service and point the IngressRoute at it"));
    }

    /** The API version in use, such as {@code traefik.io/v1alpha1}. */
    String apiVersion() {
        return context.getGroup() + "/" + VERSION;
    }

    GenericKubernetesResource readOrNull() throws InfrastructureException {
        try {
            return client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new InfrastructureException("cannot read TraefikService " + name + ": " + e.getMessage(), context(), e);
        }
    }

    /**
     * Reads the live weights.
     *
     * @throws InfrastructureException when the TraefikService is gone or a weight is no longer a number, which only a
     *     change during the rollout can cause, because {@link #stablePort(String)} checked it before
     */
    WeightSplit weights() throws InfrastructureException {
        GenericKubernetesResource resource = readOrNull();
        if (resource == null) {
            throw new InfrastructureException("TraefikService " + name + " was deleted during the rollout", context(), null);
        }
        try {
            return split(resource);
        } catch (InvalidInputException e) {
            throw new InfrastructureException("TraefikService " + name + " was changed during the rollout: " + e.getMessage(), context(), e);
        }
    }

    /**
     * Checks the live TraefikService as {@link #stablePort(GenericKubernetesResource, String, String)} does.
     *
     * @throws InvalidInputException when it is a mirroring service, lacks the stable Service or has an invalid weight
     */
    String stablePort(String stableService) throws InvalidInputException, InfrastructureException {
        return stablePort(readOrNull(), name, stableService);
    }

    /**
     * Checks that a TraefikService is a weighted one that routes to the stable Service and that its weights are whole
     * numbers, and returns the port the stable entry names as written, or {@code null} when it names none. The offline
     * dry run checks the manifests with this too, so that it rejects what a real run rejects.
     *
     * @throws InvalidInputException when it is a mirroring service, lacks the stable Service or has an invalid weight
     */
    static String stablePort(GenericKubernetesResource resource, String name, String stableService) throws InvalidInputException {
        List<Map<String, Object>> services = services(resource);
        if (services == null) {
            throw new InvalidInputException(new Problem(null, "traefikService", name, "the TraefikService has no spec.weighted.services; "
                    + "the canary needs a weighted one, as docs/steps/odooCanary.md shows"));
        }
        split(resource);
        for (Map<String, Object> entry : services) {
            if (isService(entry, stableService)) {
                return entry.get("port") == null ? null : entry.get("port").toString();
            }
        }
        throw new InvalidInputException(new Problem(null, "traefikService", name, "the TraefikService does not route to Service "
                + stableService + "; add it under spec.weighted.services"));
    }

    /**
     * Writes the weights: {@code canaryPercent} to the canary Service and the rest to the stable Service, or the
     * stable Service alone when {@code canaryPercent} is 0. Adds the sticky cookie when the split has none, writes
     * the annotations, then reads the object back until it shows the weights.
     *
     * @return the weights read back
     * @throws InfrastructureException when the weights read back still differ after three writes
     */
    WeightSplit route(String stableService, String canaryService, String port, int canaryPercent, String cookie,
            Map<String, String> annotations, Sleeper sleeper, EventSink events) throws InfrastructureException, InterruptedException {
        int stableWeight = 100 - canaryPercent;
        int canaryWeight = canaryPercent == 0 ? -1 : canaryPercent;
        WeightSplit live = null;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                client.genericKubernetesResources(context).inNamespace(namespace).withName(name)
                        .edit(resource -> withWeights(resource, stableService, canaryService, port, stableWeight, canaryWeight, cookie,
                                annotations));
            } catch (KubernetesClientException e) {
                throw new InfrastructureException("cannot change the weights of TraefikService " + name + ": " + e.getMessage(),
                        context(), e);
            }
            live = weights();
            if (live.matches(stableService, stableWeight, canaryService, canaryWeight)) {
                return live;
            }
            events.warning("TraefikService " + name + " reads back " + live.describe() + " after writing " + canaryService + " "
                    + canaryPercent + "%; writing again (" + attempt + " of " + WRITE_ATTEMPTS + ").");
            sleeper.sleep(Duration.ofSeconds(attempt));
        }
        throw new InfrastructureException("the weights of TraefikService " + name + " read back as " + live.describe()
                + " instead of " + canaryService + " " + canaryPercent + "%; something else rewrites the object (a GitOps "
                + "controller or a webhook); exclude it from that tool during rollouts", context(), null);
    }

    private static GenericKubernetesResource withWeights(GenericKubernetesResource resource, String stable, String canary, String port,
            int stableWeight, int canaryWeight, String cookie, Map<String, String> annotations) {
        Map<String, Object> weighted = weighted(resource);
        List<Map<String, Object>> services = new ArrayList<>();
        boolean canaryWritten = false;
        for (Map<String, Object> entry : services(resource)) {
            Map<String, Object> copy = new LinkedHashMap<>(entry);
            if (isService(copy, stable)) {
                copy.put("weight", stableWeight);
            } else if (isService(copy, canary)) {
                if (canaryWeight < 0) {
                    continue;
                }
                copy.put("weight", canaryWeight);
                canaryWritten = true;
            }
            services.add(copy);
        }
        if (canaryWeight >= 0 && !canaryWritten) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", canary);
            entry.put("kind", "Service");
            if (port != null) {
                entry.put("port", port.matches("\\d+") ? Integer.valueOf(port) : port);
            }
            entry.put("weight", canaryWeight);
            services.add(entry);
        }
        weighted.put("services", services);
        Map<String, String> merged = new LinkedHashMap<>();
        if (resource.getMetadata().getAnnotations() != null) {
            merged.putAll(resource.getMetadata().getAnnotations());
        }
        String added = merged.get(CanaryMetadata.STICKY_ADDED);
        if (cookie != null && weighted.get("sticky") == null) {
            Map<String, Object> cookieSpec = new LinkedHashMap<>();
            cookieSpec.put("name", cookie);
            cookieSpec.put("httpOnly", true);
            cookieSpec.put("sameSite", "lax");
            weighted.put("sticky", Map.of("cookie", cookieSpec));
            merged.put(CanaryMetadata.STICKY_ADDED, cookie);
        } else if (canaryWeight < 0 && added != null) {
            // Traffic is on the stable Service alone again: the cookie this tool added has no more use. A sticky
            // configuration someone changed since is theirs and stays.
            if (added.equals(stickyCookieName(weighted))) {
                weighted.remove("sticky");
            }
            merged.remove(CanaryMetadata.STICKY_ADDED);
        }
        merged.putAll(annotations);
        resource.getMetadata().setAnnotations(merged);
        return resource;
    }

    private static String stickyCookieName(Map<String, Object> weighted) {
        if (weighted.get("sticky") instanceof Map<?, ?> sticky && sticky.get("cookie") instanceof Map<?, ?> cookie
                && cookie.get("name") != null) {
            return cookie.get("name").toString();
        }
        return null;
    }

    /** Returns an annotation of the live TraefikService, or {@code null}. */
    String annotation(String key) throws InfrastructureException {
        GenericKubernetesResource resource = readOrNull();
        if (resource == null || resource.getMetadata().getAnnotations() == null) {
            return null;
        }
        return resource.getMetadata().getAnnotations().get(key);
    }

    /** Removes this tool's annotations except the record of ended runs, once the rollout is over. */
    void clearAnnotations() throws InfrastructureException {
        try {
            client.genericKubernetesResources(context).inNamespace(namespace).withName(name).edit(resource -> {
                if (resource.getMetadata().getAnnotations() != null) {
                    Map<String, String> kept = new LinkedHashMap<>(resource.getMetadata().getAnnotations());
                    kept.keySet().removeIf(key -> key.startsWith("odoo-release.io/") && !key.equals(CanaryMetadata.ENDED));
                    resource.getMetadata().setAnnotations(kept);
                }
                return resource;
            });
        } catch (KubernetesClientException e) {
            throw new InfrastructureException("cannot update TraefikService " + name + ": " + e.getMessage(), context(), e);
        }
    }

    /** Returns whether an IngressRoute in the namespace routes to this TraefikService. */
    boolean referencedByIngressRoute() throws InfrastructureException {
        ResourceDefinitionContext routes = new ResourceDefinitionContext.Builder().withGroup(context.getGroup()).withVersion(VERSION)
                .withKind("IngressRoute").withPlural("ingressroutes").withNamespaced(true).build();
        try {
            for (GenericKubernetesResource route : client.genericKubernetesResources(routes).inNamespace(namespace).list().getItems()) {
                Object spec = route.getAdditionalProperties().get("spec");
                if (spec instanceof Map<?, ?> specMap && specMap.get("routes") instanceof List<?> list) {
                    for (Object item : list) {
                        if (item instanceof Map<?, ?> routeMap && routeMap.get("services") instanceof List<?> targets) {
                            for (Object target : targets) {
                                if (target instanceof Map<?, ?> targetMap && "TraefikService".equals(targetMap.get("kind"))
                                        && name.equals(targetMap.get("name"))) {
                                    return true;
                                }
                            }
                        }
                    }
                }
            }
            return false;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 404) {
                return true;
            }
            throw new InfrastructureException("cannot list IngressRoutes: " + e.getMessage(), context(), e);
        }
    }

    private Map<String, String> context() {
        return Map.of("namespace", namespace, "traefikService", name, "apiVersion", apiVersion());
    }

    /**
     * Returns the weights a TraefikService writes; an entry without a weight counts as 1, as in Traefik.
     *
     * @throws InvalidInputException when a weight is not a whole number of 0 or more
     */
    static WeightSplit split(GenericKubernetesResource resource) throws InvalidInputException {
        List<WeightSplit.Entry> entries = new ArrayList<>();
        List<Map<String, Object>> services = services(resource);
        if (services != null) {
            for (int i = 0; i < services.size(); i++) {
                Map<String, Object> entry = services.get(i);
                int parsed = weight(entry.get("weight"), i, resource);
                String kind = entry.get("kind") == null ? "Service" : entry.get("kind").toString();
                entries.add(new WeightSplit.Entry(String.valueOf(entry.get("name")), kind,
                        entry.get("port") == null ? null : entry.get("port").toString(), parsed));
            }
        }
        return new WeightSplit(entries);
    }

    private static int weight(Object weight, int index, GenericKubernetesResource resource) throws InvalidInputException {
        if (weight == null) {
            return 1;
        }
        if ((weight instanceof Integer || weight instanceof Long) && ((Number) weight).longValue() >= 0
                && ((Number) weight).longValue() <= Integer.MAX_VALUE) {
            return ((Number) weight).intValue();
        }
        String text = weight.toString();
        if (text.matches("\\d{1,9}")) {
            return Integer.parseInt(text);
        }
        String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
        throw new InvalidInputException(new Problem(null, "traefikService", name, "spec.weighted.services[" + index + "].weight is '"
                + text + "', but Traefik takes a whole number of 0 or more"));
    }

    private static boolean isService(Map<String, Object> entry, String serviceName) {
        Object kind = entry.get("kind");
        return serviceName.equals(entry.get("name")) && (kind == null || "Service".equals(kind));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> weighted(GenericKubernetesResource resource) {
        Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().computeIfAbsent("spec",
                key -> new LinkedHashMap<String, Object>());
        return (Map<String, Object>) spec.computeIfAbsent("weighted", key -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> services(GenericKubernetesResource resource) {
        if (resource == null || !(resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
                || !(spec.get("weighted") instanceof Map<?, ?> weighted) || !(weighted.get("services") instanceof List<?> list)) {
            return null;
        }
        return (List<Map<String, Object>>) list;
    }
}
