package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.backup.VerifyLevels.Level;
import io.jenkins.plugins.odoorelease.common.Text;
import io.jenkins.plugins.odoorelease.report.Finding;
import io.jenkins.plugins.odoorelease.report.Severity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that a restored database is a working Odoo database: the key tables exist, the installed modules are those
 * {@code manifest.json} lists with the same versions, no module is half-way through an install, upgrade or removal,
 * and the row counts recorded at backup time match.
 */
final class OdooConsistency {

    /** Module states that mean an operation was interrupted, so Odoo would try to finish it on the next start. */
    static final List<String> STUCK_STATES = List.of("to install", "to upgrade", "to remove");

    private OdooConsistency() {
    }

    /**
     * Runs the checks and adds their findings to the consistency level.
     *
     * @param manifest the Odoo manifest of the backup, or {@code null} when it has none
     * @param rowCounts the counts recorded at backup time; empty when none were recorded
     */
    static void check(Connection connection, OdooManifest manifest, Map<String, Long> rowCounts, VerifyLevels levels) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : OdooTables.REQUIRED) {
            if (!OdooTables.exists(connection, table)) {
                missing.add(table);
            }
        }
        for (String table : missing) {
            levels.add(Level.CONSISTENCY, VerifyFindings.VERIFY_TABLE_MISSING, Severity.ERROR, table, "The restored database has no "
                    + table + " table, which every Odoo database has; the backup is not of an Odoo database or is incomplete.");
        }
        if (missing.contains("ir_module_module")) {
            levels.summary(Level.CONSISTENCY, "not an Odoo database");
            return;
        }
        Map<String, String> installed = new TreeMap<>();
        Map<String, String> stuck = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name, state, latest_version FROM ir_module_module ORDER BY name")) {
            while (rows.next()) {
                String state = rows.getString(2);
                if ("installed".equals(state)) {
                    installed.put(rows.getString(1), rows.getString(3));
                } else if (STUCK_STATES.contains(state)) {
                    stuck.put(rows.getString(1), state);
                }
            }
        }
        stuck.forEach((module, state) -> levels.add(Level.CONSISTENCY, VerifyFindings.VERIFY_MODULE_STUCK, Severity.ERROR, module,
                "The module " + module + " is in the state '" + state + "', so an install, upgrade or removal was interrupted before "
                        + "the backup; Odoo would run it on the next start. Finish or cancel it on the source database and take a new backup."));
        if (manifest != null) {
            compareModules(manifest.modules(), installed, levels);
        }
        int differing = compareCounts(connection, rowCounts, levels);
        levels.summary(Level.CONSISTENCY, Text.count(installed.size(), "module", "modules") + " installed"
                + (manifest == null ? " (no manifest to compare with)" : "") + ", " + Text.count(rowCounts.size() - differing, "row count", "row counts")
                + " matching");
    }

    private static void compareModules(Map<String, String> expected, Map<String, String> installed, VerifyLevels levels) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> module : expected.entrySet()) {
            String actual = installed.get(module.getKey());
            if (actual == null) {
                problems.add(module.getKey() + " is listed at " + module.getValue() + " but not installed");
            } else if (!actual.equals(module.getValue())) {
                problems.add(module.getKey() + " is at " + actual + " instead of " + module.getValue());
            }
        }
        for (String module : installed.keySet()) {
            if (!expected.containsKey(module)) {
                problems.add(module + " is installed but not listed");
            }
        }
        if (!problems.isEmpty()) {
            levels.add(Level.CONSISTENCY, new Finding(VerifyFindings.VERIFY_MODULES_DIFFER.code(), Severity.ERROR, "ir_module_module",
                    "The installed modules differ from manifest.json: " + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                            + (problems.size() > 10 ? "; ..." : "") + ". The dump and the manifest do not describe the same database.",
                    Map.of("differences", problems.size())));
        }
    }

    private static int compareCounts(Connection connection, Map<String, Long> rowCounts, VerifyLevels levels) throws SQLException {
        int differing = 0;
        for (Map.Entry<String, Long> recorded : rowCounts.entrySet()) {
            String table = recorded.getKey();
            if (!table.matches("[a-z_][a-z0-9_]*")) {
                continue;
            }
            if (!OdooTables.exists(connection, table)) {
                differing++;
                levels.add(Level.CONSISTENCY, VerifyFindings.VERIFY_ROW_COUNT_DIFFERS, Severity.ERROR, table, "The table " + table
                        + " had " + recorded.getValue() + " rows at backup time but is missing after the restore.");
                continue;
            }
            long actual = OdooTables.count(connection, table);
            if (actual != recorded.getValue()) {
                differing++;
                levels.add(Level.CONSISTENCY, VerifyFindings.VERIFY_ROW_COUNT_DIFFERS, Severity.ERROR, table, "The table " + table
                        + " has " + actual + " rows after the restore but had " + recorded.getValue() + " at backup time.");
            }
        }
        return differing;
    }
}
