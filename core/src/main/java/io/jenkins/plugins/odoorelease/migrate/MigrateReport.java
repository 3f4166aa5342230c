package io.jenkins.plugins.odoorelease.migrate;

import io.jenkins.plugins.odoorelease.common.Durations;
import io.jenkins.plugins.odoorelease.common.Sizes;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.Action;
import io.jenkins.plugins.odoorelease.migrate.UpgradePlan.ModulePlan;
import io.jenkins.plugins.odoorelease.odoo.MigrationScripts;
import io.jenkins.plugins.odoorelease.odoo.OdooSeries;
import io.jenkins.plugins.odoorelease.report.Check;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Measurement;
import io.jenkins.plugins.odoorelease.report.Section;
import io.jenkins.plugins.odoorelease.report.Severity;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the plan and the database's state into the step's report: findings, the result map, one JUnit test case
 * per module, and sections listing modules, scripts, touched tables and auto_install decisions.
 */
final class MigrateReport {

    /** What the report is built from. */
    record Inputs(
            MigrateRequest request,
            OdooSeries series,
            OdooSeries databaseSeries,
            DatabaseInspector.ServerStatus server,
            List<DatabaseInspector.LongTransaction> transactions,
            List<DatabaseInspector.WaitingLock> locks,
            ChecksumComparison checksums,
            UpgradePlan plan,
            List<DatabaseInspector.ModelTable> tables) {
    }

    private final Inputs in;
    private final List<Finding> findings = new ArrayList<>();

    MigrateReport(Inputs inputs) {
        this.in = inputs;
    }

    StepReport build(Instant startedAt, Instant finishedAt) {
        databaseFindings();
        findings.addAll(in.plan().findings());
        tableFindings();
        StepReport.Builder report = StepReport.builder(MigrateCheck.STEP).startedAt(startedAt).finishedAt(finishedAt);
        parameters(report);
        report.findings(findings);
        result(report);
        report.title(title());
        report.section(databaseSection());
        report.section(modulesSection());
        report.section(scriptsSection());
        report.section(tablesSection());
        report.section(autoInstallSection());
        if (!in.transactions().isEmpty() || !in.locks().isEmpty()) {
            report.section(sessionsSection());
        }
        checks(report);
        measurements(report);
        return report.build();
    }

    // ---------------------------------------------------------------- findings

    private void finding(MigrateFindings code, Severity severity, String subject, String message, Map<String, Object> details) {
        findings.add(new Finding(code.code(), severity, subject, message, details));
    }

    private void databaseFindings() {
        OdooSeries series = in.series();
        if (in.databaseSeries() != null && !in.databaseSeries().equals(series)) {
            finding(MigrateFindings.DATABASE_SERIES_MISMATCH, Severity.ERROR, in.server().database(), "The database is at Odoo "
                    + in.databaseSeries().text() + " but the addons are checked for " + series.text() + ". Moving to another series is a "
                    + "major upgrade (OpenUpgrade or Odoo's upgrade service), which a module update does not do.", Map.of());
        }
        DatabaseInspector.ServerStatus server = in.server();
        int minimum = PostgresSupport.minimumMajor(series);
        if (server.major() < minimum) {
            finding(MigrateFindings.POSTGRES_VERSION_UNSUPPORTED, Severity.ERROR, "PostgreSQL " + server.version(), "The server runs "
                    + "PostgreSQL " + server.version() + ", older than " + minimum + ", the minimum Odoo " + series.text() + " supports "
                    + "according to its installation guide. Upgrade PostgreSQL before deploying.", Map.of());
        }
        int percent = Math.round(100f * server.connections() / server.usableConnections());
        if (percent >= in.request().connectionUsagePercent()) {
            finding(MigrateFindings.POSTGRES_CONNECTIONS_HIGH, Severity.WARNING, "max_connections", server.connections() + " of "
                    + server.usableConnections() + " usable connections are in use (" + percent + "%, max_connections "
                    + server.maxConnections() + " minus " + server.reservedConnections() + " reserved). The update and the new pods need "
                    + "connections of their own; free some or raise max_connections.", Map.of());
        }
        for (DatabaseInspector.LongTransaction transaction : in.transactions()) {
            finding(MigrateFindings.POSTGRES_LONG_TRANSACTION, Severity.WARNING, "pid " + transaction.pid(), "Session " + transaction.pid()
                    + " (user " + transaction.user() + ", application '" + transaction.application() + "', " + transaction.state() + ") has "
                    + "had a transaction open for " + Durations.format(transaction.age()) + ". It keeps its locks until it ends, so the "
                    + "update's schema changes would wait for it and block everyone behind them. End it, or wait, before updating.",
                    details("pid", transaction.pid(), "ageSeconds", transaction.age().toSeconds()));
        }
        for (DatabaseInspector.WaitingLock lock : in.locks()) {
            String blockers = lock.blockedBy().isEmpty() ? "" : ", blocked by session "
                    + lock.blockedBy().stream().map(String::valueOf).collect(Collectors.joining(", "));
            finding(MigrateFindings.POSTGRES_LOCK_WAITING, Severity.WARNING, "pid " + lock.pid(), "Session " + lock.pid() + " (user "
                    + lock.user() + ", application '" + lock.application() + "') has waited " + Durations.format(lock.waiting()) + " for a "
                    + lock.mode() + " on " + (lock.relation() == null ? lock.lockType() : "table " + lock.relation()) + blockers + ". The "
                    + "database is busy; an update now would queue behind the same locks.",
                    details("pid", lock.pid(), "blockedBy", lock.blockedBy()));
        }
    }

    private void tableFindings() {
        for (DatabaseInspector.ModelTable table : in.tables()) {
            String size = Sizes.format(table.bytes()) + (table.sizeEstimated() ? " estimated" : "");
            if (table.sizeEstimated()) {
                finding(MigrateFindings.TABLE_LOCKED, Severity.WARNING, table.table(), "Another session holds a lock on " + table.table()
                        + " that the size query would wait for longer than lock_timeout, so its size (" + size + ") comes from the "
                        + "planner statistics. The update would wait for that lock as well.", Map.of("table", table.table()));
            }
            if (table.rows() >= in.request().largeTableRows()) {
                finding(MigrateFindings.TABLE_LARGE, Severity.WARNING, table.table(), table.table() + " holds about " + rows(table.rows())
                        + " rows (" + size + ") and belongs to " + String.join(", ", table.models()) + ", which "
                        + String.join(", ", table.modules()) + " " + (table.modules().size() == 1 ? "defines or extends" : "define or extend")
                        + ". Adding columns or indexes there, or filling a new stored field, can take long and locks the table: plan a "
                        + "maintenance window, or run the update with a lock_timeout so that it fails fast instead of blocking the shop.",
                        details("table", table.table(), "rows", table.rows(), "bytes", table.bytes()));
            }
        }
    }

    private static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }

    private static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }

    // ---------------------------------------------------------------- parameters, result, title

    private void parameters(StepReport.Builder report) {
        MigrateRequest request = in.request();
        report.parameter("addons", request.addons().stream().map(Object::toString).toList())
                .parameter("databaseUrl", request.database().context().get("database"))
                .parameter("databaseUser", request.database().user())
                .parameter("series", request.series() == null ? in.series().text() + " (from the database)" : request.series().text())
                .parameter("install", request.install())
                .parameter("upgradePaths", request.upgradePaths().isEmpty() ? null : request.upgradePaths().stream().map(Object::toString).toList())
                .parameter("largeTableRows", request.largeTableRows())
                .parameter("longTransaction", Durations.formatCompact(request.longTransaction()))
                .parameter("connectionUsage", request.connectionUsagePercent() + "%")
                .parameter("statementTimeout", Durations.formatCompact(request.statementTimeout()))
                .parameter("lockTimeout", Durations.formatCompact(request.lockTimeout()))
                .parameter("checksums", request.checksums())
                .parameter("failOn", request.failOn().keyword());
    }

    private void result(StepReport.Builder report) {
        UpgradePlan plan = in.plan();
        report.result("upgrade", plan.upgrade())
                .result("install", plan.install())
                .result("scripts", plan.scripts().stream().map(MigrateReport::script).toList())
                .result("blockers", findingMaps(Severity.ERROR))
                .result("warnings", findingMaps(Severity.WARNING))
                .result("canarySafe", plan.canarySafe())
                .result("canaryReasons", plan.canaryReasons())
                .result("modules", changedModules())
                .result("remove", plan.remove())
                .result("updatedByChecksum", plan.updatedByChecksum())
                .result("largeTables", in.tables().stream().filter(t -> t.rows() >= in.request().largeTableRows()).map(MigrateReport::table).toList())
                .result("series", in.series().text())
                .result("postgresVersion", in.server().version());
    }

    /** Returns every module the update changes or that cannot load, in load order, as plain maps. */
    private List<Map<String, Object>> changedModules() {
        List<Map<String, Object>> modules = new ArrayList<>();
        for (ModulePlan module : orderedModules()) {
            if (module.action() == Action.UNCHANGED || module.action() == Action.NOT_INSTALLED || module.action() == Action.EXTERNAL) {
                continue;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", module.name());
            map.put("action", module.action().label());
            map.put("installedVersion", module.installedVersion());
            map.put("version", module.targetVersion());
            map.put("reason", module.reason());
            modules.add(map);
        }
        return modules;
    }

    private static Map<String, Object> script(MigrationScripts.Script script) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("module", script.module());
        map.put("stage", script.stage().keyword());
        map.put("version", script.version());
        map.put("path", script.relativePath());
        return map;
    }

    private static Map<String, Object> table(DatabaseInspector.ModelTable table) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("table", table.table());
        map.put("rows", table.rows());
        map.put("bytes", table.bytes());
        map.put("modules", List.copyOf(table.modules()));
        return map;
    }

    private List<Map<String, Object>> findingMaps(Severity severity) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Finding finding : findings) {
            if (finding.severity() == severity) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("code", finding.code());
                map.put("subject", finding.subject());
                map.put("message", finding.message());
                maps.add(map);
            }
        }
        return maps;
    }

    private String title() {
        UpgradePlan plan = in.plan();
        long blockers = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        List<String> parts = new ArrayList<>();
        addCount(parts, plan.upgrade().size(), "to upgrade");
        addCount(parts, plan.install().size(), "to install");
        addCount(parts, plan.remove().size(), "to remove");
        addCount(parts, plan.updatedByChecksum().size(), "to update (code changed)");
        String what = parts.isEmpty() ? "No module to upgrade or install" : String.join(", ", parts) + "; "
                + plan.scripts().size() + (plan.scripts().size() == 1 ? " migration script" : " migration scripts");
        return what + (blockers == 0 ? "" : "; " + blockers + (blockers == 1 ? " blocker" : " blockers"));
    }

    private static void addCount(List<String> parts, int count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }

    // ---------------------------------------------------------------- sections

    private Section databaseSection() {
        DatabaseInspector.ServerStatus server = in.server();
        UpgradePlan plan = in.plan();
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("Database", server.database() + (in.request().database().user() == null ? "" : " as " + in.request().database().user()));
        entries.put("Series", in.series().text() + (in.databaseSeries() == null ? "" : " (database at " + in.databaseSeries().text() + ")"));
        entries.put("PostgreSQL", server.version() + " (Odoo " + in.series().text() + " needs " + PostgresSupport.minimumMajor(in.series())
                + " or later)");
        entries.put("Connections", server.connections() + " of " + server.usableConnections() + " usable");
        entries.put("Long transactions", in.transactions().size() + " open longer than " + Durations.format(in.request().longTransaction()));
        entries.put("Waiting locks", String.valueOf(in.locks().size()));
        Map<Action, Long> counts = new java.util.EnumMap<>(Action.class);
        plan.modules().values().forEach(module -> counts.merge(module.action(), 1L, Long::sum));
        entries.put("Modules", counts.entrySet().stream().map(e -> e.getKey().label() + ": " + e.getValue()).collect(Collectors.joining(", ")));
        entries.put("Canary", plan.canarySafe() ? "safe: the update changes no module" : "not safe: the update " + String.join("; ", plan.canaryReasons()));
        ChecksumComparison checksums = in.checksums();
        entries.put("Checksums", !checksums.stored() ? "none stored (no click-odoo-update)" : checksums.changed().size() + " changed, "
                + checksums.notStored().size() + " not stored; patterns from " + checksums.patternSource()
                + (checksums.languages().isEmpty() ? "" : "; languages " + String.join(", ", checksums.languages())));
        return new Section.KeyValues("Database", entries);
    }

    private Section modulesSection() {
        List<List<String>> rows = new ArrayList<>();
        for (ModulePlan module : orderedModules()) {
            if (module.action() == Action.NOT_INSTALLED) {
                continue;
            }
            rows.add(List.of(module.name(), module.action().label(), module.state() == null ? "-" : module.state().value(),
                    dash(module.installedVersion()), dash(module.targetVersion()), module.reason(), String.valueOf(module.scripts().size())));
        }
        return new Section.Table("Modules", List.of("module", "action", "state", "installed", "manifest", "reason", "scripts"), rows);
    }

    /** Returns the modules in load order, then the ones that do not load, by name. */
    private List<ModulePlan> orderedModules() {
        Map<String, ModulePlan> remaining = new LinkedHashMap<>(in.plan().modules());
        List<ModulePlan> ordered = new ArrayList<>();
        for (String name : in.plan().loadOrder()) {
            ModulePlan module = remaining.remove(name);
            if (module != null) {
                ordered.add(module);
            }
        }
        ordered.addAll(remaining.values());
        return ordered;
    }

    private Section scriptsSection() {
        List<List<String>> rows = new ArrayList<>();
        int position = 1;
        for (MigrationScripts.Script script : in.plan().scripts()) {
            rows.add(List.of(String.valueOf(position++), script.module(), script.stage().keyword(), script.version(), script.relativePath()));
        }
        return new Section.Table("Migration scripts, in the order Odoo runs them", List.of("#", "module", "stage", "version", "path"), rows);
    }

    private Section tablesSection() {
        List<List<String>> rows = new ArrayList<>();
        for (DatabaseInspector.ModelTable table : in.tables()) {
            String note = table.rows() >= in.request().largeTableRows() ? "large" : "";
            if (table.sizeEstimated()) {
                note = note.isEmpty() ? "locked" : note + ", locked";
            }
            rows.add(List.of(table.table(), rows(table.rows()), Sizes.format(table.bytes()), String.join(", ", table.models()),
                    String.join(", ", table.modules()), note));
        }
        return new Section.Table("Tables of the models the update touches", List.of("table", "rows (estimated)", "total size", "models",
                "modules", "note"), rows);
    }

    private Section autoInstallSection() {
        List<List<String>> rows = new ArrayList<>();
        for (UpgradePlan.AutoInstallNote note : in.plan().autoInstall()) {
            rows.add(List.of(note.module(), note.installs() ? "yes" : "no", String.join(", ", note.triggers()), String.join(", ", note.missing()),
                    note.reason()));
        }
        return new Section.Table("auto_install modules", List.of("module", "installed", "triggers", "missing", "reason"), rows);
    }

    private Section sessionsSection() {
        List<List<String>> rows = new ArrayList<>();
        for (DatabaseInspector.LongTransaction transaction : in.transactions()) {
            rows.add(List.of(String.valueOf(transaction.pid()), dash(transaction.user()), dash(transaction.application()), dash(transaction.state()),
                    "transaction open " + Durations.format(transaction.age()), dash(transaction.waitEvent())));
        }
        for (DatabaseInspector.WaitingLock lock : in.locks()) {
            rows.add(List.of(String.valueOf(lock.pid()), dash(lock.user()), dash(lock.application()), "waiting",
                    lock.mode() + " on " + (lock.relation() == null ? lock.lockType() : lock.relation()) + " for " + Durations.format(lock.waiting()),
                    lock.blockedBy().isEmpty() ? "-" : "blocked by " + lock.blockedBy()));
        }
        return new Section.Table("Sessions that can block the update", List.of("pid", "user", "application", "state", "what", "detail"), rows);
    }

    private static String dash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }

    // ---------------------------------------------------------------- checks and measurements

    /** Adds one JUnit test case per module: failed when a finding about it is an error. */
    private void checks(StepReport.Builder report) {
        Map<String, Severity> worst = new HashMap<>();
        Map<String, List<String>> problems = new HashMap<>();
        for (Finding finding : findings) {
            if (finding.subject() == null || finding.severity() == Severity.INFO) {
                continue;
            }
            worst.merge(finding.subject(), finding.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            problems.computeIfAbsent(finding.subject(), key -> new ArrayList<>()).add(finding.code() + ": " + finding.message());
        }
        for (ModulePlan module : orderedModules()) {
            Severity severity = worst.get(module.name());
            Verdict verdict = severity == null ? Verdict.PASS : Verdict.of(severity);
            StringBuilder message = new StringBuilder(describe(module));
            problems.getOrDefault(module.name(), List.of()).forEach(problem -> message.append('\n').append(problem));
            report.check(new Check("modules", module.name(), verdict, message.toString()));
        }
    }

    private static String describe(ModulePlan module) {
        String text = switch (module.action()) {
            case UPGRADE -> "upgrade " + dash(module.installedVersion()) + " -> " + module.targetVersion();
            case INSTALL -> "install " + dash(module.targetVersion()) + " (" + module.reason() + ")";
            case DOWNGRADE -> "downgrade " + module.installedVersion() + " -> " + module.targetVersion();
            default -> module.action().label() + (module.reason().isEmpty() ? "" : " (" + module.reason() + ")");
        };
        if (!module.scripts().isEmpty()) {
            text += "; scripts: " + module.scripts().stream().map(MigrationScripts.Script::relativePath).collect(Collectors.joining(", "));
        }
        return text;
    }

    private void measurements(StepReport.Builder report) {
        DatabaseInspector.ServerStatus server = in.server();
        report.measurement(Measurement.of("postgresMajorVersion", server.major(), "version"));
        report.measurement(new Measurement("connections", null, server.connections(), "connections", null,
                (double) server.usableConnections(), null));
        report.measurement(Measurement.of("upgradeModules", in.plan().upgrade().size(), "modules"));
        report.measurement(Measurement.of("installModules", in.plan().install().size(), "modules"));
        report.measurement(Measurement.of("migrationScripts", in.plan().scripts().size(), "scripts"));
        for (DatabaseInspector.ModelTable table : in.tables()) {
            if (table.rows() >= in.request().largeTableRows()) {
                report.measurement(new Measurement("tableRows", table.table(), table.rows(), "rows", null,
                        (double) in.request().largeTableRows(), "failed"));
            }
        }
    }
}
