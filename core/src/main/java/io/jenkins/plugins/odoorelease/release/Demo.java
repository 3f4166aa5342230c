package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.config.PlatformConfig;
import io.jenkins.plugins.odoorelease.config.PlatformConfigParser;
import io.jenkins.plugins.odoorelease.freeze.OverrideAuthorizer;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs a whole release of a sample shop on embedded servers, so that a new user sees every step without a database,
 * store, registry or cluster of their own. The steps are the freeze guard, the backup, the image build to a tar file,
 * the migration check, the freeze guard again, the canary as a dry run, and the verification of the new backup. The
 * demo writes the shop's files and the {@code release.yaml} it runs into its folder, then runs that file exactly as
 * {@code odoo-release release} would.
 */
public final class Demo {

    /** The sample calendar's zone; any IANA zone would do. */
    static final String ZONE = "Europe/Amsterdam";

    private final Clock clock;
    private final Supplier<BackupSandbox> sandbox;
    private volatile boolean aborted;
    private volatile ReleaseRunner running;

    /**
     * Creates a demo whose servers {@code sandbox} starts: the CLI starts an embedded PostgreSQL and an in-process S3
     * store on 127.0.0.1.
     */
    public Demo(Clock clock, Supplier<BackupSandbox> sandbox) {
        this.clock = clock;
        this.sandbox = sandbox;
    }

    /** The demo's result: the bundle it wrote and where its files are. */
    public record Outcome(EvidenceBundle bundle, Path evidenceFolder, Path releaseFile, boolean failed) {
    }

    /** Work done after the release while the servers still run, such as waiting until the user is done with them. */
    @FunctionalInterface
    public interface WhileServersRun {

        /**
         * Runs with the servers up.
         *
         * @param secrets the environment variables that the demo's release.yaml refers to, with their values
         */
        void run(Outcome outcome, Map<String, String> secrets) throws IOException, InterruptedException;
    }

    /**
     * Stops the demo from another thread: the release stops before its next step (a canary rolls back), and
     * {@link #run} then stops the servers and deletes their data before it returns.
     */
    public void abort() {
        aborted = true;
        ReleaseRunner runner = running;
        if (runner != null) {
            runner.abort();
        }
    }

    /**
     * Runs the demo in {@code folder} and stops every server it started, whatever happens.
     *
     * @throws IOException when the folder cannot be written
     * @throws InterruptedException when {@link #abort()} came before the release started
     */
    public Outcome run(Path folder, EventSink events) throws IOException, InterruptedException {
        return run(folder, events, (outcome, secrets) -> {
            // Nothing to do: the servers stop as soon as the release has run.
        });
    }

    /**
     * Runs the demo in {@code folder}, then {@code afterRelease} while the servers still run, and stops every server
     * it started, whatever happens.
     *
     * @throws IOException when the folder cannot be written
     * @throws InterruptedException when {@link #abort()} came before the release started
     */
    public Outcome run(Path folder, EventSink events, WhileServersRun afterRelease) throws IOException, InterruptedException {
        events.info("Starting an embedded PostgreSQL and an in-process S3 store on 127.0.0.1.");
        BackupSandbox servers = sandbox.get();
        try {
            stopIfAborted();
            DemoShop.Prepared prepared = DemoShop.prepare(servers, folder, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), events);
            if (findProgram("pg_dump") == null) {
                events.warning("pg_dump was not found, so the demo leaves out the backup and its verification; install the "
                        + "PostgreSQL client programs (Debian: postgresql-client) to see them.");
                DemoShop.dropBackupSections(prepared.releaseFile());
            }
            events.info("Wrote the release file " + prepared.releaseFile() + ". The demo runs it now, as 'odoo-release release' would.");
            PlatformConfig platform = PlatformConfigParser.read(prepared.platformFile());
            ReleaseConfig config = ReleaseConfigParser.read(prepared.releaseFile(), prepared.env());
            ReleaseRunner runner = new ReleaseRunner(clock, Sleeper.SYSTEM, platform, OverrideAuthorizer.fromApprovers(
                    platform.freeze().overrideApprovers()));
            Path evidence = folder.resolve("evidence");
            // 'odoo-release release' adds to the bundle in its folder, but the demo rewrites all of its files on each run.
            Files.deleteIfExists(evidence.resolve(EvidenceFiles.JSON));
            Files.deleteIfExists(evidence.resolve(EvidenceFiles.HTML));
            running = runner;
            stopIfAborted();
            ReleaseRunner.Outcome outcome = runner.run(config, evidence, events);
            Outcome result = new Outcome(outcome.bundle(), outcome.evidenceFolder(), prepared.releaseFile(), outcome.failed());
            running = null;
            if (!aborted) {
                afterRelease.run(result, prepared.env());
            }
            events.info(prepared.releaseFile().getFileName() + " names the demo's own servers and their one-time passwords, which "
                    + "are gone when the demo exits. Its header comment says what to change to run it against your systems.");
            return result;
        } catch (InvalidInputException e) {
            throw new IllegalStateException("the demo's own release file is invalid: " + e.getMessage(), e);
        } finally {
            stop(servers, events);
        }
    }

    /** Stops the servers and logs whether that worked, because a server left running must be stopped by hand. */
    private static void stop(BackupSandbox servers, EventSink events) {
        try {
            servers.close();
            events.info("Stopped the embedded servers and deleted their data.");
        } catch (RuntimeException e) {
            events.error("Stopping the embedded servers failed (" + e.getMessage() + "); stop any postgres process of the "
                    + "demo and delete the folders odoo-release-demo-pg* in the temporary folder by hand.");
        }
    }

    private void stopIfAborted() throws InterruptedException {
        if (aborted) {
            throw new InterruptedException("the demo was stopped before its release started");
        }
    }

    /** Looks a program up on PATH and in the Debian PostgreSQL folders, or returns {@code null}. */
    static Path findProgram(String program) throws IOException {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return Path.of(folder, program);
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(debian)) {
                for (Path version : versions) {
                    if (Files.isExecutable(version.resolve("bin").resolve(program))) {
                        return version.resolve("bin").resolve(program);
                    }
                }
            }
        }
        return null;
    }

    /** Deletes a folder and everything in it; a missing folder is fine. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Builds a calendar around {@code today}: a campaign from a week ahead, a monthly financial close, a weekly
     * inventory count from next week and a warn-only window for the season. None covers the next 45 minutes, so
     * the release's freeze checks pass on any day.
     */
    static String sampleCalendar(LocalDate today) {
        LocalDate campaignStart = today.plusDays(7);
        LocalDate nextWeek = today.plusDays(7);
        return """
                # Sample freeze calendar written by 'odoo-release demo'. The schema is documented in docs/steps/odooFreezeGuard.md.
                version: 1
                timeZone: %s
                defaults:
                  environments: [production]
                windows:
                  - id: demo-campaign
                    name: Winter campaign week
                    category: campaign
                    severity: block
                    start: %sT00:00
                    end: %sT00:00
                  - id: demo-month-end-close
                    name: Month-end financial close
                    category: financial-close
                    severity: approval
                    rrule: FREQ=MONTHLY;BYMONTHDAY=-1
                    start: %sT18:00
                    duration: 2d
                  - id: demo-stock-count
                    name: Weekly stock count
                    category: inventory-count
                    severity: approval
                    changeTypes: [application]
                    cron: "0 21 * * SUN"
                    duration: 8h
                    from: %s
                  - id: demo-peak-season
                    name: Peak season, extra care
                    category: campaign
                    severity: warn
                    start: %sT00:00
                    end: %sT00:00
                """.formatted(ZONE, campaignStart, campaignStart.plusDays(7), nextMonthEnd(today), nextWeek,
                today.plusDays(5), today.plusDays(40));
    }

    private static LocalDate nextMonthEnd(LocalDate today) {
        LocalDate endOfThisMonth = today.withDayOfMonth(today.lengthOfMonth());
        if (endOfThisMonth.isAfter(today.plusDays(1))) {
            return endOfThisMonth;
        }
        LocalDate nextMonth = today.plusMonths(1);
        return nextMonth.withDayOfMonth(nextMonth.lengthOfMonth());
    }
}
