package io.jenkins.plugins.odoorelease.cli;

import io.jenkins.plugins.odoorelease.release.Demo;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code odoo-release demo}: every delivered step on embedded defaults, with nothing to install. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs every delivered step on embedded defaults and writes an evidence bundle. Needs nothing but a JDK.")
final class DemoCommand implements Callable<Integer> {

    /** The file, in the output folder, that --keep-servers writes the release's variables to. */
    static final String ENV_FILE = "demo.env";

    @ParentCommand
    OdooReleaseCommand parent;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "odoo-release-demo",
            description = "Where the demo writes its sample calendar and evidence bundle. Default: ./odoo-release-demo.")
    Path output;

    @Option(names = "--keep-servers", description = "Keep the embedded servers running after the demo, until Ctrl-C, and write "
            + "the variables its release.yaml needs to DIR/" + ENV_FILE + ", so that 'odoo-release release' can run against them.")
    boolean keepServers;

    @Override
    public Integer call() throws Exception {
        // A bad output folder is found before any server starts.
        ReportOptions.createFolder("--output", output);
        Demo demo = new Demo(Clock.systemUTC(), EmbeddedBackupSandbox::new);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean summaryPrinted = new AtomicBoolean();
        Demo.Outcome outcome;
        try (AbortOnShutdown hook = new AbortOnShutdown(() -> {
            demo.abort();
            stop.countDown();
        }, "Stop requested; stopping the demo and its embedded servers before exiting.", "The demo did not stop within "
                + AbortOnShutdown.ROLLBACK_WAIT_MINUTES + " min; delete the folders odoo-release-demo-pg* in the temporary "
                + "folder by hand.", parent.events())) {
            // The hook, when a stop came, waits until the summary below is printed.
            outcome = demo.run(output, parent.events(), (result, secrets) -> {
                if (keepServers) {
                    printSummary(result);
                    summaryPrinted.set(true);
                    holdServers(secrets, stop);
                }
            });
        }
        if (!summaryPrinted.get()) {
            printSummary(outcome);
        }
        return outcome.bundle().verdict() == Verdict.FAIL ? ExitCodes.VERDICT_FAILED : ExitCodes.PASS;
    }

    private void printSummary(Demo.Outcome outcome) {
        PrintStream out = parent.out();
        out.println();
        for (StepReport report : outcome.bundle().reports()) {
            StepCommand.printSummary(report, out);
        }
        out.println();
        out.println("Demo verdict: " + outcome.bundle().verdict());
        out.println("Evidence bundle: " + outcome.evidenceFolder().resolve(EvidenceFiles.HTML).toAbsolutePath());
    }

    /**
     * Writes the secrets of the demo's release.yaml to a file only the user can read, prints how to run the release
     * against the servers, and waits for Ctrl-C. The secrets are one-time values of servers on 127.0.0.1.
     */
    private void holdServers(Map<String, String> secrets, CountDownLatch stop) throws IOException, InterruptedException {
        Path envFile = output.resolve(ENV_FILE).toAbsolutePath();
        Files.deleteIfExists(envFile);
        if (envFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(envFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(envFile);
        }
        StringBuilder lines = new StringBuilder("# The one-time secrets of the servers that 'odoo-release demo --keep-servers' runs.\n");
        secrets.forEach((name, value) -> lines.append("export ").append(name).append("='").append(value.replace("'", "'\\''"))
                .append("'\n"));
        Files.writeString(envFile, lines, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Path folder = output.toAbsolutePath();
        PrintStream out = parent.out();
        out.println();
        out.println("The servers keep running until Ctrl-C. To run the demo's release against them from another shell:");
        out.println("  . " + quoted(envFile));
        out.println("  java -jar odoo-release.jar --config " + quoted(folder.resolve("odoo-release.yaml")) + " release --config "
                + quoted(folder.resolve("release.yaml")));
        out.flush();
        stop.await();
        Files.deleteIfExists(envFile);
    }

    /** Quotes a path for a POSIX shell, so that a folder with spaces still works when the line is copied. */
    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
