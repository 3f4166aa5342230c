package io.jenkins.plugins.odoorelease.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacePathsTest {

    private static final String FIX = "give a path relative to the workspace";

    @TempDir
    Path folder;

    private Path workspace;
    private Path outside;

    @BeforeEach
    void workspaceAndOutside() throws Exception {
        workspace = Files.createDirectories(folder.resolve("jobs/shop,prod/workspace"));
        outside = Files.createDirectories(folder.resolve("jenkins_home"));
    }

    @Test
    void relativePathResolvedInside() throws Exception {
        Files.createDirectories(workspace.resolve("addons"));

        assertThat(WorkspacePaths.inside(workspace, "addons", "addons", FIX)).isEqualTo(workspace.resolve("addons"));
        assertThat(WorkspacePaths.inside(workspace, "out/new/image.tar", "tarFile", FIX)).isEqualTo(workspace.resolve("out/new/image.tar"));
        assertThat(WorkspacePaths.inside(workspace, ".", "addons", FIX)).isEqualTo(workspace);
    }

    @Test
    void parentAndAbsolutePathsRejected() {
        assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "../other", "addons", FIX))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.path()).isEqualTo("addons");
                        assertThat(problem.value()).isEqualTo("../other");
                        assertThat(problem.message()).isEqualTo("outside the workspace " + workspace + "; " + FIX);
                    });
                });
        assertThatThrownBy(() -> WorkspacePaths.inside(workspace, outside.toString(), "addons", FIX)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void newFileUnderLinkedFolderRejected() throws Exception {
        Files.createSymbolicLink(workspace.resolve("out"), outside);

        assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "out/x.tar", "tarFile", FIX)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "out/deeper/x.tar", "tarFile", FIX)).isInstanceOf(InvalidInputException.class);
        assertThat(outside.resolve("x.tar")).doesNotExist();
    }

    @Test
    void linkedFolderToRootRejected() throws Exception {
        Files.createSymbolicLink(workspace.resolve("link"), Path.of("/"));

        assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "link", "addons", FIX)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "link/etc", "addons", FIX)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void danglingLinkRejected() throws Exception {
        Files.createSymbolicLink(workspace.resolve("image.tar"), outside.resolve("not-yet.tar"));

        assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "image.tar", "tarFile", FIX)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void linkInsideWorkspaceAccepted() throws Exception {
        Files.createDirectories(workspace.resolve("src/addons"));
        Files.createSymbolicLink(workspace.resolve("addons"), workspace.resolve("src/addons"));

        assertThat(WorkspacePaths.inside(workspace, "addons", "addons", FIX)).isEqualTo(workspace.resolve("addons"));
        assertThat(WorkspacePaths.inside(workspace, "addons/new.tar", "tarFile", FIX)).isEqualTo(workspace.resolve("addons/new.tar"));
    }

    @Test
    void linkedWorkspaceAccepted() throws Exception {
        Files.createDirectories(workspace.resolve("addons"));
        Path linked = Files.createSymbolicLink(folder.resolve("ws-link"), workspace);

        assertThat(WorkspacePaths.inside(linked, "addons", "addons", FIX)).isEqualTo(linked.resolve("addons"));
    }
}
