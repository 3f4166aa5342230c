package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of a dry run: every object a rollout would create, change or delete, with its manifest, and the schedule
 * of the steps with the earliest time each can start.
 */
final class DryRunPlan {

    /**
     * One change to the cluster.
     *
     * @param action {@code create}, {@code patch} or {@code delete}
     * @param summary what changes, in one line
     * @param manifest the object or the changed part as YAML
     */
    record Change(String action, String kind, String name, String summary, String manifest) {
    }

    private DryRunPlan() {
    }

    /** Returns the changes a rollout to {@code request.image()} would make, in the order it would make them. */
    static List<Change> changes(CanaryRequest request, RolloutTarget target) throws InvalidInputException {
        List<Change> changes = new ArrayList<>();
        Map<String, String> annotations = RolloutController.stateAnnotations(request, 0, null, 0, CanaryMetadata.Phase.PROGRESSING);
        Deployment canary = CanaryObjects.canaryDeployment(target.stable(), target.stableService(), request, annotations);
        Service canaryService = CanaryObjects.canaryService(target.stable(), target.stableService(), request, annotations);
        changes.add(new Change("create", "Deployment", canary.getMetadata().getName(), request.canaryReplicas() + " replica(s) of "
                + request.image() + " with " + CanaryObjects.CRON_OPTION + "=0, selector " + canary.getSpec().getSelector().getMatchLabels(),
                yaml(canary)));
        changes.add(new Change("create", "Service", canaryService.getMetadata().getName(), "selects the canary pods only",
                yaml(canaryService)));
        int previous = 0;
        for (PlanStep step : request.plan().steps()) {
            if (step instanceof PlanStep.Weight weight && weight.percent() != previous) {
                changes.add(weightChange(request, target, weight.percent()));
                previous = weight.percent();
            }
        }
        changes.add(new Change("patch", "Deployment", request.deployment(), "promotion: container " + target.container() + " image "
                + RolloutCluster.image(target.stable(), target.container()) + " -> " + request.image(),
                "spec:\n  template:\n    spec:\n      containers:\n        - name: " + target.container() + "\n          image: "
                        + request.image() + "\n"));
        changes.add(weightChange(request, target, 0));
        changes.add(new Change("delete", "Deployment", request.canaryName(), "removes the canary pods", ""));
        changes.add(new Change("delete", "Service", request.canaryServiceName(), "removes the canary Service", ""));
        return changes;
    }

    private static Change weightChange(CanaryRequest request, RolloutTarget target, int percent) {
        StringBuilder yaml = new StringBuilder("spec:\n  weighted:\n    services:\n");
        yaml.append("      - name: ").append(request.service()).append('\n');
        if (target.servicePort() != null) {
            yaml.append("        port: ").append(target.servicePort()).append('\n');
        }
        yaml.append("        weight: ").append(100 - percent).append('\n');
        if (percent > 0) {
            yaml.append("      - name: ").append(request.canaryServiceName()).append("\n        kind: Service\n");
            if (target.servicePort() != null) {
                yaml.append("        port: ").append(target.servicePort()).append('\n');
            }
            yaml.append("        weight: ").append(percent).append('\n');
            yaml.append("    sticky:\n      cookie:\n        name: ").append(request.stickyCookie())
                    .append("\n        httpOnly: true\n        sameSite: lax\n");
        }
        String summary = percent == 0 ? "all traffic back to " + request.service()
                : request.service() + " " + (100 - percent) + "%, " + request.canaryServiceName() + " " + percent + "%";
        return new Change("patch", "TraefikService", request.traefikService(), summary, yaml.toString());
    }

    /** Returns the steps with the earliest time each can start after the rollout begins, and the weight they run at. */
    static List<Map<String, Object>> schedule(CanaryPlan plan) {
        List<Map<String, Object>> entries = new ArrayList<>();
        Duration offset = Duration.ZERO;
        for (int i = 0; i < plan.steps().size(); i++) {
            PlanStep step = plan.steps().get(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", i);
            entry.put("step", step.describe());
            entry.put("startsAfter", Durations.formatCompact(offset));
            entry.put("weight", plan.weightAfter(i));
            entries.add(entry);
            offset = offset.plus(plan.minimumDuration(step));
        }
        Map<String, Object> promotion = new LinkedHashMap<>();
        promotion.put("index", plan.steps().size());
        promotion.put("step", "promote");
        promotion.put("startsAfter", Durations.formatCompact(offset));
        promotion.put("weight", plan.weightAfter(plan.steps().size()));
        entries.add(promotion);
        return entries;
    }

    private static String yaml(HasMetadata object) {
        return Serialization.asYaml(object);
    }

    /**
     * Reads the stable Deployment, Service and TraefikService from manifests, for a dry run without a cluster.
     *
     * @throws InvalidInputException when a document is not valid YAML or one of the objects is missing
     */
    static Snapshot fromManifests(String manifests, CanaryRequest request) throws InvalidInputException {
        Deployment deployment = null;
        Service service = null;
        GenericKubernetesResource traefik = null;
        String[] documents = manifests.split("(?m)^---\\s*$");
        for (int i = 0; i < documents.length; i++) {
            String document = documents[i];
            if (document.isBlank()) {
                continue;
            }
            GenericKubernetesResource generic;
            try {
                generic = Serialization.unmarshal(document, GenericKubernetesResource.class);
            } catch (RuntimeException e) {
                throw new InvalidInputException(new Problem("manifests", "document " + (i + 1), null, "invalid Kubernetes YAML: "
                        + e.getMessage()));
            }
            if (generic == null || generic.getMetadata() == null) {
                continue;
            }
            String name = generic.getMetadata().getName();
            if ("Deployment".equals(generic.getKind()) && request.deployment().equals(name)) {
                deployment = Serialization.unmarshal(document, Deployment.class);
            } else if ("Service".equals(generic.getKind()) && request.service().equals(name)) {
                service = Serialization.unmarshal(document, Service.class);
            } else if ("TraefikService".equals(generic.getKind()) && request.traefikService().equals(name)) {
                traefik = generic;
            }
        }
        List<Problem> problems = new ArrayList<>();
        if (deployment == null) {
            problems.add(new Problem("manifests", null, request.deployment(), "no Deployment of this name in the manifests"));
        }
        if (service == null) {
            problems.add(new Problem("manifests", null, request.service(), "no Service of this name in the manifests"));
        }
        if (traefik == null) {
            problems.add(new Problem("manifests", null, request.traefikService(), "no TraefikService of this name in the manifests"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Snapshot(deployment, service, traefik);
    }

    /** The stable objects as manifests describe them. */
    record Snapshot(Deployment deployment, Service service, GenericKubernetesResource traefikService) {
    }
}
