package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Addons trees, events and layer readers shared by the image tests. */
final class ImageFixtures {

    /** A fixed commit time, as git log -1 --format=%cI prints it. */
    static final String REVISION_TIME = "2027-03-01T14:22:05+01:00";
    static final String REVISION = "3f9c2a1e5b7d4c6f8a9b0c1d2e3f4a5b6c7d8e9f";

    private ImageFixtures() {
    }

    /** Writes a module with a manifest, an {@code __init__.py} and a model file into {@code addonsPath}. */
    static Path module(Path addonsPath, String name, String version, List<String> depends) throws IOException {
        Path module = addonsPath.resolve(name);
        Files.createDirectories(module.resolve("models"));
        String dependsList = String.join(", ", depends.stream().map(d -> "'" + d + "'").toList());
        Files.writeString(module.resolve("__manifest__.py"), """
                {
                    'name': '%s',
                    'version': '%s',
                    'license': 'LGPL-3',
                    'depends': [%s],
                    'installable': True,
                }
                """.formatted(name, version, dependsList));
        Files.writeString(module.resolve("__init__.py"), "from . import models\n");
        Files.writeString(module.resolve("models/__init__.py"), "");
        Files.writeString(module.resolve("models/" + name + ".py"), "# model of " + name + "\n");
        return module;
    }

    /** Records the engine's log lines for assertions. */
    static final class RecordingEvents implements EventSink {

        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        volatile long maxProgress = -1;

        @Override
        public void log(LogLevel level, String message) {
            if (level != LogLevel.DEBUG) {
                lines.add(level + " " + message);
            }
        }

        @Override
        public synchronized void progress(String task, long done, long total, ProgressUnit unit) {
            maxProgress = Math.max(maxProgress, done);
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    /** Returns the files of a gzip-compressed layer, by path without the leading slash, with their content. */
    static Map<String, byte[]> layerFiles(byte[] compressedLayer) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressedLayer));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                files.put(entry.getName(), entry.isDirectory() ? new byte[0] : tar.readAllBytes());
            }
        }
        return files;
    }

    static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }
}
