package io.jenkins.plugins.odoorelease.canary;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container restarts of the canary pods since the analysis began, from the pods' container statuses. A container
 * waiting in {@code CrashLoopBackOff}, {@code ImagePullBackOff} or {@code ErrImagePull} fails the measurement at once.
 */
final class PodRestartMetrics implements MetricSource {

    private static final Set<String> BROKEN = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError");

    private final RolloutCluster cluster;
    private final Map<String, String> selector;
    private final Map<String, Integer> baselines = new ConcurrentHashMap<>();

    PodRestartMetrics(RolloutCluster cluster, Map<String, String> selector) {
        this.cluster = cluster;
        this.selector = selector;
    }

    private record Count(int restarts, int pods, List<String> broken) {
    }

    private Count count() throws InfrastructureException {
        int restarts = 0;
        List<String> broken = new ArrayList<>();
        List<Pod> pods = cluster.pods(selector);
        for (Pod pod : pods) {
            List<ContainerStatus> statuses = new ArrayList<>();
            if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            if (pod.getStatus() != null && pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            for (ContainerStatus status : statuses) {
                restarts += status.getRestartCount() == null ? 0 : status.getRestartCount();
                if (status.getState() != null && status.getState().getWaiting() != null
                        && BROKEN.contains(status.getState().getWaiting().getReason())) {
                    broken.add(pod.getMetadata().getName() + "/" + status.getName() + " " + status.getState().getWaiting().getReason());
                }
            }
        }
        return new Count(restarts, pods.size(), broken);
    }

    @Override
    public void check(MetricSpec metric) throws InfrastructureException {
        cluster.pods(selector);
    }

    @Override
    public void begin(MetricSpec metric, Instant at) {
        try {
            baselines.put(metric.name(), count().restarts());
        } catch (InfrastructureException e) {
            baselines.remove(metric.name());
        }
    }

    @Override
    public List<MetricReading> measure(MetricSpec metric, Instant at) {
        Count count;
        try {
            count = count();
        } catch (InfrastructureException e) {
            return List.of(new MetricReading(metric.name(), MetricReading.CANARY, Double.NaN, Double.NaN, at, metric.threshold(),
                    MetricOutcome.INCONCLUSIVE, e.getMessage()));
        }
        if (count.pods() == 0) {
            return List.of(new MetricReading(metric.name(), MetricReading.CANARY, Double.NaN, Double.NaN, at, metric.threshold(),
                    MetricOutcome.INCONCLUSIVE, "no canary pod found"));
        }
        int baseline = baselines.computeIfAbsent(metric.name(), name -> count.restarts());
        double growth = Math.max(0, count.restarts() - baseline);
        if (!count.broken().isEmpty()) {
            return List.of(new MetricReading(metric.name(), MetricReading.CANARY, growth, Double.NaN, at, metric.threshold(),
                    MetricOutcome.FAILED, String.join(", ", count.broken())));
        }
        return List.of(new MetricReading(metric.name(), MetricReading.CANARY, growth, Double.NaN, at, metric.threshold(),
                MetricSource.judge(growth, metric.threshold()), count.restarts() + " restarts in " + count.pods() + " pods, "
                        + baseline + " at the start"));
    }
}
