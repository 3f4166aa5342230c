package io.jenkins.plugins.odoorelease.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A report that uses every part of the model, for renderer tests. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    static StepReport fullReport() {
        return StepReport.builder("odooMigrateCheck")
                .title("2 modules to upgrade <script>alert(1)</script>")
                .startedAt(Instant.parse("2027-01-01T10:00:00Z"))
                .finishedAt(Instant.parse("2027-01-01T10:00:03.250Z"))
                .parameter("database", "prod")
                .parameter("addons", List.of("/srv/addons", "/srv/oca"))
                .finding(new Finding("MODULE_DOWNGRADE", Severity.ERROR, "sale_stock", "Version 17.0.1.0 is lower than the "
                        + "installed 17.0.2.0 & cannot be applied | fix the manifest", Map.of("installed", "17.0.2.0")))
                .finding(new Finding("LARGE_TABLE", Severity.WARNING, "stock_move", "5,000,000 rows", Map.of()))
                .finding(new Finding("MODULE_UPGRADE", Severity.INFO, "sale", "Upgrade from 17.0.1.0 to 17.0.1.1", Map.of()))
                .measurement(new Measurement("rows", "stock_move", 5_000_000, "rows", null, 1_000_000.0, "failed"))
                .measurement(new Measurement("errorRate", "canary", Double.NaN, "ratio", Instant.parse("2027-01-01T10:00:01Z"), 0.01,
                        "inconclusive"))
                .result("upgrade", List.of("sale"))
                .result("canarySafe", false)
                .result("count", 2)
                .section(new Section.Table("Modules", List.of("module", "from", "to"), List.of(List.of("sale", "17.0.1.0", "17.0.1.1"))))
                .section(new Section.KeyValues("Database", Map.of("server", "PostgreSQL 15.4")))
                .section(new Section.Chart("Weights", "time", "percent", true, List.of(
                        new Section.Series("canary", List.of(new Section.Point(1_800_000_000, 10, "step 1"),
                                new Section.Point(1_800_000_060, Double.NaN, null), new Section.Point(1_800_000_120, 50, null),
                                new Section.Point(1_800_000_180, 100, null))),
                        new Section.Series("stable", List.of(new Section.Point(1_800_000_000, 90, null),
                                new Section.Point(1_800_000_180, 0, null))))))
                .check(new Check("modules", "sale", Verdict.PASS, "upgrade 17.0.1.0 -> 17.0.1.1"))
                .check(new Check("modules", "sale_stock", Verdict.FAIL, "downgrade"))
                .build();
    }
}
