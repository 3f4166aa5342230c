package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.migrate.MigrateCheck;
import io.jenkins.plugins.odoorelease.migrate.MigrateRequest;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odoo-release migrate-check}: the {@code odooMigrateCheck} step from the command line. */
@Command(name = "migrate-check",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = "Compares the addons to deploy with the target database and plans the update: modules to upgrade and "
                + "install, migration scripts in Odoo's order, blockers, large tables and the database's state. Only reads the "
                + "database. The password comes from $" + MigrateCheckCommand.PASSWORD_ENV + " (or $PGPASSWORD) or from "
                + "--database-password-file, never from an option. Exits 1 when the plan has blockers.")
final class MigrateCheckCommand extends StepCommand {

    /** The environment variable with the database password. */
    static final String PASSWORD_ENV = "ODOO_RELEASE_DB_PASSWORD";
    /** The environment variable with the database user, used when --database-user is not given. */
    static final String USER_ENV = "ODOO_RELEASE_DB_USER";

    @Option(names = "--addons", paramLabel = "DIR", required = true, description = "An addons path, a folder that contains modules; "
            + "repeatable, or several separated by commas as in Odoo's addons_path. Give Odoo's own addons too, so that installed "
            + "modules missing from the release are found.")
    List<String> addons = new ArrayList<>();

    @Option(names = "--database-url", paramLabel = "URL", required = true, description = "The database, as "
            + "jdbc:postgresql://HOST:PORT/DATABASE.")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "NAME", description = "The database user. Default: $" + USER_ENV + ", else "
            + "$PGUSER, else the operating-system user.")
    String databaseUser;

    @Option(names = "--database-password-file", paramLabel = "FILE", description = "A file that contains the database password "
            + "(one line; keep it readable by you only). Default: $" + PASSWORD_ENV + ", else $PGPASSWORD.")
    Path passwordFile;

    /** Present only to reject a password on the command line with the fix; the value is never used or shown. */
    @Option(names = "--database-password", arity = "0..1", hidden = true)
    String rejectedPassword;

    @Option(names = "--series", paramLabel = "SERIES", description = "The Odoo series of the addons, such as 17.0. Default: the series "
            + "of the database's base module.")
    String series;

    @Option(names = "--install", paramLabel = "MODULE", description = "A module to install; repeatable, or several separated by commas.")
    List<String> install = new ArrayList<>();

    @Option(names = "--upgrade-path", paramLabel = "DIR", description = "A folder of Odoo's --upgrade-path with <module>/<version>/ "
            + "migration scripts; repeatable.")
    List<String> upgradePaths = new ArrayList<>();

    @Option(names = "--large-table-rows", paramLabel = "ROWS", description = "Warn about a table the update touches from this "
            + "estimated row count on. Default: 1000000.")
    String largeTableRows;

    @Option(names = "--long-transaction", paramLabel = "DURATION", description = "Warn about transactions open longer than this, "
            + "such as 5m. Default: 5m.")
    String longTransaction;

    @Option(names = "--connection-usage", paramLabel = "PERCENT", description = "Warn when this share of the usable connections is "
            + "in use. Default: 80.")
    String connectionUsage;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", description = "statement_timeout of the check's own queries. "
            + "Default: 30s.")
    String statementTimeout;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "lock_timeout of the check's own queries, so that it "
            + "never waits long behind a lock. Default: 2s.")
    String lockTimeout;

    @Option(names = "--no-checksums", description = "Do not compare click-odoo-update's stored checksums with the addons.")
    boolean noChecksums;

    @Override
    StepReport run(EventSink events) throws InvalidInputException, InfrastructureException {
        if (rejectedPassword != null) {
            throw new InvalidInputException(Problem.of("--database-password", null, "a password on the command line shows in the "
                    + "process list and the shell history, so it is not accepted; set $" + PASSWORD_ENV + " or use "
                    + "--database-password-file"));
        }
        Map<String, String> env = parent.env();
        MigrateRequest request = MigrateRequest.builder()
                .addons(addons)
                .databaseUrl(databaseUrl)
                .databaseUser(databaseUser != null ? databaseUser : firstSet(env, USER_ENV, "PGUSER"))
                .databasePassword(password(env, events))
                .series(series)
                .install(install)
                .upgradePaths(upgradePaths)
                .largeTableRows(largeTableRows)
                .longTransaction(longTransaction)
                .connectionUsage(connectionUsage)
                .statementTimeout(statementTimeout)
                .lockTimeout(lockTimeout)
                .checksums(!noChecksums)
                .failOn(failOn)
                .build();
        StepReport report = new MigrateCheck(Clock.systemUTC()).run(request, events);
        if (!outputs.usesStdout()) {
            printPlan(report, parent.out());
        }
        return report;
    }

    @Override
    Map<String, String> renamedParameters() {
        return Map.of("database", "--database-url", "upgradePaths", "--upgrade-path", "databasePassword", PASSWORD_ENV);
    }

    private SecretValue password(Map<String, String> env, EventSink events) throws InvalidInputException {
        if (passwordFile == null) {
            return SecretValue.ofNullable(firstSet(env, PASSWORD_ENV, "PGPASSWORD"));
        }
        try {
            warnIfOthersCanRead(passwordFile, events);
            String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
            // One line: the line break that editors add at the end is not part of the password.
            String password = content;
            if (password.endsWith("\n")) {
                password = password.substring(0, password.length() - 1);
            }
            if (password.endsWith("\r")) {
                password = password.substring(0, password.length() - 1);
            }
            if (password.isEmpty()) {
                throw InvalidInputException.forValue("--database-password-file", passwordFile.toString(), "the file is empty; write the "
                        + "password into it");
            }
            return SecretValue.of(password);
        } catch (IOException e) {
            throw InvalidInputException.forValue("--database-password-file", passwordFile.toString(), "cannot read the file ("
                    + e.getClass().getSimpleName() + "); check the path and its permissions");
        }
    }

    private static void warnIfOthersCanRead(Path file, EventSink events) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                events.warning("The password file " + file + " is readable by other users; restrict it with chmod 600.");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system or no access to the attributes: nothing to warn about.
        }
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** Prints the plan for people: module changes, scripts in order, and whether a canary is safe. */
    @SuppressWarnings("unchecked")
    static void printPlan(StepReport report, PrintStream out) {
        Map<String, Object> result = report.result();
        out.println("Plan for Odoo " + result.get("series") + ":");
        List<Map<String, Object>> modules = (List<Map<String, Object>>) result.get("modules");
        if (modules.isEmpty()) {
            out.println("  no module changes");
        }
        for (Map<String, Object> module : modules) {
            String versions = module.get("installedVersion") == null ? dash(module.get("version"))
                    : module.get("installedVersion") + " -> " + dash(module.get("version"));
            out.println("  " + module.get("action") + " " + module.get("name") + " " + versions + " (" + module.get("reason") + ")");
        }
        List<Map<String, Object>> scripts = (List<Map<String, Object>>) result.get("scripts");
        out.println("Migration scripts, in the order Odoo runs them: " + (scripts.isEmpty() ? "none" : scripts.size()));
        int position = 1;
        for (Map<String, Object> script : scripts) {
            out.println("  " + position++ + ". " + script.get("module") + " " + script.get("stage") + " " + script.get("path"));
        }
        boolean canarySafe = Boolean.TRUE.equals(result.get("canarySafe"));
        out.println("Canary safe: " + (canarySafe ? "yes" : "no, the update " + String.join("; ", (List<String>) result.get("canaryReasons"))));
        out.println();
    }

    /** Returns the value as text, or "-" for a version the plan does not know. */
    private static String dash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
