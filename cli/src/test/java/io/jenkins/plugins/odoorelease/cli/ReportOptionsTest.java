package io.jenkins.plugins.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOptionsTest {

    @TempDir
    Path folder;

    @Test
    void createFolderMakesParents() throws Exception {
        Path nested = folder.resolve("a/b/evidence");

        ReportOptions.createFolder("--output", nested);

        assertThat(nested).isDirectory();
    }

    @Test
    void createFolderAcceptsExistingFolder() throws Exception {
        ReportOptions.createFolder("--output", folder);

        assertThat(folder).isDirectory();
    }

    @Test
    void createFolderRejectsFile() throws Exception {
        Path file = Files.writeString(folder.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> ReportOptions.createFolder("--output", file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--output: '" + file + "': not a folder: " + file + " is a file; give the path of a folder");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void createFolderRejectsPathBelowFile() throws Exception {
        Path file = Files.writeString(folder.resolve("notes.txt"), "keep me");
        Path below = file.resolve("evidence");

        assertThatThrownBy(() -> ReportOptions.createFolder("--output", below))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--output: '" + below + "': cannot create the folder (")
                .hasMessageEndingWith("); give a folder that you can write to");
    }
}
