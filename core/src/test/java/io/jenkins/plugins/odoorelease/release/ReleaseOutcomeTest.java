package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a release ends when its steps fail in different ways: the reports a failed step leaves, the closing report's
 * verdict and links, the failure that decides the exit code, and the evidence bundle the run adds to.
 */
class ReleaseOutcomeTest {

    private static final String CLOSED_PORT_URL = "jdbc:postgresql://127.0.0.1:1/shop";

    @TempDir
    Path folder;

    private final Clock clock = Clock.systemUTC();

    /** Writes a calendar with one window of this severity, active now when {@code active}, and returns its file name. */
    private String calendar(String severity, boolean active) throws Exception {
        String window = active ? "start: 2000-01-01T00:00\n    end: 2099-01-01T00:00" : "start: 2099-01-01T00:00\n    end: 2099-01-02T00:00";
        Files.writeString(folder.resolve("freeze.yaml"), """
                timeZone: UTC
                windows:
                  - id: campaign
                    severity: %s
                    %s
                """.formatted(severity, window));
        return "freeze.yaml";
    }

    private ReleaseRunner.Outcome run(String releaseYaml, Map<String, String> env) throws Exception {
        Path file = folder.resolve("release.yaml");
        Files.writeString(file, releaseYaml);
        ReleaseConfig config = ReleaseConfigParser.read(file, env);
        return new ReleaseRunner(clock, Sleeper.SYSTEM, PlatformConfig.DEFAULTS, OverrideAuthorizer.NONE)
                .run(config, folder.resolve("evidence"), EventSink.NONE);
    }

    /** Runs a release of only the migration check, on an empty addons folder, against this database. */
    private ReleaseRunner.Outcome runMigrateCheck(String databaseUrl, String passwordLine, Map<String, String> env) throws Exception {
        Files.createDirectories(folder.resolve("addons"));
        return run("""
                release:
                  environment: production
                database:
                  url: %s
                  user: postgres
                  %s
                migrate:
                  addons: [addons]
                  series: "17.0"
                """.formatted(databaseUrl, passwordLine), env);
    }

    /** Returns a release file with only the freeze guard, on this calendar. */
    private static String freezeOnly(String calendar) {
        return """
                release:
                  environment: production
                freeze:
                  calendars: [%s]
                  expectedDuration: 30m
                """.formatted(calendar);
    }

    private static StepReport closing(ReleaseRunner.Outcome outcome) {
        return outcome.reports().get(outcome.reports().size() - 1);
    }

    private static List<List<String>> stepRows(StepReport closing) {
        return closing.sections().stream().filter(section -> section.title().equals("Steps")).map(Section.Table.class::cast)
                .findFirst().orElseThrow().rows();
    }

    @Test
    void faultLeavesStepsOwnFailedReport() throws Exception {
        ReleaseRunner.Outcome outcome = runMigrateCheck(CLOSED_PORT_URL, "password: ${env:DB_PASSWORD}", Map.of("DB_PASSWORD", "unused"));

        assertThat(outcome.failure()).isEqualTo(ReleaseRunner.Failure.FAULT);
        assertThat(outcome.reports()).extracting(StepReport::step).containsExactly("odooMigrateCheck", "odooRelease");
        StepReport migrate = outcome.reports().get(0);
        assertThat(migrate.verdict()).isEqualTo(Verdict.FAIL);
        Finding fault = migrate.findings("RELEASE_STEP_FAULT").get(0);
        assertThat(fault.message()).startsWith("The migration check could not finish: ");
        assertThat(fault.message()).contains("(database " + CLOSED_PORT_URL);
        assertThat(fault.message()).doesNotContain("{", "}", "..");
        assertThat(fault.details()).containsKey("database");
        StepReport closing = closing(outcome);
        assertThat(closing.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(closing.findings("RELEASE_STEP_FAULT")).extracting(Finding::message)
                .containsExactly("The migration check could not finish because a server, store, registry or cluster failed, so the "
                        + "release stopped there. See report #1 (odooMigrateCheck) for the cause.");
        assertThat(stepRows(closing)).containsExactly(List.of("migration check", "could not finish, stops the release", "#1 odooMigrateCheck"));
        assertThat(closing.title()).isEqualTo("Release stopped by the migration check");
    }

    @Test
    void valueRejectedWhileRunningIsInvalidInput() throws Exception {
        // The test server requires a password and the file gives none, which only a connection can find out.
        ReleaseRunner.Outcome outcome = runMigrateCheck(PostgresServer.url("postgres"), "", Map.of());

        assertThat(outcome.failure()).isEqualTo(ReleaseRunner.Failure.INVALID_INPUT);
        StepReport migrate = outcome.reports().get(0);
        assertThat(migrate.step()).isEqualTo("odooMigrateCheck");
        assertThat(migrate.findings("RELEASE_STEP_INVALID_INPUT")).extracting(Finding::message).singleElement().asString()
                .startsWith("The migration check rejected a value when it ran: ").contains("database.password",
                        "set database.password in the release file").doesNotContain("credentialsId", "ODOO_RELEASE_DB_PASSWORD");
        assertThat(closing(outcome).findings("RELEASE_STEP_INVALID_INPUT")).hasSize(1);
    }

    @Test
    void faultWinsOverEarlierPolicyStop() throws Exception {
        String bucket = S3Server.createBucket("present");

        // Without a backup section the verification runs after a stop. Its bucket does not exist.
        ReleaseRunner.Outcome outcome = run("""
                release:
                  environment: production
                freeze:
                  calendars: [%s]
                  expectedDuration: 30m
                s3:
                  endpoint: %s
                  region: us-east-1
                  pathStyle: true
                  accessKeyId: ${env:S3_KEY}
                  secretAccessKey: ${env:S3_SECRET}
                verify:
                  location: s3://%s-missing/odoo/shop
                  scratchUrl: %s
                  scratchUser: postgres
                  scratchPassword: ${env:DB_PASSWORD}
                """.formatted(calendar("block", true), S3Server.endpoint(), bucket, PostgresServer.url("postgres")),
                Map.of("S3_KEY", S3Server.ACCESS_KEY, "S3_SECRET", S3Server.SECRET_KEY, "DB_PASSWORD", PostgresServer.PASSWORD));

        assertThat(outcome.reports()).extracting(StepReport::step).containsExactly("odooFreezeGuard", "odooBackupVerify", "odooRelease");
        assertThat(outcome.failure()).isEqualTo(ReleaseRunner.Failure.FAULT);
        StepReport closing = closing(outcome);
        assertThat(closing.findings("RELEASE_STEP_FAILED")).extracting(Finding::message).singleElement().asString()
                .contains("so the release stopped there", "report #1 (odooFreezeGuard)");
        assertThat(closing.findings("RELEASE_STEP_FAULT")).extracting(Finding::message).singleElement().asString()
                .doesNotContain("stopped there").contains("report #2 (odooBackupVerify)");
        assertThat(closing.result().get("stoppedBy")).isEqualTo("freeze guard");
    }

    @Test
    void warningStepMakesReleaseWarn() throws Exception {
        ReleaseRunner.Outcome outcome = run(freezeOnly(calendar("warn", true)), Map.of());

        assertThat(outcome.failure()).isEqualTo(ReleaseRunner.Failure.NONE);
        assertThat(outcome.reports().get(0).verdict()).isEqualTo(Verdict.WARN);
        StepReport closing = closing(outcome);
        assertThat(closing.verdict()).isEqualTo(Verdict.WARN);
        assertThat(outcome.verdict()).isEqualTo(Verdict.WARN);
        assertThat(closing.findings("RELEASE_STEP_FINDINGS")).extracting(Finding::subject).containsExactly("freeze guard");
        assertThat(closing.title()).isEqualTo("Release finished: 1 step");
    }

    @Test
    void releaseAddsToExistingBundle() throws Exception {
        StepReport earlier = StepReport.builder("odooFreezeGuard").title("Not frozen").startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH)
                .build();
        EvidenceBundle.RunInfo pipeline = new EvidenceBundle.RunInfo("shop pipeline 7", "https://ci.example/7", "abc123");
        EvidenceFiles.append(folder.resolve("evidence"), earlier, pipeline, Instant.EPOCH);

        ReleaseRunner.Outcome outcome = run(freezeOnly(calendar("block", false)).replace("release:\n", "release:\n  name: not used\n"),
                Map.of());

        EvidenceBundle written;
        try (InputStream in = Files.newInputStream(folder.resolve("evidence").resolve(EvidenceFiles.JSON))) {
            written = ReportJson.readBundle(in);
        }
        assertThat(written.reports()).extracting(StepReport::title).containsExactly("Not frozen", "Not frozen",
                "Release finished: 1 step");
        assertThat(written.run()).isEqualTo(pipeline);
        assertThat(outcome.reports()).hasSize(2);
        assertThat(stepRows(closing(outcome))).containsExactly(List.of("freeze guard", "PASS", "#2 odooFreezeGuard"));
    }

    @Test
    void bundleOfAnotherRevisionRejected() throws Exception {
        StepReport earlier = StepReport.builder("odooFreezeGuard").title("Not frozen").startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH)
                .build();
        EvidenceFiles.append(folder.resolve("evidence"), earlier, new EvidenceBundle.RunInfo("shop release", null, "AAA111"),
                Instant.EPOCH);
        String release = freezeOnly(calendar("block", false)).replace("release:\n", "release:\n  revision: BBB222\n");

        InvalidInputException error = assertThrows(InvalidInputException.class, () -> run(release, Map.of()));

        assertThat(error.problems()).extracting(Problem::path).containsExactly("evidence");
        assertThat(error.getMessage()).contains("belongs to another run (shop release, revision AAA111)", "revision BBB222",
                "write the evidence to a new folder");
    }

    @Test
    void abortInterruptsRunningStepAndFails() throws Exception {
        java.time.format.DateTimeFormatter minute = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
                .withZone(java.time.ZoneOffset.UTC);
        Instant now = clock.instant();
        Files.writeString(folder.resolve("freeze.yaml"), """
                timeZone: UTC
                windows:
                  - id: campaign
                    severity: block
                    start: %s
                    end: %s
                """.formatted(minute.format(now.minusSeconds(3600)), minute.format(now.plusSeconds(3600))));
        Path file = folder.resolve("release.yaml");
        Files.writeString(file, """
                release:
                  environment: production
                freeze:
                  calendars: [freeze.yaml]
                  onFreeze: wait
                  maxWait: 4h
                """);
        ReleaseConfig config = ReleaseConfigParser.read(file, Map.of());
        ReleaseRunner runner = new ReleaseRunner(clock, Sleeper.SYSTEM, PlatformConfig.DEFAULTS, OverrideAuthorizer.NONE);
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        EventSink events = new EventSink() {
            @Override
            public void log(io.jenkins.plugins.odoorelease.common.LogLevel level, String message) {
                if (message.contains("waiting")) {
                    waiting.countDown();
                }
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        };
        java.util.concurrent.CompletableFuture<ReleaseRunner.Outcome> release = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(config, folder.resolve("evidence"), events);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the freeze guard started waiting").isTrue();

        runner.abort();
        ReleaseRunner.Outcome outcome = release.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(outcome.failure()).isEqualTo(ReleaseRunner.Failure.ABORTED);
        assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(outcome.reports()).extracting(StepReport::step).containsExactly("odooFreezeGuard", "odooRelease");
        assertThat(outcome.reports().get(0).findings("RELEASE_STEP_FAULT")).extracting(Finding::message).singleElement().asString()
                .contains("stopped by request");
        assertThat(closing(outcome).findings(ReleaseFindings.RELEASE_ABORTED.code())).hasSize(1);
        assertThat(folder.resolve("evidence").resolve(EvidenceFiles.JSON)).exists();
    }

    @Test
    void unreadableBundleStopsBeforeAnyStep() throws Exception {
        Files.createDirectories(folder.resolve("evidence"));
        Files.writeString(folder.resolve("evidence").resolve(EvidenceFiles.JSON), "not a bundle");
        String release = freezeOnly(calendar("block", false));

        InvalidInputException error = assertThrows(InvalidInputException.class, () -> run(release, Map.of()));

        assertThat(error.problems()).extracting(Problem::path).containsExactly("evidence");
        assertThat(error.getMessage()).contains("write the evidence to a new folder");
        assertThat(Files.readString(folder.resolve("evidence").resolve(EvidenceFiles.JSON))).isEqualTo("not a bundle");
    }

    @Test
    void missingCalendarReportedOnce() throws Exception {
        Path release = folder.resolve("release.yaml");
        Files.writeString(release, """
                release:
                  environment: production
                freeze:
                  calendars: [freeze-calender.yaml]
                  expectedDuration: 30m
                canary:
                  dryRun: true
                  namespace: shop
                  deployment: odoo
                  service: odoo
                  traefikService: odoo-weighted
                  image: registry.example/shop@sha256:%s
                  prometheusUrl: http://127.0.0.1:9
                """.formatted("a".repeat(64)));
        ReleaseConfig config = ReleaseConfigParser.read(release, Map.of());
        ReleaseRunner runner = new ReleaseRunner(clock, Sleeper.SYSTEM, PlatformConfig.DEFAULTS, OverrideAuthorizer.NONE);

        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> runner.run(config, folder.resolve("evidence"), EventSink.NONE));

        List<Problem> calendarProblems = error.problems().stream().filter(problem -> problem.message().contains("calendar file not found"))
                .toList();
        assertThat(calendarProblems).hasSize(1);
        assertThat(calendarProblems.get(0).describe()).startsWith("freeze.calendars: '").contains("freeze-calender.yaml");
    }
}
