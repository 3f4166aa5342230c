package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dry run from manifests, which must accept and reject what a run against the cluster accepts and rejects. */
class OfflineDryRunTest {

    private static final String STABLE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: odoo, namespace: shop}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: odoo}
              template:
                metadata:
                  labels: {app: odoo}
                spec:
                  containers:
                    - name: odoo
                      image: registry.example/shop/odoo:17.0-20260101
                      args: ["--workers=4"]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: odoo, namespace: shop}
            spec:
              selector: {app: odoo}
              ports:
                - {name: http, port: 8069, targetPort: 8069}
            ---
            """;

    private static StepReport dryRun(String traefikService) throws Exception {
        return dryRun("registry.example/shop/odoo:17.0-20260201", traefikService);
    }

    private static StepReport dryRun(String image, String traefikService) throws Exception {
        CanaryRequest request = CanaryRequest.builder().namespace("shop").deployment("odoo").service("odoo")
                .image(image).traefikService("odoo-weighted").dryRun(true)
                .manifests(STABLE + traefikService).build();
        return new CanaryRollout(Clock.systemUTC(), Sleeper.SYSTEM).run(request, EventSink.NONE);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(StepReport report) {
        return (List<Map<String, Object>>) report.result().get("objects");
    }

    @Test
    void stableEntryWithoutPortPlans() throws Exception {
        StepReport report = dryRun("""
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: odoo-weighted, namespace: shop}
                spec:
                  weighted:
                    services:
                      - name: odoo
                        weight: 100
                """);

        assertThat(report.result().get("outcome")).isEqualTo("held");
        assertThat(report.findings(CanaryFindings.CANARY_DRY_RUN.code())).hasSize(1);
        assertThat(objects(report)).extracting(object -> object.get("kind")).contains("Deployment", "Service", "TraefikService");
    }

    @Test
    void imageByTagWarned() throws Exception {
        StepReport report = dryRun("""
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: odoo-weighted, namespace: shop}
                spec:
                  weighted:
                    services:
                      - name: odoo
                        port: 8069
                        weight: 100
                """);

        assertThat(report.findings(CanaryFindings.CANARY_IMAGE_BY_TAG.code())).singleElement()
                .satisfies(finding -> assertThat(finding.message()).contains("registry.example/shop/odoo:17.0-20260201", "digest"));
        assertThat(report.verdict()).isEqualTo(io.jenkins.plugins.odoorelease.report.Verdict.WARN);
        String weighted = """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: odoo-weighted, namespace: shop}
                spec:
                  weighted:
                    services: [{name: odoo, port: 8069, weight: 100}]
                """;
        StepReport pinned = dryRun("registry.example/shop/odoo@sha256:" + "ab".repeat(32), weighted);
        assertThat(pinned.findings(CanaryFindings.CANARY_IMAGE_BY_TAG.code())).isEmpty();
    }

    @Test
    void mirroringServiceRejectedLikeLiveRun() {
        assertThatThrownBy(() -> dryRun("""
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: odoo-weighted, namespace: shop}
                spec:
                  mirroring:
                    name: odoo
                    port: 8069
                    mirrors:
                      - {name: odoo-shadow, port: 8069, percent: 10}
                """)).isInstanceOf(InvalidInputException.class).hasMessageContaining("has no spec.weighted.services");
    }

    @Test
    void weightThatIsNoNumberRejected() {
        assertThatThrownBy(() -> dryRun("""
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: odoo-weighted, namespace: shop}
                spec:
                  weighted:
                    services:
                      - name: odoo
                        port: 8069
                        weight: heavy
                """)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("spec.weighted.services[0].weight is 'heavy', but Traefik takes a whole number of 0 or more");
    }

    @Test
    void emptyManifestsRejected() {
        assertThatThrownBy(() -> CanaryRequest.builder().namespace("shop").deployment("odoo").service("odoo")
                .image("registry.example/shop/odoo:17.0-20260201").dryRun(true).manifests("\n  \n").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the manifests are empty")
                .hasMessageNotContaining("cluster credentials");
    }
}
