package io.jenkins.plugins.odoorelease.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.AddonsScanner;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.AddonTree;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's checks of the server state, with server values no test server has, such as PostgreSQL 11. */
class MigrateReportTest {

    private static final OdooSeries SERIES = new OdooSeries(17);

    @TempDir
    Path folder;

    private StepReport report(DatabaseInspector.ServerStatus server, List<DatabaseInspector.LongTransaction> transactions) throws Exception {
        AddonTree addons = AddonTree.at(folder.resolve("addons"));
        addons.module("base", "1.3", "", null);
        AddonsScan scan = new AddonsScanner(SERIES).scan(List.of(addons.root()));
        Map<String, DbModule> database = Map.of("base", new DbModule("base", ModuleState.INSTALLED, "17.0.1.3", false, List.of()));
        UpgradePlan plan = new UpgradePlanner(new UpgradePlanner.Input(SERIES, scan, database, List.of(), ChecksumComparison.none())).plan();
        MigrateRequest request = MigrateRequest.builder().addons(List.of(addons.root().toString())).databaseUrl("jdbc:postgresql://db/shop")
                .databaseUser("odoo").databasePassword(SecretValue.of("unused")).build();
        MigrateReport.Inputs inputs = new MigrateReport.Inputs(request, SERIES, SERIES, server, transactions, List.of(),
                ChecksumComparison.none(), plan, List.of());
        return new MigrateReport(inputs).build(Instant.parse("2027-01-04T10:00:00Z"), Instant.parse("2027-01-04T10:00:01Z"));
    }

    @Test
    void postgresBelowMinimumBlocks() throws Exception {
        StepReport report = report(new DatabaseInspector.ServerStatus(110022, "11.22", "shop", 100, 3, 5), List.of());

        assertThat(report.findings(MigrateFindings.POSTGRES_VERSION_UNSUPPORTED.code())).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.ERROR);
            assertThat(finding.message()).contains("PostgreSQL 11.22, older than 12, the minimum Odoo 17.0 supports");
        });
        assertThat(report.result()).containsEntry("postgresVersion", "11.22");
    }

    @Test
    void supportedPostgresPasses() throws Exception {
        StepReport report = report(new DatabaseInspector.ServerStatus(120000, "12.0", "shop", 100, 3, 5), List.of());

        assertThat(report.findings(MigrateFindings.POSTGRES_VERSION_UNSUPPORTED.code())).isEmpty();
        assertThat(report.findings()).isEmpty();
        assertThat(report.checks()).singleElement().satisfies(check -> assertThat(check.message()).isEqualTo("unchanged (at 17.0.1.3)"));
    }

    @Test
    void connectionsCountAgainstUsableSlots() throws Exception {
        StepReport report = report(new DatabaseInspector.ServerStatus(150004, "15.4", "shop", 100, 3, 78), List.of());

        assertThat(report.findings(MigrateFindings.POSTGRES_CONNECTIONS_HIGH.code())).singleElement().satisfies(finding ->
                assertThat(finding.message()).contains("78 of 97 usable connections are in use (80%, max_connections 100 minus 3 reserved)"));
    }

    @Test
    void longTransactionNamesSession() throws Exception {
        DatabaseInspector.LongTransaction transaction = new DatabaseInspector.LongTransaction(4242, "odoo", "odoo-bin", "idle in transaction",
                Duration.ofMinutes(42), null);

        StepReport report = report(new DatabaseInspector.ServerStatus(150004, "15.4", "shop", 100, 3, 5), List.of(transaction));

        assertThat(report.findings(MigrateFindings.POSTGRES_LONG_TRANSACTION.code())).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo("pid 4242");
            assertThat(finding.message()).contains("(user odoo, application 'odoo-bin', idle in transaction)", "open for 42 min");
        });
    }
}
