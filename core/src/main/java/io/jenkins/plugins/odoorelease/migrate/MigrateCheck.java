package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.odoo.AddonsScan;
import io.jenkins.plugins.odoorelease.odoo.AddonsScanner;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.pg.PasswordMissingException;
import io.jenkins.plugins.odoorelease.pg.PgConnections;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the addons to deploy with the target database and plans the update: which modules are upgraded and
 * installed, which migration scripts run in which order, what blocks the update, which large tables it touches and
 * whether the database is in a state to take it. It only reads the database, in a read-only transaction whose
 * {@code statement_timeout} and {@code lock_timeout} bound every wait. The result map holds {@code upgrade},
 * {@code install}, {@code scripts}, {@code blockers}, {@code warnings} and {@code canarySafe}.
 */
public final class MigrateCheck {

    /** The Pipeline step name, also the report's step name. */
    public static final String STEP = "odooMigrateCheck";

    private final Clock clock;

    public MigrateCheck(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs the check.
     *
     * @throws InvalidInputException when an addons path is wrong, the credentials are rejected, the database is not an
     *     Odoo database, or the series cannot be told
     * @throws InfrastructureException when the server cannot be reached or a query fails or times out
     */
    public StepReport run(MigrateRequest request, EventSink events) throws InvalidInputException, InfrastructureException {
        Instant startedAt = clock.instant();
        AddonsScan scan = request.series() == null ? null : scan(request, request.series(), events);
        events.info("Connecting to " + request.database() + " in a read-only transaction (statement_timeout "
                + Durations.format(request.statementTimeout()) + ", lock_timeout " + Durations.format(request.lockTimeout()) + ").");
        try (Connection connection = open(request)) {
            DatabaseInspector inspector = new DatabaseInspector(connection, request.database());
            Set<String> tables = inspector.odooTables();
            Map<String, DbModule> modules = inspector.modules();
            Optional<OdooSeries> databaseSeries = databaseSeries(modules);
            OdooSeries series = request.series() != null ? request.series() : databaseSeries.orElseThrow(() -> seriesUnknown(modules));
            long installed = modules.values().stream().filter(module -> module.state().loaded()).count();
            events.info("Read " + Text.count(modules.size(), "module", "modules") + " from ir_module_module, " + installed + " installed; "
                    + "the database is at " + databaseSeries.map(OdooSeries::text).orElse("an unknown series") + ".");
            if (scan == null) {
                scan = scan(request, series, events);
            }
            DatabaseInspector.ServerStatus server = inspector.server();
            List<DatabaseInspector.LongTransaction> transactions = inspector.longTransactions(request.longTransaction());
            List<DatabaseInspector.WaitingLock> locks = inspector.ungrantedLocks(server);
            ChecksumComparison checksums = checksums(request, inspector, tables, scan, modules, events);
            UpgradePlan plan = new UpgradePlanner(new UpgradePlanner.Input(series, scan, modules, request.install(), checksums)).plan();
            Set<String> touched = new LinkedHashSet<>(plan.upgrade());
            touched.addAll(plan.updatedByChecksum());
            List<DatabaseInspector.ModelTable> modelTables = tables.contains("ir_model_data") && tables.contains("ir_model")
                    ? inspector.tables(touched) : List.of();
            rollback(connection);
            events.info("Planned: " + Text.count(plan.upgrade().size(), "module", "modules") + " to upgrade, " + plan.install().size()
                    + " to install, " + Text.count(plan.scripts().size(), "migration script", "migration scripts") + ", "
                    + Text.count(modelTables.size(), "table", "tables") + " touched.");
            MigrateReport.Inputs inputs = new MigrateReport.Inputs(request, series, databaseSeries.orElse(null), server, transactions, locks,
                    checksums, plan, modelTables);
            StepReport report = new MigrateReport(inputs).build(startedAt, clock.instant());
            logOutcome(report, events);
            return report;
        } catch (SQLException e) {
            throw new InfrastructureException("cannot close the connection: " + e.getMessage(), request.database().context(), e);
        }
    }

    private static Connection open(MigrateRequest request) throws InvalidInputException, InfrastructureException {
        try {
            return PgConnections.openReadOnly(request.database(), request.statementTimeout(), request.lockTimeout());
        } catch (PasswordMissingException e) {
            throw new InvalidInputException(List.of(Problem.of("databasePassword", null, PasswordMissingException.describe(request.database())
                    + "; set $ODOO_RELEASE_DB_PASSWORD or --database-password-file with the CLI, or credentialsId in Jenkins")),
                    request.database().context(), e);
        }
    }

    private static AddonsScan scan(MigrateRequest request, OdooSeries series, EventSink events) throws InvalidInputException {
        AddonsScan scan = new AddonsScanner(series, request.upgradePaths()).scan(request.addons());
        events.info("Found " + Text.count(scan.addons().size(), "module", "modules") + " in "
                + Text.count(scan.addonsPaths().size(), "addons path", "addons paths") + " for Odoo " + series.text() + ".");
        return scan;
    }

    /** Returns the series of the database's {@code base} module, such as 17.0 for {@code 17.0.1.3}. */
    private static Optional<OdooSeries> databaseSeries(Map<String, DbModule> modules) {
        DbModule base = modules.get("base");
        return base == null ? Optional.empty() : OdooSeries.ofFullVersion(base.latestVersion());
    }

    private static InvalidInputException seriesUnknown(Map<String, DbModule> modules) {
        DbModule base = modules.get("base");
        String found = base == null ? "the database has no base module" : "base is at '" + base.latestVersion() + "'";
        return new InvalidInputException(Problem.of("series", null, "cannot tell the Odoo series from the database (" + found
                + "); pass the series, for example 17.0"));
    }

    private static ChecksumComparison checksums(MigrateRequest request, DatabaseInspector inspector, Set<String> tables, AddonsScan scan,
            Map<String, DbModule> modules, EventSink events) throws InfrastructureException {
        if (!request.checksums() || !tables.contains("ir_config_parameter")) {
            return ChecksumComparison.none();
        }
        Optional<String> stored = inspector.parameter(ChecksumComparison.INSTALLED_CHECKSUMS);
        if (stored.isEmpty()) {
            events.debug("No " + ChecksumComparison.INSTALLED_CHECKSUMS + " parameter; click-odoo-update has not stored checksums here.");
            return ChecksumComparison.none();
        }
        String patterns = inspector.parameter(ChecksumComparison.EXCLUDE_PATTERNS).orElse(null);
        DbModule oca = modules.get("module_auto_update");
        boolean ocaInstalled = oca != null && oca.state().loaded();
        List<String> languages = tables.contains("res_lang") ? inspector.activeLanguages() : List.of();
        ChecksumComparison comparison = ChecksumComparison.compare(stored.get(), patterns, ocaInstalled, languages, scan, modules);
        events.info("Compared the stored click-odoo-update checksums: " + comparison.changed().size() + " changed, "
                + comparison.notStored().size() + " not stored.");
        return comparison;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // A read-only transaction has nothing to undo; closing the connection ends it either way.
        }
    }

    private static void logOutcome(StepReport report, EventSink events) {
        Object blockers = report.result().get("blockers");
        int count = blockers instanceof List<?> list ? list.size() : 0;
        if (count > 0) {
            events.error(report.title() + ".");
        } else {
            events.info(report.title() + ".");
        }
    }
}
