package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.InfrastructureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a PostgreSQL client program with the connection in its environment, and streams its standard output to a
 * target or its standard input from a source. Standard error is kept (its last {@value #STDERR_LIMIT} bytes) for
 * the error message. An interrupt ends the child process.
 */
final class PgToolProcess {

    static final int STDERR_LIMIT = 16 * 1024;
    private static final int BUFFER = 256 * 1024;

    private PgToolProcess() {
    }

    /** The variables of the caller's environment that the child keeps: where programs are, and locale and time zone. */
    static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR");

    /**
     * Builds the child's environment: the connection's variables, and of the caller's only {@link #INHERITED} and the
     * {@code LC_*} locale variables. Inherited libpq variables (PGPASSWORD, PGSERVICE, PGOPTIONS ...) would override or
     * add to the target given. The rest, such as AWS_SECRET_ACCESS_KEY or ODOO_RELEASE_DB_PASSWORD, must not reach the
     * child.
     */
    static ProcessBuilder builder(List<String> command, Map<String, String> connection) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> !INHERITED.contains(name) && !name.startsWith("LC_"));
        builder.environment().putAll(connection);
        return builder;
    }

    /**
     * Runs the command and copies its standard output to {@code target}.
     *
     * @return the number of bytes copied
     * @throws InfrastructureException when the program exits with an error; the message contains its standard error
     */
    static long dumpTo(List<String> command, Map<String, String> connection, OutputStream target, EventSink events, String task)
            throws IOException, InterruptedException, InfrastructureException {
        Process process = builder(command, connection).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        StderrCollector stderr = StderrCollector.start(process.getErrorStream());
        long copied = 0;
        try (InputStream out = process.getInputStream()) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = out.read(buffer)) >= 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while " + command.get(0) + " was running");
                }
                target.write(buffer, 0, read);
                copied += read;
                events.progress(task, copied, -1, EventSink.ProgressUnit.BYTES);
            }
            // An interrupt that stopped the program ends its output early, which must not pass for a complete dump.
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while " + command.get(0) + " was running");
            }
            finish(process, stderr, command);
            // The last line of progress shows the whole output, whatever the throttle let through before.
            events.progress(task, copied, copied, EventSink.ProgressUnit.BYTES);
            return copied;
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Runs the command with {@code source} on its standard input, for {@code pg_restore}.
     *
     * @throws InfrastructureException when the program exits with an error; the message contains its standard error
     */
    static void restoreFrom(List<String> command, Map<String, String> connection, InputStream source)
            throws IOException, InterruptedException, InfrastructureException {
        Process process = builder(command, connection).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StderrCollector stderr = StderrCollector.start(process.getErrorStream());
        try {
            try (OutputStream in = process.getOutputStream()) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = source.read(buffer)) >= 0) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while " + command.get(0) + " was running");
                    }
                    in.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // A broken pipe means the program stopped reading, usually after an error that its exit code reports.
                if (process.isAlive() || process.exitValue() == 0) {
                    throw e;
                }
            }
            finish(process, stderr, command);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void finish(Process process, StderrCollector stderr, List<String> command)
            throws InterruptedException, InfrastructureException {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            throw new InfrastructureException(command.get(0) + " did not exit within 10 minutes after its output ended");
        }
        stderr.join();
        if (process.exitValue() != 0) {
            throw new InfrastructureException(program(command) + " failed with exit code " + process.exitValue() + ": " + stderr.text());
        }
    }

    private static String program(List<String> command) {
        String path = command.get(0);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Reads a child's standard error on its own thread and keeps the end of it. */
    static final class StderrCollector extends Thread {

        private final InputStream stream;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        private StderrCollector(InputStream stream) {
            super("pg-tool-stderr");
            setDaemon(true);
            this.stream = stream;
        }

        static StderrCollector start(InputStream stream) {
            StderrCollector collector = new StderrCollector(stream);
            collector.start();
            return collector;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (InputStream in = stream) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    synchronized (kept) {
                        kept.write(buffer, 0, read);
                        if (kept.size() > 2 * STDERR_LIMIT) {
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, all.length - STDERR_LIMIT, STDERR_LIMIT);
                        }
                    }
                }
            } catch (IOException e) {
                // The process ended; what was read is kept.
            }
        }

        /** Returns the kept lines, trimmed, with at most the last {@value #STDERR_LIMIT} bytes. */
        String text() {
            synchronized (kept) {
                byte[] all = kept.toByteArray();
                int start = Math.max(0, all.length - STDERR_LIMIT);
                List<String> lines = new ArrayList<>(List.of(new String(all, start, all.length - start, StandardCharsets.UTF_8).trim().split("\n")));
                return String.join("; ", lines);
            }
        }
    }
}
