package com.ivrvideobridge.testbed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver (both installed by .ci/run:
 * {@code apt-get install chromium chromium-driver}), with the flags this closed network needs
 * (shared/camel-notes.md), a phone-sized window and the strict autoplay policy of a real phone.
 */
public final class Chromium {

    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Where screenshots go (kept by CI as artifacts; described in the README). */
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private Chromium() {}

    public static ChromeDriver start() {
        return start(options -> {});
    }

    /** As {@link #start()}, with more options (a benchmark's logging preferences, a phone's emulation). */
    public static ChromeDriver start(Consumer<ChromeOptions> more) {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BROWSER.toFile());
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--window-size=412,915",
                    "--mute-audio",
                    "--autoplay-policy=user-gesture-required");
            more.accept(options);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a screenshot as target/screenshots/{name}.png and returns its bytes. */
    public static byte[] screenshot(ChromeDriver driver, String name) {
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return Files.readAllBytes(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
