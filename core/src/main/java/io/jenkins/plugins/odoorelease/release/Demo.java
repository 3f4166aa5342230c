package io.jenkins.plugins.odoorelease.release;

import io.jenkins.plugins.odoorelease.canary.CanaryDemo;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.freeze.CalendarOrigin;
import io.jenkins.plugins.odoorelease.freeze.CalendarSource;
import io.jenkins.plugins.odoorelease.freeze.FreezeGuard;
import io.jenkins.plugins.odoorelease.freeze.FreezeRequest;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs every delivered step on embedded defaults, so that a new user sees what each one does without any
 * server: a freeze calendar with windows placed around today, a release check for now, a what-if check
 * during the sample campaign, an image build of sample addons to a tar file, and, when the front end provides
 * embedded servers, a backup of a small Odoo database and its verification and a migration check of a sample release
 * against a sample Odoo database.
 */
public final class Demo {

    /** The sample calendar's zone; any IANA zone would do. */
    static final String ZONE = "Europe/Amsterdam";

    private final Clock clock;
    private final Supplier<BackupSandbox> sandbox;

    /** Creates a demo without the backup stages. */
    public Demo(Clock clock) {
        this(clock, null);
    }

    /**
     * Creates a demo whose backup stages use the servers {@code sandbox} starts; {@code null} leaves those stages out.
     */
    public Demo(Clock clock, Supplier<BackupSandbox> sandbox) {
        this.clock = clock;
        this.sandbox = sandbox;
    }

    /** Where the demo put its files, and the bundle it wrote. */
    public record Outcome(EvidenceBundle bundle, Path evidenceFolder, Path calendar) {
    }

    /**
     * Runs the demo and writes the calendar and the evidence bundle into {@code folder}.
     *
     * @throws IOException when the folder cannot be written
     */
    public Outcome run(Path folder, EventSink events) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Path calendarFile = folder.resolve("freeze-calendar.yaml");
        String calendar = sampleCalendar(today);
        Files.writeString(calendarFile, calendar, StandardCharsets.UTF_8);
        events.info("Wrote the sample freeze calendar to " + calendarFile + ".");
        CalendarSource source = CalendarSource.of(calendarFile.toString(), calendar, CalendarOrigin.PLATFORM);
        FreezeGuard guard = new FreezeGuard(clock, Sleeper.SYSTEM, approver -> "the demo has no override approvers");

        List<StepReport> reports = new ArrayList<>();
        events.info("Stage 1: odooFreezeGuard for an application release to production now, expected to take 45 minutes.");
        reports.add(guard.run(request(source, null, "fail"), events));

        Instant duringCampaign = today.plusDays(8).atTime(10, 0).atZone(java.time.ZoneId.of(ZONE)).toInstant();
        events.info("Stage 2: odooFreezeGuard as a what-if at " + duringCampaign + ", during the sample campaign, "
                + "with onFreeze: warn so that the demo goes on.");
        reports.add(guard.run(request(source, duringCampaign.toString(), "warn"), events));

        if (sandbox == null) {
            events.info("The backup stages are left out: this front end provides no embedded servers.");
            events.info("The migration check stage is left out: it needs an embedded PostgreSQL server as well.");
        } else {
            reports.addAll(new BackupStages(clock).run(sandbox, folder, events));
            reports.add(MigrateDemo.run(sandbox, folder, events, clock, reports.size() + 1));
        }

        events.info("Stage " + (reports.size() + 1) + ": odooBuildImage of two sample modules on a sample base image, written to a "
                + "tar file because the demo has no registry.");
        reports.add(new DemoImage(clock).build(folder.resolve("image"), events));

        events.info("Stage " + (reports.size() + 1) + ": odooCanary as a dry run of a sample shop, because no cluster is configured: "
                + "every object the rollout would create or change, and its schedule.");
        reports.add(CanaryDemo.dryRun(clock, folder, events));

        Path evidence = folder.resolve("evidence");
        EvidenceBundle bundle = EvidenceBundle.of(new EvidenceBundle.RunInfo("odoo-release demo", null, null), clock.instant(), reports);
        EvidenceFiles.write(evidence, bundle);
        return new Outcome(bundle, evidence, calendarFile);
    }

    private static FreezeRequest request(CalendarSource source, String at, String onFreeze) {
        try {
            return FreezeRequest.builder().environment("production").tenant("demo-shop").changeType("application")
                    .expectedDuration("45m").at(at).onFreeze(onFreeze).calendar(source).build();
        } catch (InvalidInputException e) {
            throw new IllegalStateException("the demo's own request is invalid", e);
        }
    }

    /**
     * Builds a calendar around {@code today}: a campaign from a week ahead, a monthly financial close, a weekly
     * inventory count from next week and a warn-only window for the season. None covers the next 45 minutes, so
     * the release check passes on any day.
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
        return endOfThisMonth.isAfter(today.plusDays(1)) ? endOfThisMonth : today.plusMonths(1).withDayOfMonth(today.plusMonths(1).lengthOfMonth());
    }
}
