package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {

    @TempDir
    Path folder;

    @Test
    void failedStopSaysSoAndNeverClaimsSuccess() {
        List<String> messages = new CopyOnWriteArrayList<>();
        EventSink events = new EventSink() {
            @Override
            public void log(LogLevel level, String message) {
                messages.add(level + " " + message);
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        };
        BackupSandbox broken = new BackupSandbox() {
            @Override
            public PgTarget server() {
                throw new IllegalStateException("the embedded server is gone");
            }

            @Override
            public S3Settings s3() {
                throw new IllegalStateException("not reached");
            }

            @Override
            public String createBucket(String name) {
                throw new IllegalStateException("not reached");
            }

            @Override
            public void close() {
                throw new IllegalStateException("pg_ctl stop timed out");
            }
        };

        assertThatThrownBy(() -> new Demo(Clock.systemUTC(), () -> broken).run(folder, events))
                .hasMessageContaining("the embedded server is gone");

        assertThat(messages).anyMatch(message -> message.startsWith("ERROR Stopping the embedded servers failed (pg_ctl stop timed out)"))
                .noneMatch(message -> message.contains("Stopped the embedded servers"));
    }
}
