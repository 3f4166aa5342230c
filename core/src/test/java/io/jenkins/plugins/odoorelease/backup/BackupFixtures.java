package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;

/** Requests against the test PostgreSQL and S3 servers, shared by the backup and verification tests. */
final class BackupFixtures {

    private BackupFixtures() {
    }

    static BackupRequest.Builder backupRequest(String database, String bucket, String format) {
        return BackupRequest.builder()
                .database(PostgresServer.url(database), PostgresServer.USER, SecretValue.of(PostgresServer.PASSWORD))
                .location("s3://" + bucket + "/odoo/" + database)
                .s3(S3Server.endpoint().toString(), "us-east-1", true)
                .s3Credentials(SecretValue.of(S3Server.ACCESS_KEY), SecretValue.of(S3Server.SECRET_KEY), null)
                .format(format);
    }

    static StepReport backup(BackupRequest request) throws Exception {
        return new OdooBackup(Clock.systemUTC()).run(request, EventSink.NONE);
    }

    static byte[] download(String bucket, String key) {
        try (S3Client client = S3Server.client()) {
            return client.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
        }
    }

    static void upload(String bucket, String key, byte[] content, java.util.Map<String, String> metadata) {
        try (S3Client client = S3Server.client()) {
            client.putObject(request -> request.bucket(bucket).key(key).metadata(metadata),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
        }
    }
}
