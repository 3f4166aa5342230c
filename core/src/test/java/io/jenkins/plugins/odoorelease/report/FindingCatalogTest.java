package io.jenkins.plugins.odoorelease.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.backup.BackupFindings;
import io.jenkins.plugins.odoorelease.backup.VerifyFindings;
import io.jenkins.plugins.odoorelease.canary.CanaryFindings;
import io.jenkins.plugins.odoorelease.freeze.FreezeFindings;
import io.jenkins.plugins.odoorelease.image.ImageFindings;
import io.jenkins.plugins.odoorelease.migrate.MigrateFindings;
import io.jenkins.plugins.odoorelease.release.ReleaseFindings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keeps docs/findings.md and the code enums in step: every code is documented once, with the same meaning. */
class FindingCatalogTest {

    /** Every capability's finding codes; add a new capability's enum here. */
    static final List<Class<? extends Enum<? extends FindingCode>>> CATALOG = List.of(FreezeFindings.class, ImageFindings.class,
            MigrateFindings.class, BackupFindings.class, VerifyFindings.class, CanaryFindings.class, ReleaseFindings.class);

    private static List<FindingCode> allCodes() {
        List<FindingCode> codes = new ArrayList<>();
        for (Class<? extends Enum<? extends FindingCode>> type : CATALOG) {
            for (Enum<? extends FindingCode> constant : type.getEnumConstants()) {
                codes.add((FindingCode) constant);
            }
        }
        return codes;
    }

    @Test
    void everyCodeDocumentedWithItsSummary() throws Exception {
        String documentation = Files.readString(Path.of("..", "docs", "findings.md"));

        for (FindingCode code : allCodes()) {
            assertThat(documentation).as("docs/findings.md row for %s", code.code())
                    .containsPattern("\\| `" + code.code() + "` \\| [a-z]+ \\| " + java.util.regex.Pattern.quote(code.summary()) + " \\|");
        }
    }

    @Test
    void codesAreUniqueAndUpperSnakeCase() {
        Set<String> seen = new HashSet<>();

        for (FindingCode code : allCodes()) {
            assertThat(seen.add(code.code())).as("code %s is declared twice", code.code()).isTrue();
            assertThat(code.code()).matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");
        }
    }
}
