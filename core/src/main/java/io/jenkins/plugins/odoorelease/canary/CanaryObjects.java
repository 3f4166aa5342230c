package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the canary Deployment and Service from the stable ones. The canary pods get the stable pod template with the
 * new image, no scheduled actions, and labels of their own:
 * <ul>
 *   <li>every label that the stable Service or Deployment selects on gets {@code -canary} appended, so that the stable
 *       Service never sends traffic to a canary pod and the stable Deployment never counts one;</li>
 *   <li>{@code odoo-release.io/track=canary} is added;</li>
 *   <li>the other labels stay, so that NetworkPolicies and monitoring that select on them still apply.</li>
 * </ul>
 */
final class CanaryObjects {

    /** The Odoo option that sets the number of cron threads; 0 starts none (Odoo 16.0 to 18.0, odoo/tools/config.py). */
    static final String CRON_OPTION = "--max-cron-threads";

    private CanaryObjects() {
    }

    /** Returns the keys whose values the canary changes: those the stable Service and Deployment select on. */
    static Set<String> selectorKeys(Deployment stable, Service stableService) {
        Set<String> keys = new LinkedHashSet<>();
        if (stableService.getSpec().getSelector() != null) {
            keys.addAll(stableService.getSpec().getSelector().keySet());
        }
        if (stable.getSpec().getSelector() != null && stable.getSpec().getSelector().getMatchLabels() != null) {
            keys.addAll(stable.getSpec().getSelector().getMatchLabels().keySet());
        }
        return keys;
    }

    /** Returns the canary pods' labels: the stable template's, with the selector keys changed and the track label added. */
    static Map<String, String> podLabels(Deployment stable, Service stableService) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> template = stable.getSpec().getTemplate().getMetadata() == null ? null
                : stable.getSpec().getTemplate().getMetadata().getLabels();
        if (template != null) {
            labels.putAll(template);
        }
        for (String key : selectorKeys(stable, stableService)) {
            String value = labels.get(key);
            if (value == null && stableService.getSpec().getSelector() != null) {
                value = stableService.getSpec().getSelector().get(key);
            }
            labels.put(key, CanaryMetadata.canaryValue(value == null ? "stable" : value));
        }
        labels.put(CanaryMetadata.TRACK, "canary");
        return labels;
    }

    /** Returns the canary pods' selector: the changed keys and the track label. */
    static Map<String, String> selector(Deployment stable, Service stableService) {
        Map<String, String> labels = podLabels(stable, stableService);
        Map<String, String> selector = new LinkedHashMap<>();
        for (String key : selectorKeys(stable, stableService)) {
            selector.put(key, labels.get(key));
        }
        selector.put(CanaryMetadata.TRACK, "canary");
        return selector;
    }

    /**
     * Returns the Odoo container of the template: the one named {@code container}, else the only one, else the one
     * named {@code odoo}.
     *
     * @throws InvalidInputException when none matches or the choice is ambiguous
     */
    static Container odooContainer(PodTemplateSpec template, String container, String deployment) throws InvalidInputException {
        List<Container> containers = template.getSpec().getContainers();
        List<String> names = containers.stream().map(Container::getName).toList();
        if (container != null) {
            return containers.stream().filter(candidate -> container.equals(candidate.getName())).findFirst()
                    .orElseThrow(() -> InvalidInputException.forValue("container", container, "no such container in Deployment "
                            + deployment + "; it has " + String.join(", ", names)));
        }
        if (containers.size() == 1) {
            return containers.get(0);
        }
        return containers.stream().filter(candidate -> "odoo".equals(candidate.getName())).findFirst()
                .orElseThrow(() -> InvalidInputException.forValue("container", null, "Deployment " + deployment + " has "
                        + containers.size() + " containers (" + String.join(", ", names) + "); name the Odoo one"));
    }

    /**
     * Returns the container's arguments with cron threads switched off. The official Odoo image's entrypoint passes
     * arguments that start with {@code -} (or follow {@code odoo} or {@code --}) to Odoo, and a command-line option
     * overrides {@code max_cron_threads} of the configuration file, so appending {@code --max-cron-threads=0} works
     * for that image and for any image that runs odoo-bin with the arguments.
     *
     * @throws InvalidInputException when the container starts a shell, whose script the option cannot reach
     */
    static List<String> argsWithoutCron(Container container) throws InvalidInputException {
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        List<String> args = new ArrayList<>(container.getArgs() == null ? List.of() : container.getArgs());
        String program = !command.isEmpty() ? command.get(0) : args.isEmpty() ? "" : args.get(0);
        String base = program.substring(program.lastIndexOf('/') + 1);
        if (base.equals("sh") || base.equals("bash") || base.equals("dash")) {
            throw new InvalidInputException(new Problem(null, "container", container.getName(), "the container starts a shell ("
                    + program + "), so the canary cannot switch its cron threads off; run odoo directly with arguments, or set "
                    + "max_cron_threads from an option the script passes on"));
        }
        boolean replaced = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith(CRON_OPTION + "=")) {
                args.set(i, CRON_OPTION + "=0");
                replaced = true;
            } else if (arg.equals(CRON_OPTION) && i + 1 < args.size()) {
                args.set(i + 1, "0");
                replaced = true;
            }
        }
        if (!replaced) {
            args.add(CRON_OPTION + "=0");
        }
        return args;
    }

    /**
     * Builds the canary Deployment.
     *
     * @param annotations the state annotations to put on it
     */
    static Deployment canaryDeployment(Deployment stable, Service stableService, CanaryRequest request, Map<String, String> annotations)
            throws InvalidInputException {
        PodTemplateSpec template = Serialization.clone(stable.getSpec().getTemplate());
        Container odoo = odooContainer(template, request.container(), request.deployment());
        odoo.setImage(request.image());
        odoo.setArgs(argsWithoutCron(odoo));
        Map<String, String> labels = podLabels(stable, stableService);
        ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        templateMeta.setLabels(labels);
        template.setMetadata(templateMeta);
        Map<String, String> objectLabels = new LinkedHashMap<>(labels);
        objectLabels.put(CanaryMetadata.MANAGED_BY, CanaryMetadata.MANAGED_BY_VALUE);
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(request.canaryName())
                .withNamespace(request.namespace())
                .withLabels(objectLabels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withReplicas(request.canaryReplicas())
                .withNewSelector().withMatchLabels(selector(stable, stableService)).endSelector()
                .withTemplate(template)
                .withRevisionHistoryLimit(1)
                .withProgressDeadlineSeconds(stable.getSpec().getProgressDeadlineSeconds())
                .withMinReadySeconds(stable.getSpec().getMinReadySeconds())
                .endSpec()
                .build();
    }

    /** Builds the canary Service: the stable Service's ports, selecting the canary pods only. */
    static Service canaryService(Deployment stable, Service stableService, CanaryRequest request, Map<String, String> annotations) {
        List<ServicePort> ports = new ArrayList<>();
        for (ServicePort port : stableService.getSpec().getPorts()) {
            ports.add(new ServicePortBuilder()
                    .withName(port.getName())
                    .withPort(port.getPort())
                    .withTargetPort(port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort())
                    .withProtocol(port.getProtocol())
                    .withAppProtocol(port.getAppProtocol())
                    .build());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CanaryMetadata.TRACK, "canary");
        labels.put(CanaryMetadata.MANAGED_BY, CanaryMetadata.MANAGED_BY_VALUE);
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(request.canaryServiceName())
                .withNamespace(request.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector(stable, stableService))
                .withPorts(ports)
                .endSpec()
                .build();
    }
}
