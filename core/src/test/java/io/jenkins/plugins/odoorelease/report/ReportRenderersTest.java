package io.jenkins.plugins.odoorelease.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportRenderersTest {

    @Test
    void jsonRoundTrip() throws Exception {
        StepReport report = ReportFixtures.fullReport();

        String json = ReportJson.toJson(report);
        StepReport read = ReportJson.readReport(json);

        assertThat(json).contains("\"step\" : \"odooMigrateCheck\"", "\"verdict\" : \"FAIL\"", "\"startedAt\" : \"2027-01-01T10:00:00Z\"",
                "\"type\" : \"table\"", "\"type\" : \"chart\"", "\"code\" : \"MODULE_DOWNGRADE\"");
        assertThat(read.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(read.findings()).isEqualTo(report.findings());
        assertThat(read.sections()).hasSize(3);
        assertThat(read.sections().get(0)).isEqualTo(report.sections().get(0));
        assertThat(read.measurements().get(1).value()).isNaN();
        assertThat(read.result()).containsEntry("canarySafe", false).containsEntry("upgrade", List.of("sale"));
        assertThat(read.checks()).isEqualTo(report.checks());
    }

    @Test
    void jsonIgnoresUnknownProperties() throws Exception {
        String json = "{\"step\":\"odooBackup\",\"verdict\":\"PASS\",\"startedAt\":\"2027-01-01T00:00:00Z\","
                + "\"finishedAt\":\"2027-01-01T00:00:01Z\",\"addedInALaterVersion\":1}";

        assertThat(ReportJson.readReport(json).step()).isEqualTo("odooBackup");
    }

    @Test
    void markdownEscapesTableCells() {
        String markdown = MarkdownRenderer.render(ReportFixtures.fullReport());

        assertThat(markdown).startsWith("# odooMigrateCheck: FAIL\n");
        assertThat(markdown).contains("| ERROR | `MODULE_DOWNGRADE` | sale\\_stock |", "&amp; cannot be applied \\| fix the manifest",
                "&lt;script&gt;", "| canarySafe | false |", "| sale | 17.0.1.0 | 17.0.1.1 |");
    }

    @Test
    void markdownNeutralisesLinksAndImages() {
        StepReport report = StepReport.builder("odooFreezeGuard").title("[Approve here](https://evil.example) ![x](https://evil.example/t.png)")
                .startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();

        String markdown = MarkdownRenderer.render(report);

        assertThat(markdown).contains("\\[Approve here\\]\\(https://evil.example\\) \\!\\[x\\]\\(https://evil.example/t.png\\)");
    }

    @Test
    void htmlIsSelfContainedAndEscaped() {
        String html = HtmlRenderer.renderPage(ReportFixtures.fullReport());

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).doesNotContain("<script", "<link", "src=\"http", "href=\"http");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "<svg class=\"chart\"", "<polyline",
                "data-verdict=\"FAIL\"", "installed 17.0.2.0 &amp; cannot");
    }

    private static Map<String, Object> ordered(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put(key1, value1);
        map.put(key2, value2);
        return map;
    }

    @Test
    void htmlResultShowsStructuredValues() {
        StepReport report = StepReport.builder("odooCanary").startedAt(Instant.parse("2027-01-15T10:00:00Z"))
                .finishedAt(Instant.parse("2027-01-15T10:01:00Z")).title("Dry run")
                .result("objects", List.of(ordered("kind", "Deployment", "manifest", "apiVersion: apps/v1\nkind: Deployment\n"),
                        ordered("kind", "Service", "manifest", "apiVersion: v1\nkind: Service\n")))
                .result("levels", Map.of("restore", "PASS"))
                .build();

        String html = HtmlRenderer.renderPage(report);

        assertThat(html).contains("<th>kind</th><th>manifest</th>", "<td>Deployment</td>",
                "<details><summary>apiVersion: apps/v1 (2 lines)</summary><pre>apiVersion: apps/v1\nkind: Deployment</pre></details>",
                "<table class=\"nested\"><tr><th>restore</th><td>PASS</td></tr></table>").doesNotContain("kind=Deployment");
    }

    @Test
    void chartBreaksLineAtNaN() {
        String svg = SvgChart.render((Section.Chart) ReportFixtures.fullReport().sections().get(2));

        // The canary series has points 10, NaN, 50, 100: one segment of two points remains, plus the stable line.
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg.split("<circle", -1)).hasSize(6);
        assertThat(svg).contains("<title>canary: 10 at 2027-01-15");
    }

    @Test
    void chartOfOneRunLabelsTimeOnce() {
        double at = Instant.parse("2026-12-04T23:33:10Z").getEpochSecond();
        String svg = SvgChart.render(new Section.Chart("Restore time", "run", "seconds", true,
                List.of(new Section.Series("restore", List.of(new Section.Point(at, 4.2, "run 1"))))));

        assertThat(svg.split(">12-04 23:33<", -1)).hasSize(2);
    }

    @Test
    void chartWithoutDataSaysSo() {
        String svg = SvgChart.render(new Section.Chart("Empty", "x", "y", false, List.of(new Section.Series("s", List.of()))));

        assertThat(svg).contains("No data");
    }

    @Test
    void junitXmlHasCaseForEveryCheckAndFinding() throws Exception {
        String xml = JUnitXmlRenderer.render(ReportFixtures.fullReport());

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) document.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("odooMigrateCheck");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("time")).isEqualTo("3.250");
        NodeList cases = document.getElementsByTagName("testcase");
        Element downgrade = (Element) cases.item(1);
        assertThat(downgrade.getAttribute("classname")).isEqualTo("odoorelease.odooMigrateCheck.modules");
        assertThat(downgrade.getAttribute("name")).isEqualTo("sale_stock");
        assertThat(downgrade.getElementsByTagName("failure").getLength()).isEqualTo(1);
        Element warning = (Element) cases.item(3);
        assertThat(warning.getAttribute("name")).isEqualTo("LARGE_TABLE stock_move");
        assertThat(warning.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void junitXmlNumbersRepeatedCaseNames() throws Exception {
        StepReport report = StepReport.builder("odooMigrateCheck").startedAt(Instant.parse("2027-01-01T10:00:00Z"))
                .finishedAt(Instant.parse("2027-01-01T10:00:01Z"))
                .finding(new Finding("MIGRATION_SCRIPT_INVALID", Severity.ERROR, "shop_sale", "pre-a.py: no migrate function", Map.of()))
                .finding(new Finding("MIGRATION_SCRIPT_INVALID", Severity.ERROR, "shop_sale", "post-b.py: no migrate function", Map.of()))
                .finding(new Finding("MIGRATION_SCRIPT_INVALID", Severity.ERROR, "shop_pos", "pre-a.py: no migrate function", Map.of()))
                .finding(new Finding("MIGRATION_SCRIPT_INVALID", Severity.ERROR, "shop_sale", "end-c.py: no migrate function", Map.of()))
                .build();

        String xml = JUnitXmlRenderer.render(report);

        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getElementsByTagName("testcase");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        assertThat(names).containsExactly("MIGRATION_SCRIPT_INVALID shop_sale", "MIGRATION_SCRIPT_INVALID shop_sale (2)",
                "MIGRATION_SCRIPT_INVALID shop_pos", "MIGRATION_SCRIPT_INVALID shop_sale (3)");
    }

    @Test
    void junitXmlMarksSkippedChecks() throws Exception {
        StepReport report = StepReport.builder("odooBackupVerify").startedAt(Instant.parse("2027-01-01T10:00:00Z"))
                .finishedAt(Instant.parse("2027-01-01T10:00:01Z"))
                .check(new Check("levels", "3 structure", Verdict.FAIL, "VERIFY_ENTRY_ESCAPES"))
                .check(Check.skipped("levels", "4 restore", "the archive's structure is unsafe or incomplete"))
                .build();

        String xml = JUnitXmlRenderer.render(report);
        String json = ReportJson.mapper().writeValueAsString(report);

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) document.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        Element restore = (Element) document.getElementsByTagName("testcase").item(1);
        Element skipped = (Element) restore.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("the archive's structure is unsafe or incomplete");
        assertThat(json).contains("\"skipped\":true").containsOnlyOnce("\"skipped\"");
    }

    @Test
    void junitXmlDropsInvalidCharacters() {
        assertThat(JUnitXmlRenderer.escape("a\u0000b<c>&\"")).isEqualTo("ab&lt;c&gt;&amp;&quot;");
    }

    @Test
    void evidenceFilesAppendReports(@TempDir Path folder) throws Exception {
        EvidenceBundle.RunInfo run = new EvidenceBundle.RunInfo("shop #42", "https://ci.example/42", "abc123");
        StepReport first = ReportFixtures.fullReport();
        StepReport second = StepReport.builder("odooFreezeGuard").startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();

        EvidenceFiles.append(folder, first, run, Instant.parse("2027-01-01T10:00:00Z"));
        EvidenceBundle bundle = EvidenceFiles.append(folder, second, run, Instant.parse("2027-01-01T10:05:00Z"));

        assertThat(bundle.reports()).extracting(StepReport::step).containsExactly("odooMigrateCheck", "odooFreezeGuard");
        EvidenceBundle read = EvidenceFiles.read(folder, run, Instant.now());
        assertThat(read.schema()).isEqualTo("odoo-release/evidence/v1");
        assertThat(read.run()).isEqualTo(run);
        assertThat(read.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(Files.readString(folder.resolve("evidence.json"))).contains("\"verdict\" : \"FAIL\"");
        String html = Files.readString(folder.resolve("evidence.html"));
        assertThat(html).contains("href=\"#report-1\"", "href=\"#report-2\"", "id=\"report-2\"", "abc123");
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("evidence.json", "evidence.html");
        }
    }

    @Test
    void evidenceOfOtherSchemaRejected(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("evidence.json"), "{\"schema\":\"odoo-release/evidence/v9\",\"reports\":[]}");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EvidenceFiles.read(folder, null, Instant.EPOCH))
                .hasMessageContaining("has schema 'odoo-release/evidence/v9'");
    }
}
