package io.jenkins.plugins.odoorelease.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image tar file in either layout: Docker's ({@code docker save}: {@code manifest.json}, a configuration file
 * and layer files) or OCI's ({@code oci-layout}, {@code index.json} and {@code blobs/sha256/}). It is used for a local
 * base image and to list the layers of a tar file the build wrote.
 *
 * @param layout {@code docker} or {@code oci}
 * @param manifestDigest the manifest digest of an OCI layout, or {@code null} for a Docker archive, which has none
 * @param configDigest the digest of the image configuration, which Docker calls the image ID
 * @param config the image configuration
 * @param layers the layers in order, with the digest and size of each layer as stored in the file
 */
record ImageArchive(String layout, String manifestDigest, String configDigest, JsonNode config, List<Layer> layers) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries at most this large are kept in memory; configurations and manifests are far smaller. */
    private static final long KEEP_LIMIT = 4L << 20;

    /** A layer as stored in the archive. */
    record Layer(String digest, long size) {
    }

    /**
     * Reads the archive in one pass, hashing every entry.
     *
     * @throws IOException when the file cannot be read or is neither layout
     */
    static ImageArchive read(Path file) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        Map<String, Layer> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                MessageDigest sha256 = sha256();
                byte[] kept = null;
                if (entry.getSize() <= KEEP_LIMIT) {
                    kept = tar.readAllBytes();
                    sha256.update(kept);
                } else {
                    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
                        tar.transferTo(sink);
                    }
                }
                entries.put(name, new Layer("sha256:" + HexFormat.of().formatHex(sha256.digest()), entry.getSize()));
                if (kept != null) {
                    small.put(name, kept);
                }
            }
        }
        if (small.containsKey("index.json") && small.containsKey("oci-layout")) {
            return oci(file, small);
        }
        if (small.containsKey("manifest.json")) {
            return docker(file, small, entries);
        }
        throw new IOException(file + " is not an image archive: it has neither manifest.json (docker save) nor index.json "
                + "and oci-layout (OCI layout)");
    }

    private static ImageArchive docker(Path file, Map<String, byte[]> small, Map<String, Layer> entries) throws IOException {
        JsonNode manifests = JSON.readTree(small.get("manifest.json"));
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw new IOException(file + ": manifest.json lists no image");
        }
        if (manifests.size() > 1) {
            throw new IOException(file + ": manifest.json lists " + manifests.size() + " images; the archive must hold exactly one");
        }
        JsonNode manifest = manifests.get(0);
        String configName = manifest.path("Config").asText();
        byte[] config = small.get(configName);
        if (config == null) {
            throw new IOException(file + ": the configuration " + configName + " named in manifest.json is missing");
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layerName : manifest.path("Layers")) {
            Layer layer = entries.get(layerName.asText());
            if (layer == null) {
                throw new IOException(file + ": the layer " + layerName.asText() + " named in manifest.json is missing");
            }
            layers.add(layer);
        }
        return new ImageArchive("docker", null, RegistryApiClient.sha256(config), JSON.readTree(config), layers);
    }

    private static ImageArchive oci(Path file, Map<String, byte[]> small) throws IOException {
        JsonNode index = JSON.readTree(small.get("index.json"));
        JsonNode manifests = index.path("manifests");
        if (manifests.size() != 1) {
            throw new IOException(file + ": index.json lists " + manifests.size() + " manifests; the archive must hold exactly one");
        }
        String manifestDigest = manifests.get(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(blob(file, small, manifestDigest));
        String configDigest = manifest.path("config").path("digest").asText();
        JsonNode config = JSON.readTree(blob(file, small, configDigest));
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(new Layer(layer.path("digest").asText(), layer.path("size").asLong()));
        }
        return new ImageArchive("oci", manifestDigest, configDigest, config, layers);
    }

    private static byte[] blob(Path file, Map<String, byte[]> small, String digest) throws IOException {
        byte[] content = small.get("blobs/" + digest.replace(':', '/'));
        if (content == null) {
            throw new IOException(file + ": the blob " + digest + " is missing");
        }
        return content;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
