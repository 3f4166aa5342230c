package io.jenkins.plugins.odoorelease.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class MultipartUploadStreamTest {

    private final FakeS3 s3 = new FakeS3(Duration.ZERO);
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    /** A versioned bucket: the multipart upload makes version v1 and the copy with the SHA-256 makes v2. */
    private void versionedBucket() {
        s3.responses.put("completeMultipartUpload", request -> CompleteMultipartUploadResponse.builder().versionId("v1").build());
        s3.responses.put("copyObject", request -> CopyObjectResponse.builder().versionId("v2").build());
    }

    private static S3Exception refused(int status, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message).build();
    }

    /** Writes one part and a byte through a multipart upload and closes it. */
    private MultipartUploadStream upload() throws IOException {
        EventSink events = new EventSink() {
            @Override
            public void log(LogLevel level, String message) {
                if (level == LogLevel.WARNING) {
                    warnings.add(message);
                }
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        };
        MultipartUploadStream upload = new MultipartUploadStream(s3.client(), "backups", "shop.zip", Map.of(), "application/zip",
                MultipartUploadStream.MIN_PART_SIZE, events, "Uploading shop.zip");
        upload.write(new byte[MultipartUploadStream.MIN_PART_SIZE + 1]);
        try {
            upload.close();
        } finally {
            upload.abort();
        }
        return upload;
    }

    @Test
    void multipartObjectReadsBackWithDigest() throws Exception {
        String bucket = S3Server.createBucket("multipart");
        byte[] content = new byte[MultipartUploadStream.MIN_PART_SIZE + 4096];
        new java.util.Random(7).nextBytes(content);

        try (S3Client client = S3Server.client()) {
            MultipartUploadStream upload = new MultipartUploadStream(client, bucket, "shop.zip", Map.of("database", "shop"),
                    "application/zip", MultipartUploadStream.MIN_PART_SIZE, EventSink.NONE, "Uploading shop.zip");
            upload.write(content);
            upload.close();
            byte[] stored = client.getObjectAsBytes(get -> get.bucket(bucket).key("shop.zip")).asByteArray();
            Map<String, String> metadata = client.headObject(head -> head.bucket(bucket).key("shop.zip")).metadata();

            assertThat(stored).isEqualTo(content);
            assertThat(metadata).containsEntry(ObjectMetadata.SHA256, upload.result().sha256()).containsEntry("database", "shop")
                    .containsEntry(ObjectMetadata.SIZE, String.valueOf(content.length));
            assertThat(upload.result().sha256()).isEqualTo(io.jenkins.plugins.odoorelease.common.Sha256.hex(content));
        }
    }

    /** Returns a client whose {@code operation} reaches the store but whose response is lost, as when an interrupt cuts the call short. */
    private static S3Client losingResponse(S3Client real, String operation) {
        return failing(real, operation, true);
    }

    /** Returns a client whose {@code operation} fails as a lost connection would, after reaching the store or before. */
    private static S3Client failing(S3Client real, String operation, boolean reachesStore) {
        java.lang.reflect.InvocationHandler handler = (proxy, method, args) -> {
            if (args != null && args.length > 0 && args[0] instanceof java.util.function.Consumer<?>) {
                return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (!reachesStore && method.getName().equals(operation)) {
                throw software.amazon.awssdk.core.exception.SdkClientException.create("Connection reset");
            }
            Object response;
            try {
                response = method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals(operation)) {
                throw software.amazon.awssdk.core.exception.AbortedException.create("Thread was interrupted");
            }
            return response;
        };
        return (S3Client) java.lang.reflect.Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                handler);
    }

    @Test
    void lostCreateResponseLeavesNoUpload() throws Exception {
        String bucket = S3Server.createBucket("lost-create");
        try (S3Client real = S3Server.client()) {
            MultipartUploadStream upload = new MultipartUploadStream(losingResponse(real, "createMultipartUpload"), bucket, "shop.zip",
                    Map.of(), "application/zip", MultipartUploadStream.MIN_PART_SIZE, EventSink.NONE, "Uploading shop.zip");

            assertThatThrownBy(() -> upload.write(new byte[MultipartUploadStream.MIN_PART_SIZE])).isInstanceOf(IOException.class)
                    .hasMessageContaining("Thread was interrupted");
            upload.abort();

            assertThat(real.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
        }
    }

    @Test
    void lostCompleteResponseLeavesNoObject() throws Exception {
        String bucket = S3Server.createBucket("lost-complete");
        try (S3Client real = S3Server.client()) {
            MultipartUploadStream upload = new MultipartUploadStream(losingResponse(real, "completeMultipartUpload"), bucket,
                    "shop.zip", Map.of(), "application/zip", MultipartUploadStream.MIN_PART_SIZE, EventSink.NONE, "Uploading shop.zip");
            upload.write(new byte[MultipartUploadStream.MIN_PART_SIZE + 1]);

            assertThatThrownBy(upload::close).isInstanceOf(IOException.class).hasMessageContaining("Thread was interrupted");

            assertThat(real.listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
            assertThat(real.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
        }
    }

    @Test
    void lostCompleteLeavesOtherWritersObject() throws Exception {
        String bucket = S3Server.createBucket("lost-complete-other");
        try (S3Client real = S3Server.client()) {
            real.putObject(request -> request.bucket(bucket).key("shop.zip"), RequestBody.fromString("another writer's object"));
            MultipartUploadStream upload = new MultipartUploadStream(failing(real, "completeMultipartUpload", false), bucket, "shop.zip",
                    Map.of(), "application/zip", MultipartUploadStream.MIN_PART_SIZE, EventSink.NONE, "Uploading shop.zip");
            upload.write(new byte[MultipartUploadStream.MIN_PART_SIZE + 1]);

            assertThatThrownBy(upload::close).isInstanceOf(IOException.class).hasMessageContaining("Connection reset");

            assertThat(real.getObjectAsBytes(request -> request.bucket(bucket).key("shop.zip")).asUtf8String())
                    .isEqualTo("another writer's object");
            assertThat(real.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
        }
    }

    @Test
    void refusedCreateListsNothing() {
        s3.responses.put("createMultipartUpload", request -> {
            throw refused(403, "Access Denied");
        });
        MultipartUploadStream upload = new MultipartUploadStream(s3.client(), "backups", "shop.zip", Map.of(), "application/zip",
                MultipartUploadStream.MIN_PART_SIZE, EventSink.NONE, "Uploading shop.zip");

        assertThatThrownBy(upload::start).isInstanceOf(IOException.class).hasMessageContaining("Access Denied");
        assertThat(s3.calls).containsExactly("createMultipartUpload");
    }

    @Test
    void refusedVersionDeleteKeepsBackup() throws Exception {
        versionedBucket();
        s3.responses.put("deleteObject", request -> {
            throw refused(403, "Access Denied");
        });

        MultipartUploadStream upload = upload();

        assertThat(upload.result().versionId()).isEqualTo("v2");
        assertThat(upload.keptVersion()).isEqualTo("v1");
        assertThat(s3.calls).contains("copyObject", "deleteObject v1").doesNotContain("abortMultipartUpload");
        assertThat(warnings).singleElement().asString().contains("Could not delete version v1", "stays as a noncurrent version");
    }

    @Test
    void acceptedVersionDeleteLeavesOneVersion() throws Exception {
        versionedBucket();

        MultipartUploadStream upload = upload();

        assertThat(upload.result().versionId()).isEqualTo("v2");
        assertThat(upload.keptVersion()).isNull();
        assertThat(s3.calls).contains("deleteObject v1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void failedCopyDeletesCompletedObject() {
        versionedBucket();
        s3.responses.put("copyObject", request -> {
            throw refused(500, "We encountered an internal error");
        });

        assertThatThrownBy(this::upload).isInstanceOf(IOException.class).hasMessageContaining("internal error");

        assertThat(s3.calls).contains("completeMultipartUpload", "deleteObject v1").doesNotContain("abortMultipartUpload");
    }

    /**
     * Uploads 4.5 parts of 32 MiB in a JVM whose old generation has room for about 88 MiB. Two parts (64 MiB) and the
     * JVM's own objects (about 14 MiB, measured with OpenJDK 17) fit, but a third part copy does not, so the child fails
     * when the stream keeps one. The young generation is kept small so that both parts must fit in the old one.
     */
    @Test
    void uploadKeepsTwoPartsInMemory() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m", "-Xmn8m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), UploadMemoryProbe.class.getName(), "32", "4");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("uploaded " + (4L * 32 + 16) * 1024 * 1024 + " bytes");
    }
}
