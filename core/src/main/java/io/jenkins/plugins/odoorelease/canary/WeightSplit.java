package io.jenkins.plugins.odoorelease.canary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The services of a weighted TraefikService with their weights as written. Traefik's weights are relative: a service
 * gets {@code weight / sum of weights} of the requests, and a service written without a weight counts as 1.
 */
public record WeightSplit(List<Entry> entries) {

    public WeightSplit {
        entries = List.copyOf(entries);
    }

    /**
     * One service of the split.
     *
     * @param kind {@code Service} or {@code TraefikService}
     * @param port the port as written (a number or a name), or {@code null}
     */
    public record Entry(String name, String kind, String port, int weight) {
    }

    /** Returns the weight written for the Kubernetes Service {@code name}, or -1 when it is not in the split. */
    public int weightOf(String name) {
        return entries.stream().filter(entry -> entry.name().equals(name) && "Service".equals(entry.kind()))
                .mapToInt(Entry::weight).findFirst().orElse(-1);
    }

    /** Returns whether the Kubernetes Service {@code name} is in the split. */
    public boolean contains(String name) {
        return weightOf(name) >= 0;
    }

    /** Returns the share of requests the Service {@code name} gets, in percent; 0 when it is absent or all weights are 0. */
    public double percentOf(String name) {
        int total = entries.stream().mapToInt(Entry::weight).sum();
        int weight = weightOf(name);
        return total <= 0 || weight <= 0 ? 0 : 100.0 * weight / total;
    }

    /** Returns every service's share in percent, in the order of the split. */
    public Map<String, Double> percentages() {
        Map<String, Double> shares = new LinkedHashMap<>();
        int total = entries.stream().mapToInt(Entry::weight).sum();
        for (Entry entry : entries) {
            shares.merge(entry.name(), total <= 0 ? 0 : 100.0 * entry.weight() / total, Double::sum);
        }
        return shares;
    }

    /** Returns whether the Services {@code stable} and {@code canary} carry exactly these weights; -1 means absent. */
    public boolean matches(String stable, int stableWeight, String canary, int canaryWeight) {
        return weightOf(stable) == stableWeight && weightOf(canary) == canaryWeight;
    }

    /** Describes the split, such as {@code odoo 90% (weight 90), odoo-canary 10% (weight 10)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        Map<String, Double> shares = percentages();
        for (Entry entry : entries) {
            parts.add(entry.name() + " " + String.format(Locale.ROOT, "%.1f%%", shares.get(entry.name())) + " (weight "
                    + entry.weight() + ")");
        }
        return parts.isEmpty() ? "no services" : String.join(", ", parts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WeightSplit split && split.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries);
    }
}
