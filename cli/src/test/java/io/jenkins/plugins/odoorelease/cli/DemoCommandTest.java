package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stops a demo running in a child JVM, as Ctrl-C or a CI server's cancel does, and checks what it leaves. */
class DemoCommandTest {

    @TempDir
    Path folder;

    @Test
    void outputThatIsFileRejectedFirst() throws Exception {
        Path file = Files.writeString(folder.resolve("notes.txt"), "not a folder\n");

        CliRunner result = CliRunner.run("demo", "--output", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--output", "is a file").doesNotContain("Starting an embedded PostgreSQL");
    }

    @Test
    void keptServersRunTheReleaseFile() throws Exception {
        io.jenkins.plugins.odoorelease.testing.SystemBinaries.require("pg_dump", "postgresql-client");
        Path temporary = Files.createDirectories(folder.resolve("tmp"));
        Path demo = folder.resolve("demo");
        Path log = folder.resolve("child.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"), OdooReleaseCli.class.getName(), "demo",
                "--output", demo.toString(), "--keep-servers");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("The servers keep running") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).contains("Demo verdict: WARN", "The servers keep running until Ctrl-C");
            Path envFile = demo.resolve(DemoCommand.ENV_FILE);
            assertThat(Files.getPosixFilePermissions(envFile)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            java.util.Map<String, String> env = new java.util.HashMap<>();
            for (String line : Files.readAllLines(envFile)) {
                if (line.startsWith("export ")) {
                    String assignment = line.substring("export ".length());
                    int equals = assignment.indexOf('=');
                    env.put(assignment.substring(0, equals), assignment.substring(equals + 2, assignment.length() - 1));
                }
            }

            CliRunner release = CliRunner.run(env, "--config", demo.resolve("odoo-release.yaml").toString(), "release", "--config",
                    demo.resolve("release.yaml").toString(), "--evidence", folder.resolve("second").toString());

            assertThat(release.exitCode()).as(release.err()).isZero();
            assertThat(release.out()).contains("odooBackup: PASS", "odooBackupVerify: PASS", "Release verdict: WARN");

            new ProcessBuilder("kill", "-TERM", String.valueOf(child.pid())).start().waitFor();
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            assertThat(envFile).doesNotExist();
            assertThat(Files.readString(log)).contains("Stopped the embedded servers and deleted their data.");
            try (Stream<Path> left = Files.list(temporary)) {
                assertThat(left.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("odoo-release-demo-pg")))
                        .isEmpty();
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Starting an embedded PostgreSQL", "Release step: image build."})
    void sigtermStopsServersAndDeletesData(String stopAt) throws Exception {
        io.jenkins.plugins.odoorelease.testing.SystemBinaries.require("pg_dump", "postgresql-client");
        Path temporary = Files.createDirectories(folder.resolve("tmp"));
        Path log = folder.resolve("child.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary, "-cp", System.getProperty("java.class.path"), OdooReleaseCli.class.getName(), "demo",
                "--output", folder.resolve("demo").toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains(stopAt) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(log)).as("the demo never reached '%s'", stopAt).contains(stopAt);

            new ProcessBuilder("kill", "-TERM", String.valueOf(child.pid())).start().waitFor();
            boolean exited = child.waitFor(120, TimeUnit.SECONDS);

            String output = Files.readString(log);
            assertThat(exited).as(output).isTrue();
            assertThat(output).contains("Stop requested; stopping the demo", "Stopped the embedded servers and deleted their data.")
                    .doesNotContain("cannot connect to PostgreSQL", "Could not clean up directory");
            try (Stream<Path> left = Files.list(temporary)) {
                assertThat(left.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("odoo-release-demo-pg")))
                        .as(output).isEmpty();
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
