package io.jenkins.plugins.odoorelease.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.odoorelease.common.EventSink;
import io.jenkins.plugins.odoorelease.report.EvidenceBundle;
import io.jenkins.plugins.odoorelease.report.EvidenceFiles;
import io.jenkins.plugins.odoorelease.report.StepReport;
import io.jenkins.plugins.odoorelease.report.Verdict;
import io.jenkins.plugins.odoorelease.testing.HeadlessChromium;
import io.jenkins.plugins.odoorelease.testing.SystemBinaries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** Runs the demo's whole release and opens its evidence page in a real headless browser. */
class DemoEvidenceBrowserTest {

    @TempDir
    Path folder;

    @Test
    void demoEvidenceShowsEveryStepWithCharts() throws Exception {
        SystemBinaries.require("pg_dump", "postgresql-client");
        TestSandbox sandbox = new TestSandbox();
        StepReport previousRun = StepReport.builder("odooFreezeGuard").startedAt(Instant.EPOCH).finishedAt(Instant.EPOCH).build();
        EvidenceFiles.append(folder.resolve("evidence"), previousRun, EvidenceBundle.RunInfo.UNKNOWN, Instant.EPOCH);
        Demo.Outcome outcome = new Demo(Clock.systemUTC(), () -> sandbox).run(folder, EventSink.NONE);
        ChromeDriver browser = HeadlessChromium.start(folder.resolve("profile"));
        try {
            browser.get(outcome.evidenceFolder().resolve(EvidenceFiles.HTML).toUri().toString());

            assertThat(sandbox.closed).isTrue();
            assertThat(outcome.bundle().verdict()).isNotEqualTo(Verdict.FAIL);
            List<String> steps = outcome.bundle().reports().stream().map(StepReport::step).toList();
            List<WebElement> sections = browser.findElements(By.cssSelector("section.report"));
            assertThat(sections).extracting(section -> section.getAttribute("data-step")).containsExactlyElementsOf(steps);
            assertThat(steps).containsExactly("odooFreezeGuard", "odooBackup", "odooBuildImage", "odooMigrateCheck", "odooFreezeGuard",
                    "odooCanary", "odooBackupVerify", "odooRelease");
            StepReport closing = outcome.bundle().reports().get(7);
            assertThat(closing.verdict()).isEqualTo(outcome.bundle().verdict());
            assertThat(closing.title()).isEqualTo("Release finished: 7 steps, canary dry run, not promoted");
            List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
            assertThat(charts).isNotEmpty();
            for (WebElement chart : charts) {
                assertThat(chart.getSize().getWidth()).as("chart width").isGreaterThan(200);
                Object drawn = ((JavascriptExecutor) browser).executeScript(
                        "return arguments[0].querySelectorAll('polyline, circle, text').length;", chart);
                assertThat(((Number) drawn).intValue()).as("drawn elements of a chart").isGreaterThan(3);
            }
            List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
            assertThat(problems).isEmpty();
        } finally {
            browser.quit();
        }
    }
}
