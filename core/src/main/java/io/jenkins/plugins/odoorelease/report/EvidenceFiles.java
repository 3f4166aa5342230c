package io.jenkins.plugins.odoorelease.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Keeps an evidence bundle in a folder as {@value #JSON} and {@value #HTML}, so that several CLI runs of one CI
 * pipeline add their reports to the same bundle. Each file is replaced atomically where the file system allows,
 * so a reader never sees half a bundle.
 */
public final class EvidenceFiles {

    public static final String JSON = "evidence.json";
    public static final String HTML = "evidence.html";

    private EvidenceFiles() {
    }

    /**
     * Reads the bundle in {@code folder}, or returns an empty one for {@code run} when the folder has none.
     *
     * @throws IOException when the existing file cannot be read or is not an evidence bundle of this schema
     */
    public static EvidenceBundle read(Path folder, EvidenceBundle.RunInfo run, Instant now) throws IOException {
        Path json = folder.resolve(JSON);
        if (!Files.exists(json)) {
            return EvidenceBundle.of(run, now, java.util.List.of());
        }
        EvidenceBundle bundle;
        try (InputStream in = Files.newInputStream(json)) {
            bundle = ReportJson.readBundle(in);
        }
        if (!EvidenceBundle.SCHEMA.equals(bundle.schema())) {
            throw new IOException(json + " has schema '" + bundle.schema() + "', but this version reads '"
                    + EvidenceBundle.SCHEMA + "'; write the evidence to a new folder");
        }
        return bundle;
    }

    /** Adds a report to the bundle in {@code folder}, creating the folder and the bundle if needed. */
    public static EvidenceBundle append(Path folder, StepReport report, EvidenceBundle.RunInfo run, Instant now) throws IOException {
        Files.createDirectories(folder);
        EvidenceBundle bundle = read(folder, run, now).with(report, now);
        write(folder, bundle);
        return bundle;
    }

    public static void write(Path folder, EvidenceBundle bundle) throws IOException {
        Files.createDirectories(folder);
        replace(folder.resolve(JSON), ReportJson.toJson(bundle));
        replace(folder.resolve(HTML), HtmlRenderer.renderPage(bundle));
    }

    private static void replace(Path target, String content) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
