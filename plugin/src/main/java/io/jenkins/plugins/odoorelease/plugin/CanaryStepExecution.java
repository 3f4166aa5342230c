package io.jenkins.plugins.odoorelease.plugin;

import hudson.FilePath;
import hudson.init.Terminator;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.odoorelease.canary.CanaryRequest;
import io.jenkins.plugins.odoorelease.canary.CanaryRollout;
import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import io.jenkins.plugins.odoorelease.common.Sleeper;
import io.jenkins.plugins.odoorelease.report.StepReport;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The durable execution of {@code odooCanary}. The rollout runs on a thread of its own, which first reads the
 * repository calendars from the workspace and saves their text with the execution. The execution keeps only the
 * step's parameters, the run id and that text, because those survive a controller restart. After a
 * restart {@link #onResume()} starts the engine again with the same run id, and the engine continues the rollout from
 * the state annotated on the cluster, or returns the recorded outcome when the rollout ended before the shutdown.
 * {@link #stop(Throwable)} aborts the engine, which rolls back before the step fails with the stop's cause.
 */
final class CanaryStepExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    /** How long the rollout's thread waits for Jenkins to save the calendars' text before it starts the engine. */
    private static final long SAVE_TIMEOUT_SECONDS = 60;

    /** Rollouts run for minutes to hours, so they get threads of their own rather than a shared timer's. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            new NamingThreadFactory(new DaemonThreadFactory(), "odooCanary"));

    /** The engines running in this JVM, so that a controller shutdown can detach them. */
    private static final Set<CanaryRollout> LIVE = ConcurrentHashMap.newKeySet();

    private final CanaryStep step;
    private final String runId;
    /** The repository calendars' text by path, or {@code null} until the rollout's thread has read and saved it. */
    private volatile LinkedHashMap<String, String> repositoryCalendars;
    private transient volatile CanaryRollout rollout;
    private transient volatile Throwable stopCause;
    private transient volatile boolean running;

    CanaryStepExecution(CanaryStep step, StepContext context, String runId) {
        super(context);
        this.step = step;
        this.runId = runId;
    }

    @Override
    public boolean start() {
        launch(false);
        return false;
    }

    @Override
    public void onResume() {
        launch(true);
    }

    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        CanaryRollout current = rollout;
        if (current != null) {
            current.abort();
        } else if (!running) {
            getContext().onFailure(cause);
        }
    }

    @Override
    public String getStatus() {
        return running ? "rolling out " + step.getImage() + " to " + step.getNamespace() + "/" + step.getDeployment() + " (run "
                + runId + ")" : null;
    }

    /**
     * Detaches every running rollout when the controller shuts down: each stops at its next wait without rolling back,
     * and its build continues the rollout after the restart in {@link #onResume()}.
     */
    @Terminator
    public static void detachAll() {
        LIVE.forEach(CanaryRollout::detach);
    }

    private void launch(boolean resumed) {
        running = true;
        THREADS.submit(() -> {
            try {
                Object result = roll(resumed);
                if (result == DETACHED) {
                    return;
                }
                Throwable cause = stopCause;
                if (cause != null) {
                    getContext().onFailure(cause);
                } else {
                    getContext().onSuccess(result);
                }
            } catch (InvalidInputException e) {
                getContext().onFailure(StepRuns.abort(CanaryStep.DescriptorImpl.FUNCTION_NAME, e));
            } catch (Throwable t) {
                getContext().onFailure(t);
            } finally {
                running = false;
                rollout = null;
            }
        });
    }

    private Object roll(boolean resumed) throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        if (resumed) {
            listener.getLogger().println("Resuming odooCanary after a restart; reading the rollout's state from the cluster.");
        }
        if (repositoryCalendars == null) {
            // The engine starts only after the text is saved, so a build resumed without it never touched the cluster.
            repositoryCalendars = step.readRepositoryCalendars(getContext().get(FilePath.class));
            getContext().saveState().get(SAVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        CanaryRequest request = step.request(run, runId, repositoryCalendars);
        CanaryRollout engine = new CanaryRollout(Clock.systemUTC(), Sleeper.SYSTEM);
        rollout = engine;
        LIVE.add(engine);
        try {
            if (stopCause != null) {
                engine.abort();
            }
            StepReport report = engine.run(request, new TaskListenerEvents(listener));
            // A detach that came during a rollback or a promotion let it finish, so the step completes with the report.
            // Should the shutdown lose that completion, the resumed build reads the run's end from the cluster.
            if (engine.detached()) {
                listener.getLogger().println("odooCanary detached for a controller shutdown; it continues after the restart.");
                return DETACHED;
            }
            return StepRuns.finish(run, listener, report, request.failOn());
        } finally {
            LIVE.remove(engine);
        }
    }

    /** Marks a run that stopped for a controller shutdown, whose step must stay open for {@link #onResume()}. */
    private static final Object DETACHED = new Object();
}
