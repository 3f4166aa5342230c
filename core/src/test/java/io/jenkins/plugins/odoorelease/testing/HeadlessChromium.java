package io.jenkins.plugins.odoorelease.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts the Debian chromium through the Debian chromedriver, headless and without any network use of its own, so
 * that tests can check pages as a browser renders them. Selenium is given both paths, so it downloads nothing.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** Starts a browser with a fresh profile in {@code profile}; the caller quits it. */
    public static ChromeDriver start(Path profile) throws Exception {
        Path chromium = SystemBinaries.require("chromium", "chromium");
        Path chromedriver = SystemBinaries.require("chromedriver", "chromium-driver");
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath()));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
