package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryDemoTest {

    @TempDir
    Path folder;

    @Test
    void dryRunOfSampleShop() throws Exception {
        StepReport report = CanaryDemo.dryRun(Clock.systemUTC(), folder, EventSink.NONE);

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.result().get("outcome")).isEqualTo("held");
        assertThat(report.result().get("traefikApiVersion")).isEqualTo("traefik.io/v1alpha1");
        assertThat(Files.readString(folder.resolve("canary-sample-shop.yaml"))).contains("kind: TraefikService");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) report.result().get("objects");
        assertThat((String) objects.get(0).get("manifest")).contains("--max-cron-threads=0", "--proxy-mode",
                "app.kubernetes.io/component: \"web-canary\"");
        assertThat(report.sections()).extracting(section -> section.title()).contains("Schedule",
                "Objects the rollout would create or change");
    }
}
