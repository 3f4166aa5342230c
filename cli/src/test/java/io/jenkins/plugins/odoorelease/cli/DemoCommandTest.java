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
