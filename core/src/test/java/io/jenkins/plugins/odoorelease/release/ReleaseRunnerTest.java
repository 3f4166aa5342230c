package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.config.PlatformConfigParser;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.FakePrometheus;
import io.jenkins.plugins.odoorelease.testing.MockCluster;
import io.jenkins.plugins.odoorelease.testing.MutableClock;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.RegistryWithBase;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole releases from a {@code release.yaml} against the test servers: PostgreSQL, the in-process S3 store, a real
 * registry and the Kubernetes mock API server with a stand-in controller.
 */
class ReleaseRunnerTest {

    @RegisterExtension
    static final RegistryWithBase REGISTRY = RegistryWithBase.plain();

    private static final String CANARY_LABEL = "shop-odoo-canary-8069@kubernetescrd";
    private static final String HEALTH_PATH = "/api/v1/namespaces/shop/services/odoo-canary:8069/proxy/web/health";

    @TempDir
    Path folder;

    /** Starts at the real time, because the store stamps backups with it and the verification measures their age. */
    private final MutableClock clock = new MutableClock(Instant.now());
    private final String tag = "17.0-" + UUID.randomUUID().toString().substring(0, 8);

    private static String uniqueDatabase() {
        return "release_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Writes the sample shop, then a release file that pushes to the test registry and rolls out on the mock cluster. */
    private DemoShop.Prepared shop(String database, MockCluster cluster, FakePrometheus prometheus, String migrateExtra) throws Exception {
        DemoShop.Prepared prepared = DemoShop.prepare(new TestSandbox(), folder, LocalDate.ofInstant(clock.instant(),
                java.time.ZoneOffset.UTC), database, EventSink.NONE);
        String registry = REGISTRY.registry().host();
        Files.writeString(prepared.platformFile(), """
                image:
                  approvedRegistries: [%s]
                """.formatted(registry));
        String release = Files.readString(prepared.releaseFile());
        String head = release.substring(0, release.indexOf("image:"));
        String verify = release.substring(release.indexOf("verify:"));
        Files.writeString(prepared.releaseFile(), head + """
                image:
                  image: %s/shop/odoo
                  baseImage: %s
                  addons: [addons/shop]
                  tags: ["%s"]
                  series: "17.0"
                  revisionTime: "2027-02-28T12:00:00Z"
                  source: https://example.invalid/shop.git
                migrate:
                  addons: [addons/odoo, addons/shop]
                  series: "17.0"
                %s
                canary:
                  namespace: shop
                  deployment: odoo
                  service: odoo
                  traefikService: odoo-weighted
                  apiUrl: %s
                  token: ${env:KUBE_TOKEN}
                  prometheusUrl: %s
                  allowSchemaChanges: true
                  plan:
                    steps:
                      - weight: 50
                      - analysis: {}
                    analysis:
                      interval: 1m
                      count: 2
                    metrics:
                      - name: errorRate
                      - name: latency
                      - name: http
                """.formatted(registry, REGISTRY.baseImage(), tag, migrateExtra, cluster.access().apiUrl(), prometheus.url()) + verify);
        return prepared;
    }

    private ReleaseRunner.Outcome run(DemoShop.Prepared prepared, MockCluster cluster, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(prepared.env());
        env.put("KUBE_TOKEN", "mock-token");
        env.putAll(extraEnv);
        PlatformConfig platform = PlatformConfigParser.read(prepared.platformFile());
        ReleaseConfig config = ReleaseConfigParser.read(prepared.releaseFile(), env);
        Sleeper sleeper = duration -> {
            clock.advance(duration);
            cluster.reconcile();
        };
        ReleaseRunner runner = new ReleaseRunner(clock, sleeper, platform, OverrideAuthorizer.NONE);
        return runner.run(config, folder.resolve("evidence"), EventSink.NONE);
    }

    /** Describes a bundle for assertion messages: each step's verdict, title and error findings. */
    private static String describe(EvidenceBundle bundle) {
        StringBuilder text = new StringBuilder();
        for (StepReport report : bundle.reports()) {
            text.append('\n').append(report.step()).append(' ').append(report.verdict()).append(": ").append(report.title());
            report.findings().stream().filter(finding -> finding.severity() != io.jenkins.plugins.odoorelease.report.Severity.INFO)
                    .forEach(finding -> text.append("\n  ").append(finding.code()).append(": ").append(finding.message()));
        }
        return text.toString();
    }

    private static FakePrometheus healthyPrometheus() {
        FakePrometheus.Side healthy = new FakePrometheus.Side(600, 1, 0.35);
        return new FakePrometheus(FakePrometheus.traefik(CANARY_LABEL, healthy, healthy));
    }

    @Test
    void wholeReleasePromotesAndProvesBackup() throws Exception {
        SystemBinaries.require("pg_dump", "postgresql-client");
        try (MockCluster cluster = new MockCluster("traefik.io"); FakePrometheus prometheus = healthyPrometheus()) {
            cluster.server().expect().get().withPath(HEALTH_PATH).andReturn(200, Map.of("status", "pass")).always();
            DemoShop.Prepared prepared = shop(uniqueDatabase(), cluster, prometheus, "");

            ReleaseRunner.Outcome outcome = run(prepared, cluster, Map.of());

            EvidenceBundle bundle = outcome.bundle();
            assertThat(outcome.failed()).as(describe(bundle)).isFalse();
            assertThat(bundle.reports()).extracting(StepReport::step).containsExactly("odooFreezeGuard", "odooBackup", "odooBuildImage",
                    "odooMigrateCheck", "odooFreezeGuard", "odooCanary", "odooBackupVerify", "odooRelease");
            assertThat(bundle.reports().get(0).title()).startsWith("Not frozen");
            assertThat(bundle.reports().get(4).title()).startsWith("Before the canary: Not frozen");
            StepReport image = bundle.reports().get(2);
            String reference = (String) image.result().get("reference");
            assertThat(reference).startsWith(REGISTRY.registry().host() + "/shop/odoo@sha256:");
            assertThat(REGISTRY.registry().tags("shop/odoo")).contains(tag);
            StepReport canary = bundle.reports().get(5);
            assertThat(canary.result().get("outcome")).isEqualTo("promoted");
            assertThat(cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(reference);
            assertThat(bundle.reports().get(3).result().get("upgrade")).isEqualTo(List.of("shop_sale"));
            StepReport verify = bundle.reports().get(6);
            assertThat(verify.result().get("key")).isEqualTo(bundle.reports().get(1).result().get("key"));
            assertThat(verify.verdict()).isNotEqualTo(Verdict.FAIL);
            EvidenceBundle written = ReportJson.readBundle(Files.newInputStream(folder.resolve("evidence/evidence.json")));
            assertThat(written.reports()).hasSize(8);
            assertThat(Files.readString(folder.resolve("evidence/evidence.html"))).contains("odooCanary", "odooBackupVerify");
        }
    }

    @Test
    void failingStepStopsCanaryButBackupIsVerified() throws Exception {
        SystemBinaries.require("pg_dump", "postgresql-client");
        try (MockCluster cluster = new MockCluster("traefik.io"); FakePrometheus prometheus = healthyPrometheus()) {
            String oldImage = cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            // A module that needs a dependency no addons path and no database knows blocks the migration check.
            Path broken = Files.createDirectories(folder.resolve("addons/shop/shop_gift_cards"));
            Files.writeString(broken.resolve("__init__.py"), "");
            Files.writeString(broken.resolve("__manifest__.py"), "{'name': 'Gift cards', 'version': '17.0.1.0.0', "
                    + "'depends': ['sale', 'loyalty_vendor_connector'], 'license': 'LGPL-3'}\n");
            DemoShop.Prepared prepared = shop(uniqueDatabase(), cluster, prometheus, "  install: [shop_gift_cards]");

            ReleaseRunner.Outcome outcome = run(prepared, cluster, Map.of());

            assertThat(outcome.failed()).isTrue();
            List<String> steps = outcome.bundle().reports().stream().map(StepReport::step).toList();
            assertThat(steps).as(describe(outcome.bundle())).containsExactly("odooFreezeGuard", "odooBackup", "odooBuildImage", "odooMigrateCheck", "odooBackupVerify",
                    "odooRelease");
            assertThat(outcome.bundle().reports().get(3).verdict()).isEqualTo(Verdict.FAIL);
            StepReport closing = outcome.bundle().reports().get(5);
            assertThat(closing.findings("RELEASE_STEP_SKIPPED")).extracting(finding -> finding.subject()).containsExactly("canary");
            assertThat(closing.result().get("stoppedBy")).isEqualTo("migration check");
            assertThat(cluster.deployment("odoo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(oldImage);
            assertThat(cluster.weights()).doesNotContainKey("odoo-canary");
        }
    }

    @Test
    void brokenConfigurationNamesKeysAndChangesNothing() throws Exception {
        String bucket = S3Server.createBucket("untouched");
        Path release = folder.resolve("release.yaml");
        Files.writeString(release, """
                release:
                  environment: production
                database:
                  url: jdbc:postgresql://127.0.0.1:%d/postgres
                  user: postgres
                  password: hunter2-literal
                s3:
                  endpoint: %s
                  pathStyle: true
                  accessKeyId: ${env:NOT_SET_ANYWHERE}
                  secretAccessKey: ${env:S3_SECRET}
                backup:
                  location: s3://%s/odoo/shop
                  format: tarball
                image:
                  image: registry.example/shop/odoo
                  baseImage: registry.example/odoo:17.0
                  addons: [addons]
                  tagz: [oops]
                canary:
                  namespace: shop
                verify:
                  scratchUrl: jdbc:postgresql://127.0.0.1:%d/postgres
                  rpo: soon
                """.formatted(PostgresServer.port(), S3Server.endpoint(), bucket, PostgresServer.port()));
        Map<String, String> env = Map.of("S3_SECRET", S3Server.SECRET_KEY);

        InvalidInputException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> ReleaseConfigParser.read(release, env));

        assertThat(error.problems()).extracting(Problem::path).contains("database.password", "s3.accessKeyId", "image.tagz",
                "canary.deployment", "canary.service");
        assertThat(error.getMessage()).doesNotContain("hunter2-literal");
        assertThat(S3Server.client().listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
        assertThat(folder.resolve("release-evidence")).doesNotExist();
    }

    @Test
    void invalidStepValuesFoundBeforeAnythingRuns() throws Exception {
        String bucket = S3Server.createBucket("untouched");
        Path release = folder.resolve("release.yaml");
        Files.createDirectories(folder.resolve("addons"));
        Files.writeString(release, """
                release:
                  environment: production
                database:
                  url: jdbc:postgresql://127.0.0.1:%d/postgres
                  user: postgres
                  password: ${env:DB_PASSWORD}
                s3:
                  endpoint: %s
                  pathStyle: true
                  accessKeyId: ${env:S3_KEY}
                  secretAccessKey: ${env:S3_SECRET}
                backup:
                  location: s3://%s/odoo/shop
                  format: tarball
                verify:
                  scratchUrl: jdbc:postgresql://127.0.0.1:%d/postgres
                  rpo: soon
                """.formatted(PostgresServer.port(), S3Server.endpoint(), bucket, PostgresServer.port()));
        Map<String, String> env = Map.of("DB_PASSWORD", PostgresServer.PASSWORD, "S3_KEY", S3Server.ACCESS_KEY, "S3_SECRET",
                S3Server.SECRET_KEY);
        ReleaseConfig config = ReleaseConfigParser.read(release, env);
        ReleaseRunner runner = new ReleaseRunner(clock, Sleeper.SYSTEM, PlatformConfig.DEFAULTS, OverrideAuthorizer.NONE);

        assertThatThrownBy(() -> runner.run(config, folder.resolve("evidence"), EventSink.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("backup.format: 'tarball'")
                .hasMessageContaining("verify.rpo: 'soon'");
        assertThat(S3Server.client().listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
        assertThat(folder.resolve("evidence")).doesNotExist();
    }
}
