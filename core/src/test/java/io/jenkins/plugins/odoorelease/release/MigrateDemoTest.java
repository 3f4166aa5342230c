package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.pg.PgTarget;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.s3.S3Settings;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateDemoTest {

    @TempDir
    Path folder;

    @Test
    void demoPlansSampleReleaseAndClosesSandbox() throws Exception {
        List<String> lines = new ArrayList<>();
        EventSink events = new EventSink() {
            @Override
            public void log(LogLevel level, String message) {
                lines.add(message);
            }

            @Override
            public void progress(String task, long done, long total, ProgressUnit unit) {
            }
        };

        StepReport report = MigrateDemo.run(TestSandbox::new, folder, events, Clock.systemUTC(), 5);

        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.result().get("upgrade")).isEqualTo(List.of("shop_sale"));
        assertThat(report.result().get("install")).isEqualTo(List.of("shop_loyalty", "shop_loyalty_stock"));
        assertThat((List<?>) report.result().get("scripts")).hasSize(3);
        assertThat(report.findings("TABLE_LARGE")).singleElement().satisfies(finding -> assertThat(finding.subject()).isEqualTo("sale_order_line"));
        assertThat(folder.resolve("addons/shop/shop_sale/__manifest__.py")).exists();
        assertThat(lines).contains("Stopped the embedded servers of the migration check stage and deleted their data.");
        assertThat(TestSandbox.closed).isTrue();
    }

    /** The test server as the demo's sandbox; the stage needs no S3 store. */
    private static final class TestSandbox implements BackupSandbox {

        private static volatile boolean closed;

        @Override
        public PgTarget server() {
            return PostgresServer.target("postgres");
        }

        @Override
        public S3Settings s3() {
            throw new UnsupportedOperationException("the migration check stage uses no S3 store");
        }

        @Override
        public String createBucket(String name) {
            throw new UnsupportedOperationException("the migration check stage uses no S3 store");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
