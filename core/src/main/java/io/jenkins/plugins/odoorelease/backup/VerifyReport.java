package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.backup.VerifyLevels.Level;
import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Measurement;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a verification's levels and measurements into the step's report. */
final class VerifyReport {

    private VerifyReport() {
    }

    static void parameters(StepReport.Builder report, VerifyRequest request) {
        report.parameter("location", request.location().toString())
                .parameter("key", request.key())
                .parameter("endpoint", request.s3().endpoint() == null ? null : request.s3().endpoint().toString())
                .parameter("region", request.s3().region())
                .parameter("pathStyle", request.s3().pathStyle())
                .parameter("scratchUrl", request.scratch().toString())
                .parameter("scratchPrefix", request.scratchPrefix())
                .parameter("rpo", Durations.formatCompact(request.rpo()))
                .parameter("rto", Durations.formatCompact(request.rto()))
                .parameter("attachments", request.attachments().toString())
                .parameter("keepScratch", request.keepScratch())
                .parameter("pgRestore", request.pgRestore() == null ? null : request.pgRestore().toString())
                .parameter("maxCompressionRatio", request.maxCompressionRatio())
                .parameter("requireVersioning", request.requireVersioning())
                .parameter("requireLifecycle", request.requireLifecycle())
                .parameter("failOn", request.failOn().keyword());
    }

    static void attachmentFindings(AttachmentCheck.Outcome outcome, AttachmentMode mode, VerifyLevels levels) {
        if (outcome.missing() > 0) {
            levels.add(Level.ATTACHMENTS, new Finding(VerifyFindings.ATTACHMENT_MISSING.code(), Severity.ERROR, "ir_attachment",
                    outcome.missing() + " of " + outcome.selected() + " checked files are not in the filestore; attachment ids "
                            + outcome.missingIds() + (outcome.missing() > outcome.missingIds().size() ? " and more" : "")
                            + ". Their content is lost in this backup; check the filestore source of the backup job.",
                    Map.of("missing", outcome.missing(), "sampleIds", outcome.missingIds())));
        }
        if (outcome.mismatched() > 0) {
            levels.add(Level.ATTACHMENTS, new Finding(VerifyFindings.ATTACHMENT_CHECKSUM_MISMATCH.code(), Severity.ERROR, "ir_attachment",
                    outcome.mismatched() + " of " + outcome.checked() + " checked files have a SHA-1 that differs from "
                            + "ir_attachment.checksum; attachment ids " + outcome.mismatchedIds()
                            + (outcome.mismatched() > outcome.mismatchedIds().size() ? " and more" : "")
                            + ". The files are corrupted; restore them from an older backup.",
                    Map.of("mismatched", outcome.mismatched(), "sampleIds", outcome.mismatchedIds())));
        }
        if (outcome.orphans() > 0) {
            levels.add(Level.ATTACHMENTS, new Finding(VerifyFindings.ATTACHMENT_ORPHAN_FILES.code(), Severity.INFO, "filestore",
                    outcome.orphans() + " files of the filestore are referenced by no attachment, for example " + outcome.orphanSamples()
                            + ". Odoo's garbage collection removes such files later; they only take space.",
                    Map.of("orphans", outcome.orphans(), "samples", outcome.orphanSamples())));
        }
        levels.summary(Level.ATTACHMENTS, mode + ": " + outcome.checked() + " of " + outcome.referenced() + " referenced files checked, "
                + outcome.missing() + " missing, " + outcome.mismatched() + " mismatched, " + outcome.orphans() + " unreferenced, "
                + outcome.markers() + " checklist markers");
    }

    static StepReport build(StepReport.Builder report, VerifyRequest request, VerifyLevels levels, BackupVerifier.Outcome outcome,
            Instant finishedAt) {
        levels.addTo(report);
        Verdict verdict = report.verdict();
        Double restoreSeconds = outcome.restoreTime == null ? null : outcome.restoreTime.toMillis() / 1000.0;
        String key = outcome.backup == null ? null : outcome.backup.main().key();
        report.result("key", key)
                .result("ageSeconds", outcome.age == null ? null : outcome.age.getSeconds())
                .result("restoreSeconds", restoreSeconds)
                .result("attachmentsChecked", outcome.attachments == null ? 0L : outcome.attachments.checked())
                .result("verdict", verdict.name())
                .result("bucket", request.location().bucket())
                .result("format", outcome.format)
                .result("createdAt", outcome.backup == null ? null : outcome.backup.createdAt().toString())
                .result("scratchDatabase", outcome.scratchDatabase)
                .result("levels", levels.outcomes());
        if (outcome.restoreTime != null) {
            report.measurement(BackupVerifier.restoreMeasurement(outcome.restoreTime, request.rto()));
        }
        if (outcome.age != null) {
            report.measurement(new Measurement("ageSeconds", "backup", outcome.age.getSeconds(), "s", null,
                    (double) request.rpo().toSeconds(), outcome.age.compareTo(request.rpo()) > 0 ? "failed" : "successful"));
        }
        if (outcome.attachments != null) {
            report.measurement(Measurement.of("attachmentsChecked", outcome.attachments.checked(), "files"));
        }
        report.section(summary(request, outcome));
        report.section(rtoChart(request, restoreSeconds, finishedAt));
        report.title(title(verdict, key, outcome, levels));
        return report.finishedAt(finishedAt).build();
    }

    private static Section summary(VerifyRequest request, BackupVerifier.Outcome outcome) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("Backup", outcome.backup == null ? "none found" : "s3://" + request.location().bucket() + "/" + outcome.backup.main().key());
        if (outcome.backup != null) {
            entries.put("Taken", outcome.backup.createdAt().toString());
            entries.put("Age", Durations.format(outcome.age) + " (rpo " + Durations.format(request.rpo()) + ")");
        }
        if (outcome.format != null) {
            entries.put("Format", outcome.format);
        }
        if (outcome.scratchDatabase != null) {
            entries.put("Scratch database", outcome.scratchDatabase + (request.keepScratch() ? " (kept)" : " (dropped)"));
        }
        entries.put("Restore time", outcome.restoreTime == null ? "no restore" : Durations.format(outcome.restoreTime) + " (rto "
                + Durations.format(request.rto()) + ")");
        if (outcome.attachments != null) {
            entries.put("Attachments checked", outcome.attachments.checked() + " of " + outcome.attachments.referenced() + " files");
        }
        return new Section.KeyValues("Backup verified", entries);
    }

    /** Charts the restore time of earlier runs and this one against the RTO, so that a slowing restore shows early. */
    static Section rtoChart(VerifyRequest request, Double restoreSeconds, Instant now) {
        List<Section.Point> restores = new ArrayList<>();
        for (VerifyRequest.RtoPoint point : request.history()) {
            restores.add(new Section.Point(point.at().getEpochSecond(), point.restoreSeconds(), point.label()));
        }
        restores.add(new Section.Point(now.getEpochSecond(), restoreSeconds == null ? Double.NaN : restoreSeconds, "this run"));
        double first = restores.get(0).x();
        double last = restores.get(restores.size() - 1).x();
        double rto = request.rto().toSeconds();
        List<Section.Point> limit = first == last ? List.of(new Section.Point(first, rto, "rto"))
                : List.of(new Section.Point(first, rto, "rto"), new Section.Point(last, rto, "rto"));
        return new Section.Chart("Restore time (RTO trend)", "run", "seconds", true,
                List.of(new Section.Series("restore time", restores), new Section.Series("rto", limit)));
    }

    private static String title(Verdict verdict, String key, BackupVerifier.Outcome outcome, VerifyLevels levels) {
        if (key == null) {
            return "No backup to verify";
        }
        List<String> failed = new ArrayList<>();
        for (Level level : Level.values()) {
            if (levels.failed(level)) {
                failed.add(level.title.toLowerCase(java.util.Locale.ROOT));
            }
        }
        String restore = outcome.restoreTime == null ? "not restored" : "restored in " + Durations.format(outcome.restoreTime);
        if (verdict == Verdict.FAIL) {
            return key + " " + restore + "; failed: " + String.join(", ", failed);
        }
        return key + " " + restore + (outcome.attachments == null ? "" : ", " + Text.count(outcome.attachments.checked(),
                "attachment", "attachments") + " checked");
    }
}
