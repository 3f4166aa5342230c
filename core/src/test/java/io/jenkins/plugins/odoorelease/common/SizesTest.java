package io.jenkins.plugins.odoorelease.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
        "512MiB, 536870912",
        "512 MiB, 536870912",
        "1GiB, 1073741824",
        "1.5KiB, 1536",
        "2GB, 2000000000",
        "10kB, 10000",
        "1024, 1024",
        "7B, 7",
        "1TiB, 1099511627776"
    })
    void parsesUnits(String text, long expected) throws Exception {
        assertThat(Sizes.parse(text, "partSize")).isEqualTo(expected);
    }

    @Test
    void unknownUnitNamed() {
        assertThatThrownBy(() -> Sizes.parse("5 bananas", "partSize"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("partSize: '5 bananas': unknown size unit 'bananas'");
    }

    @Test
    void invalidTextRejected() {
        assertThatThrownBy(() -> Sizes.parse("-1MiB", "partSize")).hasMessageContaining("invalid size");
        assertThatThrownBy(() -> Sizes.parse("", "partSize")).hasMessageContaining("missing size");
        assertThatThrownBy(() -> Sizes.parse("99999999TiB", "partSize")).hasMessageContaining("too large");
    }

    @org.junit.jupiter.api.Test
    void formatsMinimumWithoutOverflow() {
        assertThat(Sizes.format(Long.MIN_VALUE)).isEqualTo("-8.0 EiB");
    }

    @ParameterizedTest
    @CsvSource({"0, 0 B", "1023, 1023 B", "1536, 1.5 KiB", "3328599654, 3.1 GiB"})
    void formats(long bytes, String expected) {
        assertThat(Sizes.format(bytes)).isEqualTo(expected);
    }
}
