package io.jenkins.plugins.odoorelease.s3;

import io.jenkins.plugins.odoorelease.common.EventSink;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads {@code parts} and a half parts of {@code partSize} MiB through {@link MultipartUploadStream} to a client that
 * discards them; run in a JVM with a small heap, it fails with an OutOfMemoryError when the stream keeps more parts than
 * it should.
 */
public final class UploadMemoryProbe {

    private UploadMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        int partSize = Integer.parseInt(args[0]) << 20;
        int parts = Integer.parseInt(args[1]);
        byte[] chunk = new byte[1 << 20];
        try (S3Client client = new FakeS3(Duration.ofMillis(200)).client()) {
            MultipartUploadStream upload = new MultipartUploadStream(client, "bucket", "probe.zip", Map.of(), "application/zip", partSize,
                    EventSink.NONE, "probe");
            long total = (long) partSize * parts + partSize / 2;
            for (long written = 0; written < total; written += chunk.length) {
                upload.write(chunk, 0, (int) Math.min(chunk.length, total - written));
            }
            upload.close();
            System.out.println("uploaded " + upload.size() + " bytes");
        }
    }
}
