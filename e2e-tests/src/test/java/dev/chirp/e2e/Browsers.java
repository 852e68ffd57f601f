package dev.chirp.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages (the launcher's test stage
 * installs them), each browser with a fresh profile and nothing that phones home. Paths can be overridden with
 * {@code -Dchirp.e2e.chromium=…} and {@code -Dchirp.e2e.chromedriver=…}.
 */
final class Browsers {

    static final String CHROMIUM = System.getProperty("chirp.e2e.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chirp.e2e.chromedriver", "/usr/bin/chromedriver");

    private Browsers() {
    }

    static ChromeDriver start() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(DRIVER).canExecute()) {
            throw new AssertionError("The browser test needs " + CHROMIUM + " and " + DRIVER
                    + ". Fix: apt-get install chromium chromium-driver (./chirp test does this when run as root)");
        }
        Path profile = Files.createTempDirectory("chirp-chromium-");
        profile.toFile().deleteOnExit();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1200,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
