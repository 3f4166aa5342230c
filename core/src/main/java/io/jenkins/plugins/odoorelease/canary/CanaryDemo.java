package io.jenkins.plugins.odoorelease.canary;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The canary stage of {@code odoo-release demo}: with no cluster configured, a dry run of a rollout of a sample shop
 * from manifests, which prints every object the rollout would create or change and the schedule.
 */
public final class CanaryDemo {

    /** The sample shop's manifests, shipped with the engine. */
    static final String MANIFESTS = "sample-shop.yaml";

    private CanaryDemo() {
    }

    /**
     * Returns the sample shop's Deployment, Service and weighted TraefikService as YAML.
     *
     * @throws IOException when the resource is missing from the engine's jar
     */
    public static String sampleManifests() throws IOException {
        try (InputStream in = CanaryDemo.class.getResourceAsStream(MANIFESTS)) {
            if (in == null) {
                throw new IOException("the sample manifests " + MANIFESTS + " are missing from the engine's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes the sample manifests into {@code folder} and runs the dry run on them.
     *
     * @throws IOException when the folder cannot be written
     */
    public static StepReport dryRun(Clock clock, Path folder, EventSink events) throws IOException {
        String manifests;
        try (InputStream in = CanaryDemo.class.getResourceAsStream(MANIFESTS)) {
            if (in == null) {
                throw new IOException("the sample manifests " + MANIFESTS + " are missing from the engine's jar");
            }
            manifests = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = folder.resolve("canary-sample-shop.yaml");
        Files.writeString(file, manifests, StandardCharsets.UTF_8);
        events.info("Wrote the sample shop's Deployment, Service and TraefikService to " + file + ".");
        try {
            CanaryRequest request = CanaryRequest.builder()
                    .namespace("shop")
                    .deployment("odoo")
                    .service("odoo")
                    .image("registry.example/shop/odoo:17.0-20260201@sha256:" + "5e".repeat(32))
                    .traefikService("odoo-weighted")
                    .prometheusUrl("http://prometheus.monitoring:9090")
                    .database("jdbc:postgresql://db.shop:5432/shop", "odoo_canary_reader", null)
                    .dryRun(true)
                    .manifests(manifests)
                    .runId("demo")
                    .build();
            return new CanaryRollout(clock, Sleeper.SYSTEM).run(request, events);
        } catch (InvalidInputException | InfrastructureException e) {
            throw new IllegalStateException("the demo's own canary request failed: " + e.getMessage(), e);
        }
    }
}
