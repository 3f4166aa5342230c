package io.jenkins.plugins.odoorelease.plugin;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.report.ReportJson;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs an engine where the step runs: on the agent of the enclosing {@code node} block, so that the programs
 * ({@code pg_dump}, {@code pg_restore}), the folders (a filestore, the addons) and the traffic to the database and
 * the store are the agent's, or on the controller outside {@code node}. The backup steps and {@code odooMigrateCheck}
 * use it. Parameters travel as text and secrets as {@link Secret}s; the report comes back as its JSON text.
 */
abstract class EngineCall extends MasterToSlaveCallable<String, IOException> {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final HashMap<String, String> values;
    private final HashMap<String, Secret> secrets;
    private final TaskListener listener;

    EngineCall(String function, Map<String, String> values, Map<String, Secret> secrets, TaskListener listener) {
        this.function = function;
        this.values = new HashMap<>(values);
        this.secrets = new HashMap<>(secrets);
        this.listener = listener;
    }

    String value(String name) {
        return values.get(name);
    }

    SecretValue secret(String name) {
        Secret secret = secrets.get(name);
        return secret == null ? null : SecretValue.ofNullable(secret.getPlainText());
    }

    /** Runs the engine with the parameters. */
    abstract StepReport run(TaskListenerEvents events) throws InvalidInputException, InfrastructureException, InterruptedException;

    @Override
    public final String call() throws IOException {
        try {
            return ReportJson.toJson(run(new TaskListenerEvents(listener)));
        } catch (InvalidInputException e) {
            throw StepRuns.abort(function, e);
        } catch (InfrastructureException e) {
            // The cause may contain types that an agent cannot send back, so only its message and context travel.
            throw new IOException(function + ": " + e.getMessage() + (e.context().isEmpty() ? "" : " " + e.context()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortException(function + " was interrupted: " + e.getMessage());
        }
    }

    /** Parses the JSON a call returned. */
    static StepReport report(String json) throws IOException {
        return ReportJson.readReport(json);
    }
}
