package io.jenkins.plugins.odoorelease.backup;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.SecretValue;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import io.jenkins.plugins.odoorelease.testing.S3Server;
import java.time.Clock;

/** Verification requests against the test servers. */
final class VerifyFixtures {

    private VerifyFixtures() {
    }

    /** Builds a request; each test class passes its own scratch prefix, so that classes never drop each other's databases. */
    static VerifyRequest.Builder verifyRequest(String bucket, String prefix, String scratchPrefix) {
        return VerifyRequest.builder()
                .location("s3://" + bucket + "/" + prefix)
                .s3(S3Server.endpoint().toString(), "us-east-1", true)
                .s3Credentials(SecretValue.of(S3Server.ACCESS_KEY), SecretValue.of(S3Server.SECRET_KEY), null)
                .scratch(PostgresServer.url("postgres"), PostgresServer.USER, SecretValue.of(PostgresServer.PASSWORD))
                .scratchPrefix(scratchPrefix);
    }

    static StepReport verify(VerifyRequest request) throws Exception {
        return new BackupVerifier(Clock.systemUTC()).run(request, EventSink.NONE);
    }
}
