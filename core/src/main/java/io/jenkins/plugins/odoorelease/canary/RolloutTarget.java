package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stable objects a rollout starts from, checked: the Deployment, its Service, the Odoo container, the Service port
 * Traefik routes to and the canary pods' selector.
 *
 * @param servicePort the port as the TraefikService names it (number or name), or {@code null}
 */
record RolloutTarget(Deployment stable, Service stableService, String container, String servicePort, Map<String, String> canarySelector,
        String traefikApiVersion, WeightSplit split) {

    /**
     * Checks the stable objects and returns the target.
     *
     * @param traefikPort the port the TraefikService's stable entry names, or {@code null}
     * @throws InvalidInputException listing every problem found
     */
    static RolloutTarget of(CanaryRequest request, Deployment stable, Service service, String traefikPort, String apiVersion,
            WeightSplit split) throws InvalidInputException {
        List<Problem> problems = new ArrayList<>();
        if (stable == null) {
            problems.add(Problem.of("deployment", request.deployment(), "no Deployment of this name in namespace " + request.namespace()));
        }
        if (service == null) {
            problems.add(Problem.of("service", request.service(), "no Service of this name in namespace " + request.namespace()));
        } else if (service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
            problems.add(Problem.of("service", request.service(), "the Service has no selector, so the canary cannot get a Service of "
                    + "its own beside it; use a Service that selects the Odoo pods"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Container container = CanaryObjects.odooContainer(stable.getSpec().getTemplate(), request.container(), request.deployment());
        CanaryObjects.argsWithoutCron(container);
        String port = port(request, service, traefikPort);
        Map<String, String> selector = CanaryObjects.selector(stable, service);
        return new RolloutTarget(stable, service, container.getName(), port, selector, apiVersion, split);
    }

    /** Returns the port to route to: the request's, else the TraefikService's, else the Service's only port. */
    private static String port(CanaryRequest request, Service service, String traefikPort) throws InvalidInputException {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        String wanted = request.servicePort() != null ? request.servicePort() : traefikPort;
        if (wanted != null) {
            for (ServicePort port : ports) {
                if (wanted.equals(String.valueOf(port.getPort())) || wanted.equals(port.getName())) {
                    return wanted;
                }
            }
            throw InvalidInputException.forValue("servicePort", wanted, "Service " + request.service() + " has no such port; it has "
                    + String.join(", ", ports.stream().map(port -> port.getName() == null ? String.valueOf(port.getPort())
                            : port.getName() + " (" + port.getPort() + ")").toList()));
        }
        if (ports.size() == 1) {
            return String.valueOf(ports.get(0).getPort());
        }
        throw new InvalidInputException(new Problem(null, "servicePort", null, "Service " + request.service() + " has " + ports.size()
                + " ports; name the one Traefik routes to"));
    }
}
