package io.jenkins.plugins.odoorelease.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndedRunsTest {

    private static EndedRuns.Entry promoted(int day) {
        return new EndedRuns.Entry("promoted", "registry.example/odoo:17.0-" + day, null, "2027-03-%02dT09:00:00Z".formatted(day));
    }

    @Test
    void recordKeepsNewestRuns() {
        String json = null;
        for (int day = 1; day <= EndedRuns.KEPT + 3; day++) {
            json = EndedRuns.with(json, "run-" + day, promoted(day));
        }

        Map<String, EndedRuns.Entry> runs = EndedRuns.parse(json);

        assertThat(runs).hasSize(EndedRuns.KEPT);
        assertThat(runs).doesNotContainKeys("run-1", "run-2", "run-3");
        assertThat(runs.keySet()).first().isEqualTo("run-4");
        assertThat(runs.get("run-23")).isEqualTo(promoted(23));
    }

    @Test
    void rerecordedRunMovesToNewest() {
        String json = EndedRuns.with(EndedRuns.with(null, "run-1", promoted(1)), "run-2", promoted(2));

        Map<String, EndedRuns.Entry> runs = EndedRuns.parse(EndedRuns.with(json, "run-1", promoted(3)));

        assertThat(runs.keySet()).containsExactly("run-2", "run-1");
        assertThat(runs.get("run-1").at()).isEqualTo("2027-03-03T09:00:00Z");
    }

    @Test
    void unreadableRecordReadsAsEmpty() {
        assertThat(EndedRuns.parse("{\"run-1\": ")).isEmpty();
        assertThat(EndedRuns.parse("[1, 2]")).isEmpty();
        assertThat(EndedRuns.parse("  ")).isEmpty();
    }
}
