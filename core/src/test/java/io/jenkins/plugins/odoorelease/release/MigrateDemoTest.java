package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.common.LogLevel;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateDemoTest {

    @TempDir
    Path folder;

    @Test
    void demoPlansSampleReleaseAndStopsServer() throws Exception {
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

        StepReport report = MigrateDemo.run(folder, events, Clock.systemUTC());

        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.result().get("upgrade")).isEqualTo(List.of("shop_sale"));
        assertThat(report.result().get("install")).isEqualTo(List.of("shop_loyalty", "shop_loyalty_stock"));
        assertThat((List<?>) report.result().get("scripts")).hasSize(3);
        assertThat(report.findings("TABLE_LARGE")).singleElement().satisfies(finding -> assertThat(finding.subject()).isEqualTo("sale_order_line"));
        assertThat(folder.resolve("addons/shop/shop_sale/__manifest__.py")).exists();
        int port = port(lines);
        assertThat(lines).contains("Stopped the embedded PostgreSQL server and deleted its data.");
        assertThat(accepts(port)).as("the embedded server on port %d still accepts connections", port).isFalse();
    }

    private static int port(List<String> lines) {
        Pattern url = Pattern.compile("jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/");
        for (String line : lines) {
            Matcher matcher = url.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("no database URL in the demo's log: " + lines);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
