package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notes that the demo's sample shop writes into its output and its release file for their readers. */
class DemoShopTest {

    @TempDir
    Path folder;

    /** The log lines of a run, in order. */
    private static final class Lines implements EventSink {

        final List<String> lines = new ArrayList<>();

        @Override
        public void log(LogLevel level, String message) {
            lines.add(level + " " + message);
        }

        @Override
        public void progress(String task, long done, long total, EventSink.ProgressUnit unit) {
        }
    }

    @Test
    void stagedStatisticsAndDemoServersAreDeclared() throws Exception {
        Lines events = new Lines();
        String database = "demo_shop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

        DemoShop.Prepared prepared = DemoShop.prepare(new TestSandbox(), folder, LocalDate.of(2027, 3, 1), database, events);

        assertThat(events.lines).anySatisfy(line -> assertThat(line).startsWith("INFO Staged for the demo: the planner statistics of "
                + "sale_order_line were set by hand to 5,000,000 rows"));
        int reltuples = PostgresServer.queryInt(database, "SELECT reltuples::int FROM pg_class WHERE oid = 'sale_order_line'::regclass");
        assertThat(reltuples).isEqualTo(5_000_000);
        assertThat(PostgresServer.queryInt(database, "SELECT count(*) FROM sale_order_line")).as("the rows the note says the table holds")
                .isEqualTo(2);
        String release = Files.readString(prepared.releaseFile());
        assertThat(release).contains("# Staged: the demo set the planner statistics of sale_order_line to 5,000,000 rows by hand");
        assertThat(release).contains("# Those servers stop when the demo exits",
                "refer to your CI server's secret variables, for example password: ${env:ODOO_DB_PASSWORD}");
        assertThat(release).doesNotContain("Run the same file against real systems");
    }
}
