package io.jenkins.plugins.odoorelease.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
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

    @Test
    void streamingGuardAddsUpSmallEntries() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] zeros = new byte[(int) ArchiveStructure.RATIO_MIN_SIZE];
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 80; i++) {
                zip.putNextEntry(new ZipEntry("filestore/zz/zeros-" + i));
                zip.write(zeros);
                zip.closeEntry();
            }
        }
        HashingInputStream counted = new HashingInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        ZipArchiveInputStream zip = new ZipArchiveInputStream(counted, "UTF-8", true, true);

        ArchiveStructure.RatioExceededException thrown = null;
        long expanded = 0;
        int read = 0;
        try {
            for (ZipArchiveEntry entry = zip.getNextEntry(); entry != null; expanded += zip.getUncompressedCount(), entry = zip.getNextEntry()) {
                InputStream content = ArchiveStructure.ratioGuard(zip, entry.getName(), 200, expanded, counted::count);
                content.transferTo(java.io.OutputStream.nullOutputStream());
                read++;
            }
        } catch (ArchiveStructure.RatioExceededException e) {
            thrown = e;
        }

        assertThat(thrown).isNotNull();
        assertThat(thrown.entry).isEqualTo(ArchiveStructure.WHOLE_ARCHIVE);
        assertThat(read).isBetween(60, 70);
    }
}
