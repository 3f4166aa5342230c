package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryCommandTest {

    private static final String TOKEN = "kube-t0ken-never-printed";

    @TempDir
    Path folder;

    private MockCluster cluster;
    private AutoCloseable controllers;
    private Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        cluster = new MockCluster("traefik.io");
        controllers = cluster.reconcileInBackground();
        kubeconfig = folder.resolve("kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfig(TOKEN));
    }

    @AfterEach
    void stop() throws Exception {
        controllers.close();
        cluster.close();
    }

    private static String[] args(String... extra) {
        List<String> args = new ArrayList<>(List.of("canary", "--namespace", "shop", "--deployment", "odoo", "--service", "odoo",
                "--image", MockCluster.NEW_IMAGE, "--traefik-service", MockCluster.TRAEFIK_SERVICE));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private Path plan(String yaml) throws Exception {
        Path file = folder.resolve("plan.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void promotesWithKubeconfigFile() throws Exception {
        Path json = folder.resolve("canary.json");
        Path plan = plan("""
                steps:
                  - weight: 20
                  - analysis: {}
                analysis: {interval: 1s, count: 2}
                metrics:
                  - name: podRestarts
                """);

        CliRunner result = CliRunner.run(args("--kubeconfig", kubeconfig.toString(), "--plan", plan.toString(), "--json",
                json.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = ReportJson.mapper().readTree(json.toFile());
        assertThat(report.get("result").get("outcome").asText()).isEqualTo("promoted");
        assertThat(cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(result.out()).contains("odooCanary: PASS - Promoted " + MockCluster.NEW_IMAGE);
        assertThat(result.err()).contains("Traffic now: odoo 80.0% (weight 80), odoo-canary 20.0% (weight 20).")
                .doesNotContain(TOKEN);
        assertThat(Files.readString(json)).doesNotContain(TOKEN);
    }

    @Test
    void heldRolloutExitsZeroWithWarning() throws Exception {
        Path json = folder.resolve("held.json");
        Path plan = plan("""
                steps:
                  - weight: 20
                  - pause: {}
                metrics:
                  - name: podRestarts
                """);

        CliRunner result = CliRunner.run(args("--kubeconfig", kubeconfig.toString(), "--plan", plan.toString(), "--json",
                json.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("odooCanary: WARN");
        JsonNode report = ReportJson.mapper().readTree(json.toFile());
        assertThat(report.get("result").get("outcome").asText()).isEqualTo("held");
        assertThat(report.get("verdict").asText()).isEqualTo("WARN");
        assertThat(cluster.weights()).containsEntry("odoo-canary", 20);
    }

    @Test
    void dryRunWithTokenFromEnvironment() throws Exception {
        CliRunner result = CliRunner.run(Map.of(CanaryCommand.TOKEN_ENV, TOKEN), args("--api-url", "http://127.0.0.1:"
                + cluster.server().getPort(), "--dry-run"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Would create Deployment odoo-canary", "--max-cron-threads=0",
                "Schedule: step 7, analysis, at the earliest 15m after the start, canary at 100%.").doesNotContain(TOKEN);
        assertThat(cluster.deployment("odoo-canary")).isNull();
        assertThat(cluster.weights()).containsExactly(Map.entry("odoo", 1));
    }

    @Test
    void schemaChangeHintsNameOptions() throws Exception {
        Path migrationPlan = Files.writeString(folder.resolve("plan.json"), """
                {"step": "odooMigrateCheck", "result": {"upgrade": ["stock"], "install": [], "canarySafe": false}}
                """);
        String apiUrl = "http://127.0.0.1:" + cluster.server().getPort();

        CliRunner rejected = CliRunner.run(Map.of(CanaryCommand.TOKEN_ENV, TOKEN), args("--api-url", apiUrl, "--dry-run",
                "--migration-plan", migrationPlan.toString()));
        CliRunner allowed = CliRunner.run(Map.of(CanaryCommand.TOKEN_ENV, TOKEN), args("--api-url", apiUrl, "--dry-run",
                "--migration-plan", migrationPlan.toString(), "--allow-schema-changes"));

        assertThat(rejected.out()).contains("CANARY_SCHEMA_CHANGE", "or set --allow-schema-changes if you know")
                .doesNotContain("allowSchemaChanges");
        assertThat(allowed.err()).contains("continuing because --allow-schema-changes is set").doesNotContain("allowSchemaChanges");
    }

    @Test
    void platformConfigurationGivesDefaultPlan() throws Exception {
        Path config = folder.resolve("odoo-release.yaml");
        Files.writeString(config, """
                canary:
                  prometheusUrl: http://127.0.0.1:9/
                  plan:
                    steps:
                      - weight: 5
                      - pause: 30m
                    metrics:
                      - name: podRestarts
                """);

        CliRunner result = CliRunner.run(Map.of(CanaryCommand.TOKEN_ENV, TOKEN), "--config", config.toString(), "canary",
                "--namespace", "shop", "--deployment", "odoo", "--service", "odoo", "--image", MockCluster.NEW_IMAGE,
                "--traefik-service", MockCluster.TRAEFIK_SERVICE, "--api-url", "http://127.0.0.1:" + cluster.server().getPort(),
                "--dry-run", "--json", folder.resolve("plan.json").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Schedule: step 2, promote, at the earliest 30m after the start, canary at 5%.");
        JsonNode report = ReportJson.mapper().readTree(folder.resolve("plan.json").toFile());
        assertThat(report.get("parameters").get("prometheusUrl").asText()).isEqualTo("http://127.0.0.1:9/");
    }

    @Test
    void unknownPlatformKeyRejected() throws Exception {
        Path config = folder.resolve("odoo-release.yaml");
        Files.writeString(config, """
                canary:
                  weights: [5, 50]
                """);

        CliRunner result = CliRunner.run("--config", config.toString(), "canary", "--namespace", "shop", "--deployment", "odoo",
                "--service", "odoo", "--image", MockCluster.NEW_IMAGE, "--kubeconfig", kubeconfig.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("ERROR: " + config + ": canary.weights: unknown key; expected 'plan' or 'prometheusUrl'");
    }

    @Test
    void offlineDryRunFromManifests() throws Exception {
        Path manifests = folder.resolve("shop.yaml");
        Files.writeString(manifests, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: odoo, namespace: shop}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: odoo}}
                  template:
                    metadata: {labels: {app: odoo}}
                    spec:
                      containers:
                        - name: odoo
                          image: odoo:17.0
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: odoo, namespace: shop}
                spec:
                  selector: {app: odoo}
                  ports: [{name: http, port: 8069}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: odoo-weighted, namespace: shop}
                spec:
                  weighted:
                    services: [{name: odoo, port: 8069, weight: 1}]
                """);

        CliRunner result = CliRunner.run(args("--dry-run", "--manifests", manifests.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("odooCanary: PASS - Dry run of " + MockCluster.NEW_IMAGE
                + " on odoo: 10 changes planned, nothing changed");
        assertThat(result.err()).contains("Would patch Deployment odoo: promotion: container odoo image odoo:17.0 -> "
                + MockCluster.NEW_IMAGE);
    }

    @Test
    void invalidPlanExitsTwoWithPath() throws Exception {
        Path plan = plan("""
                steps:
                  - weight: 10
                  - weight: 0
                """);

        CliRunner result = CliRunner.run(args("--kubeconfig", kubeconfig.toString(), "--plan", plan.toString()));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("ERROR: " + plan + ": steps[1].weight: '0': the weight is the canary's share of traffic "
                + "as a whole percent, 1 to 100").doesNotContain("\tat ");
        assertThat(cluster.deployment("odoo-canary")).isNull();
    }

    @Test
    void missingCredentialsExitTwo() {
        CliRunner result = CliRunner.run(args());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("ERROR: --kubeconfig: missing cluster credentials");
    }

    /** The checks before the rollout read the queue metrics once, so a missing password stops it before any change. */
    @Test
    void missingDatabasePasswordNamesVariable() {
        CliRunner result = CliRunner.run(args("--kubeconfig", kubeconfig.toString(), "--database-url",
                io.jenkins.plugins.odoorelease.testing.PostgresServer.url("postgres"), "--database-user", "postgres"));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(result.err()).contains("ERROR: the server asks for a password for postgres and none was given; set "
                + BackupCommand.PASSWORD_ENV + " (or PGPASSWORD) in the environment");
        assertThat(cluster.deployment("odoo-canary")).isNull();
    }

    @Test
    void interruptRollsBack() throws Exception {
        Path plan = plan("""
                steps:
                  - weight: 30
                  - pause: 1h
                metrics:
                  - name: podRestarts
                """);
        Path json = folder.resolve("aborted.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OdooReleaseCli.class.getName()));
        command.addAll(List.of(args("--kubeconfig", kubeconfig.toString(), "--plan", plan.toString(), "--json", json.toString())));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("child.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cluster.weights().containsKey("odoo-canary") && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(100);
        }
        assertThat(cluster.weights()).as(Files.readString(folder.resolve("child.log"))).containsKey("odoo-canary");

        new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor();
        boolean exited = child.waitFor(60, TimeUnit.SECONDS);

        String log = Files.readString(folder.resolve("child.log"));
        assertThat(exited).as(log).isTrue();
        assertThat(child.exitValue()).as(log).isEqualTo(130);
        assertThat(log).contains("Stop requested; rolling the canary back before exiting.", "Rolling back: the run was aborted");
        assertThat(cluster.weights()).containsExactly(Map.entry("odoo", 100));
        assertThat(cluster.deployment("odoo-canary")).isNull();
        JsonNode report = ReportJson.mapper().readTree(json.toFile());
        assertThat(report.get("result").get("outcome").asText()).isEqualTo("rolledBack");
    }
}
