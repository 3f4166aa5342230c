package io.jenkins.plugins.odoorelease.s3;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An S3 client for the upload code alone: it reads every request body to its end and keeps nothing, records the
 * operations it receives, and responds as an unversioned bucket unless a test sets another response for an operation.
 * Each body read takes {@code delay}, as a network transfer would, so the next part fills meanwhile.
 */
final class FakeS3 {

    /** Each operation's name, with the version id for a delete, such as {@code deleteObject v1}. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Responses by operation name: each function gets the request and returns the response or throws. */
    final Map<String, Function<Object, Object>> responses = new ConcurrentHashMap<>();
    private final Duration delay;

    FakeS3(Duration delay) {
        this.delay = delay;
    }

    S3Client client() {
        InvocationHandler handler = (proxy, method, args) -> {
            if (args != null && args.length > 0 && args[0] instanceof Consumer<?>) {
                // The Consumer overloads build the request and call the overload handled below.
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            String name = method.getName();
            if (args != null && args.length > 1 && args[1] instanceof RequestBody body) {
                drain(body);
            }
            calls.add(args != null && args[0] instanceof DeleteObjectRequest delete ? name + " " + delete.versionId() : name);
            Function<Object, Object> response = responses.get(name);
            if (response != null) {
                return response.apply(args == null ? null : args[0]);
            }
            return switch (name) {
                case "createMultipartUpload" -> CreateMultipartUploadResponse.builder().uploadId("upload-1").build();
                case "uploadPart" -> UploadPartResponse.builder().eTag("\"etag\"").build();
                case "putObject" -> PutObjectResponse.builder().build();
                case "completeMultipartUpload" -> CompleteMultipartUploadResponse.builder().build();
                case "copyObject" -> CopyObjectResponse.builder().build();
                case "deleteObject" -> DeleteObjectResponse.builder().build();
                case "abortMultipartUpload" -> AbortMultipartUploadResponse.builder().build();
                case "close" -> null;
                case "serviceName" -> "s3";
                default -> throw new UnsupportedOperationException(name);
            };
        };
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, handler);
    }

    private void drain(RequestBody body) throws IOException, InterruptedException {
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = body.contentStreamProvider().newStream()) {
            while (in.read(chunk) >= 0) {
                // Only the reading matters.
            }
        }
        Thread.sleep(delay.toMillis());
    }
}
