package io.jenkins.plugins.odoorelease.odoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** parse_version keys and adapt_version results as each series' own functions returned them. */
class OdooVersionTest {

    @Test
    void keyPadsNumbersAndDropsTrailingZeros() {
        assertThat(OdooVersion.parse("17.0.1.2.0").key()).containsExactly("00000017", "00000000", "00000001", "00000002", "*final");
        assertThat(OdooVersion.parse("17.0.1.2")).isEqualTo(OdooVersion.parse("17.0.1.2.0"));
        assertThat(OdooVersion.parse("0.0.0").key()).containsExactly("*final");
        assertThat(OdooVersion.parse("").key()).isEqualTo(OdooVersion.parse("0.1").key());
    }

    @Test
    void comparesNumericallyPartByPart() {
        assertThat(OdooVersion.parse("17.0.1.10")).isGreaterThan(OdooVersion.parse("17.0.1.9"));
        assertThat(OdooVersion.parse("17.0.2.0")).isGreaterThan(OdooVersion.parse("17.0.1.99.99"));
        assertThat(OdooVersion.parse("17.0.1.0.1")).isGreaterThan(OdooVersion.parse("17.0.1.0"));
        assertThat(OdooVersion.parse("18.0.1.0")).isGreaterThan(OdooVersion.parse("17.0.9.9"));
    }

    @Test
    void preReleaseSortsBeforeRelease() {
        assertThat(OdooVersion.parse("1.0rc1")).isLessThan(OdooVersion.parse("1.0"));
        assertThat(OdooVersion.parse("1.0-beta")).isLessThan(OdooVersion.parse("1.0"));
        assertThat(OdooVersion.parse("1.0dev")).isLessThan(OdooVersion.parse("1.0rc1"));
        assertThat(OdooVersion.parse("saas~17.1")).isEqualTo(OdooVersion.parse("17.1"));
    }

    @Test
    void comparisonWithoutSeriesIgnoresFirstTwoParts() {
        assertThat(OdooVersion.parse("16.0.2.0").compareWithoutSeries(OdooVersion.parse("17.0.2.0"))).isZero();
        assertThat(OdooVersion.parse("17.0.1.1").compareWithoutSeries(OdooVersion.parse("16.0.1.3"))).isNegative();
    }

    @ParameterizedTest
    @CsvSource({
        "16, 1.0, 16.0.1.0",
        "17, 1.0, 17.0.1.0",
        "18, 1.0, 18.0.1.0",
        "17, 1.2.0, 17.0.1.2.0",
        "17, 17.0, 17.0.17.0",
        "16, 17.0, 16.0.17.0",
        "17, 17.0.1.2.0, 17.0.1.2.0",
        "16, 16.0.1.2.0, 16.0.1.2.0",
        "18, 18.0.1.2.0, 18.0.1.2.0",
        "16, 1, 16.0.1",
        "16, 1.2.3.4, 16.0.1.2.3.4",
        "16, 1.0-beta, 16.0.1.0-beta",
        "16, x, 16.0.x"})
    void adaptsAsTheSeriesDoes(int major, String declared, String full) throws Exception {
        ModuleVersion version = new OdooSeries(major).adaptVersion(declared);

        assertThat(version.full()).isEqualTo(full);
        assertThat(version.declared()).isEqualTo(declared);
    }

    @ParameterizedTest
    @CsvSource({"17, 1", "17, 1.2.3.4", "17, 1.0-beta", "17, x", "18, 1", "17, 17.0.1", "18, 17.0.1.2.0x"})
    void laterSeriesRejectOtherForms(int major, String declared) {
        assertThatThrownBy(() -> new OdooSeries(major).adaptVersion(declared))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("accepts x.y, x.y.z");
    }

    @ParameterizedTest
    @CsvSource({"16, 17.0.1.2.0", "17, 16.0.1.2.0", "17, 18.0.1.2.0", "18, 17.0.1.2.0", "17, 15.0.1.0"})
    void versionOfAnotherSeriesRejected(int major, String declared) {
        assertThatThrownBy(() -> new OdooSeries(major).adaptVersion(declared))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("belongs to series");
    }

    @Test
    void sixteenMarksNonstandardVersions() throws Exception {
        assertThat(new OdooSeries(16).adaptVersion("1").standard()).isFalse();
        assertThat(new OdooSeries(16).adaptVersion("1.0.0").standard()).isTrue();
    }

    @Test
    void folderVersionsFollowConvertVersion() {
        OdooSeries sixteen = new OdooSeries(16);
        OdooSeries seventeen = new OdooSeries(17);

        assertThat(seventeen.folderVersion("1.1")).isEqualTo("17.0.1.1");
        assertThat(seventeen.folderVersion("1.2.0")).isEqualTo("17.0.1.2.0");
        assertThat(seventeen.folderVersion("17.0.1.3")).isEqualTo("17.0.1.3");
        assertThat(seventeen.folderVersion("0.0.0")).isEqualTo("0.0.0");
        assertThat(sixteen.folderVersion("1.1")).isEqualTo("16.0.1.1");
        assertThat(sixteen.folderVersion("1.2.0")).isEqualTo("1.2.0");
    }

    @Test
    void folderNamesAcceptedBySeries() {
        OdooSeries seventeen = new OdooSeries(17);

        assertThat(seventeen.acceptsFolderName("1.1")).isTrue();
        assertThat(seventeen.acceptsFolderName("17.0.1.3")).isTrue();
        assertThat(seventeen.acceptsFolderName("16.0.1.2.3")).isTrue();
        assertThat(seventeen.acceptsFolderName("saas~16.3.1.0")).isTrue();
        assertThat(seventeen.acceptsFolderName("0.0.0")).isTrue();
        assertThat(seventeen.acceptsFolderName("not_a_version")).isFalse();
        assertThat(seventeen.acceptsFolderName("1.2.3.4")).isFalse();
        assertThat(seventeen.acceptsFolderName("tests")).isFalse();
        assertThat(new OdooSeries(16).acceptsFolderName("not_a_version")).isTrue();
    }

    @Test
    void seriesParsing() throws Exception {
        assertThat(OdooSeries.parse("17.0", "series").major()).isEqualTo(17);
        assertThat(OdooSeries.parse(" 18 ", "series").major()).isEqualTo(18);
        assertThat(OdooSeries.ofFullVersion("16.0.1.3")).contains(new OdooSeries(16));
        assertThat(OdooSeries.ofFullVersion("1.3")).isEmpty();
        assertThatThrownBy(() -> OdooSeries.parse("15.0", "series")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("supported: 16.0, 17.0, 18.0");
        assertThatThrownBy(() -> OdooSeries.parse("seventeen", "series")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'seventeen'");
    }
}
