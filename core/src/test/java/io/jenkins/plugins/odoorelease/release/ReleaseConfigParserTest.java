package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseConfigParserTest {

    @TempDir
    Path folder;

    @Test
    void platformFileGivenInsteadNamed() throws Exception {
        Path file = Files.writeString(folder.resolve("odoo-release.yaml"), """
                freeze:
                  calendars: [calendars/retail.yaml]
                  overrideApprovers: [alice]
                image:
                  approvedRegistries: [registry.example.com]
                """);

        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, () -> ReleaseConfigParser.read(file, Map.of()));

        assertThat(error.problems()).singleElement().satisfies(problem -> assertThat(problem.describe())
                .contains("this is a platform file (odoo-release.yaml), not a release", "odoo-release --config odoo-release.yaml release"));
    }

    @Test
    void releaseWithoutReleaseSectionListsProblems() throws Exception {
        Path file = Files.writeString(folder.resolve("release.yaml"), """
                freeze:
                  calendars: [calendars/retail.yaml]
                """);

        InvalidInputException error = catchThrowableOfType(InvalidInputException.class, () -> ReleaseConfigParser.read(file, Map.of()));

        assertThat(error.getMessage()).contains("release: missing section").doesNotContain("platform file");
    }
}
