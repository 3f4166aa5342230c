package io.jenkins.plugins.odoorelease.plugin;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Problem;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.migrate.MigrateCheck;
import io.jenkins.plugins.odoorelease.migrate.MigrateRequest;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs the migration check on the machine with the workspace, so that the addons are read where they were
 * checked out and the database is reached from that machine's network. The report travels back as JSON, because
 * the engine's types are not serializable.
 */
final class MigrateCheckCallable extends MasterToSlaveFileCallable<MigrateCheckCallable.Outcome> {

    private static final long serialVersionUID = 1L;

    /** The step's parameters as plain values; relative addons paths are resolved against the workspace. */
    record Parameters(List<String> addons, String databaseUrl, String databaseUser, String series, List<String> install,
            List<String> upgradePaths, String largeTableRows, String longTransaction, String connectionUsage, String statementTimeout,
            String lockTimeout, boolean checksums, String failOn) implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /**
     * The check's outcome: a report, the user's mistakes, or a fault. Every field is a string so that it
     * crosses the remoting channel.
     */
    static final class Outcome implements Serializable {

        private static final long serialVersionUID = 1L;

        final String reportJson;
        final ArrayList<String> problems;
        final String fault;

        private Outcome(String reportJson, List<String> problems, String fault) {
            this.reportJson = reportJson;
            this.problems = new ArrayList<>(problems);
            this.fault = fault;
        }

        StepReport report() throws IOException {
            return ReportJson.readReport(reportJson);
        }
    }

    private final Parameters parameters;
    /** The database password; it only crosses the remoting channel, which Jenkins encrypts, and is never logged. */
    private final String password;
    private final TaskListener listener;

    MigrateCheckCallable(Parameters parameters, SecretValue password, TaskListener listener) {
        this.parameters = parameters;
        this.password = password == null ? null : password.reveal();
        this.listener = listener;
    }

    @Override
    public Outcome invoke(File workspace, VirtualChannel channel) throws IOException {
        loadDriver();
        List<String> addons = new ArrayList<>();
        for (String path : parameters.addons()) {
            addons.add(resolve(workspace, path));
        }
        List<String> upgradePaths = new ArrayList<>();
        for (String path : parameters.upgradePaths()) {
            upgradePaths.add(resolve(workspace, path));
        }
        try {
            MigrateRequest request = MigrateRequest.builder()
                    .addons(addons)
                    .databaseUrl(parameters.databaseUrl())
                    .databaseUser(parameters.databaseUser())
                    .databasePassword(SecretValue.ofNullable(password))
                    .series(parameters.series())
                    .install(parameters.install())
                    .upgradePaths(upgradePaths)
                    .largeTableRows(parameters.largeTableRows())
                    .longTransaction(parameters.longTransaction())
                    .connectionUsage(parameters.connectionUsage())
                    .statementTimeout(parameters.statementTimeout())
                    .lockTimeout(parameters.lockTimeout())
                    .checksums(parameters.checksums())
                    .failOn(parameters.failOn())
                    .build();
            StepReport report = new MigrateCheck(Clock.systemUTC()).run(request, new TaskListenerEvents(listener));
            return new Outcome(ReportJson.toJson(report), List.of(), null);
        } catch (InvalidInputException e) {
            return new Outcome(null, e.problems().stream().map(Problem::describe).toList(), null);
        } catch (InfrastructureException e) {
            e.printStackTrace(listener.getLogger());
            return new Outcome(null, List.of(), e.getMessage() + (e.context().isEmpty() ? "" : " " + e.context()));
        }
    }

    /**
     * Loads pgjdbc's driver through this plugin's class loader, so that it registers with {@code DriverManager} on an
     * agent too, where the service loader of the agent's class path does not see the postgresql-api plugin.
     */
    private static void loadDriver() throws IOException {
        try {
            Class.forName("org.postgresql.Driver", true, MigrateCheckCallable.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("the PostgreSQL driver is missing; install the postgresql-api plugin", e);
        }
    }

    /** Resolves a path against the workspace unless it is absolute, such as Odoo's own addons in an agent image. */
    private static String resolve(File workspace, String path) {
        File file = new File(path);
        return (file.isAbsolute() ? file : new File(workspace, path)).toPath().normalize().toString();
    }
}
