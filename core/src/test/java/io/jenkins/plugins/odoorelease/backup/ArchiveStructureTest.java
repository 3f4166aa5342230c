package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveStructureTest {

    @Test
    void sameNamesInOtherOrderMatch() {
        ArchiveStructure.NameMismatch mismatch = ArchiveStructure.compareNames(List.of("dump.sql", "manifest.json", "filestore/ab/x"),
                List.of("manifest.json", "filestore/ab/x", "dump.sql"));

        assertThat(mismatch.none()).isTrue();
    }

    @Test
    void renamedLocalEntryListedOnBothSides() {
        ArchiveStructure.NameMismatch mismatch = ArchiveStructure.compareNames(List.of("dump.sql", "manifest.json"),
                List.of("dump.sqX", "manifest.json"));

        assertThat(mismatch.centralOnly()).containsExactly("dump.sql");
        assertThat(mismatch.localOnly()).containsExactly("dump.sqX");
        assertThat(mismatch.describe()).isEqualTo("only in the central directory: dump.sql; only in the local headers: dump.sqX");
    }

    @Test
    void repeatedNamesCounted() {
        ArchiveStructure.NameMismatch extraLocal = ArchiveStructure.compareNames(List.of("dump.sql"), List.of("dump.sql", "dump.sql"));
        ArchiveStructure.NameMismatch extraCentral = ArchiveStructure.compareNames(List.of("dump.sql", "dump.sql"), List.of("dump.sql"));

        assertThat(extraLocal.localOnly()).containsExactly("dump.sql");
        assertThat(extraLocal.centralOnly()).isEmpty();
        assertThat(extraCentral.centralOnly()).containsExactly("dump.sql");
        assertThat(extraCentral.localOnly()).isEmpty();
    }
}
