package io.jenkins.plugins.odoorelease.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.testing.HeadlessChromium;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** Opens the evidence page in a real headless browser: every report shows, the charts are drawn, nothing fails. */
class EvidencePageBrowserTest {

    @TempDir
    Path folder;

    private ChromeDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static EvidenceBundle bundle() {
        StepReport freeze = StepReport.builder("odooFreezeGuard").title("Not frozen").startedAt(Instant.parse("2027-01-01T09:00:00Z"))
                .finishedAt(Instant.parse("2027-01-01T09:00:01Z")).result("frozen", false)
                .section(new Section.KeyValues("Decision", Map.of("Frozen", "no"))).build();
        return EvidenceBundle.of(new EvidenceBundle.RunInfo("shop #7", null, "abc123"), Instant.parse("2027-01-01T10:00:00Z"),
                List.of(freeze, ReportFixtures.fullReport()));
    }

    @Test
    void everyReportRenderedWithCharts() throws Exception {
        EvidenceFiles.write(folder.resolve("evidence"), bundle());
        browser = HeadlessChromium.start(folder.resolve("profile"));

        browser.get(folder.resolve("evidence").resolve(EvidenceFiles.HTML).toUri().toString());

        assertThat(browser.getTitle()).isEqualTo("Release evidence: shop #7");
        List<WebElement> sections = browser.findElements(By.cssSelector("section.report"));
        assertThat(sections).extracting(section -> section.getAttribute("data-step")).containsExactly("odooFreezeGuard", "odooMigrateCheck");
        assertThat(browser.findElements(By.cssSelector("table.summary a"))).hasSize(2);
        WebElement chart = browser.findElement(By.cssSelector("#report-2 svg.chart"));
        assertThat(chart.getSize().getWidth()).isGreaterThan(200);
        assertThat(chart.getSize().getHeight()).isGreaterThan(50);
        Object lineLength = ((JavascriptExecutor) browser).executeScript(
                "return Array.from(arguments[0].querySelectorAll('polyline')).map(l => l.getTotalLength()).reduce((a, b) => a + b, 0);",
                chart);
        assertThat(((Number) lineLength).doubleValue()).isGreaterThan(100);
        assertThat(chart.findElements(By.tagName("circle"))).hasSize(5);
    }

    @Test
    void noConsoleErrors() throws Exception {
        EvidenceFiles.write(folder.resolve("evidence"), bundle());
        browser = HeadlessChromium.start(folder.resolve("profile"));

        browser.get(folder.resolve("evidence").resolve(EvidenceFiles.HTML).toUri().toString());

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).isEmpty();
    }
}
