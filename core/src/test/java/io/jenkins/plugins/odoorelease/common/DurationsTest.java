package io.jenkins.plugins.odoorelease.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "90m, PT1H30M",
        "1h30m, PT1H30M",
        "'1h 30m', PT1H30M",
        "2d, PT48H",
        "1w, PT168H",
        "500ms, PT0.5S",
        "45s, PT45S",
        "0s, PT0S",
        "PT1H30M, PT1H30M",
        "1H30M, PT1H30M"
    })
    void parsesAcceptedForms(String text, String expected) throws Exception {
        assertThat(Durations.parse(text, "timeout")).isEqualTo(Duration.parse(expected));
    }

    @Test
    void bareNumberAsksForUnit() {
        assertThatThrownBy(() -> Durations.parse("90", "maxWait"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("maxWait: '90': invalid duration: add a unit: expected a whole number and a unit (ms, s, m, h, d, w), "
                        + "for example 90m, 1h30m or 2d");
    }

    @Test
    void unknownUnitRejected() {
        assertThatThrownBy(() -> Durations.parse("3 months", "rpo")).hasMessageContaining("rpo: '3 months': invalid duration");
    }

    @Test
    void negativeRejected() {
        assertThatThrownBy(() -> Durations.parse("-5m", "rto")).hasMessageContaining("cannot be negative");
    }

    @Test
    void blankRejected() {
        assertThatThrownBy(() -> Durations.parse("  ", "rto")).hasMessageContaining("missing duration");
    }

    @Test
    void overflowRejected() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d", "rto")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Durations.parse("9999999999999999d", "rto")).hasMessageContaining("too large");
    }

    @ParameterizedTest
    @CsvSource({
        "PT0.85S, 850 ms",
        "PT4.2S, 4.2 s",
        "PT12S, 12 s",
        "PT4M12S, 4 min 12 s",
        "PT1H30M, 1 h 30 min",
        "PT2H, 2 h",
        "PT51H, 2 d 3 h"
    })
    void formatsForPeople(String duration, String expected) {
        assertThat(Durations.format(Duration.parse(duration))).isEqualTo(expected);
    }

    @Test
    void compactFormatRoundTrips() throws Exception {
        Duration duration = Duration.parse("P1DT2H3M4.005S");

        assertThat(Durations.parse(Durations.formatCompact(duration), "x")).isEqualTo(duration);
    }
}
