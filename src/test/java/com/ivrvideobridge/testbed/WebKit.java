package com.ivrvideobridge.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.MutableCapabilities;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A WebKit engine, the one Safari is built on: Debian's WebKitGTK MiniBrowser driven through its
 * WebKitWebDriver, on a virtual display (Xvfb), playing HLS itself through GStreamer as Safari does
 * (no Media Source Extensions, no hls.js). All installed by .ci/run: {@code apt-get install
 * webkit2gtk-driver xvfb gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav}.
 * WebKitGTK keeps its GStreamer HLS support behind {@code WEBKIT_GST_ENABLE_HLS_SUPPORT=1} (without
 * it {@code canPlayType('application/vnd.apple.mpegurl')} answers ""), so the driver is started with it.
 */
public final class WebKit implements AutoCloseable {

    private static final Path DRIVER = Path.of("/usr/bin/WebKitWebDriver");
    private static final Path XVFB_RUN = Path.of("/usr/bin/xvfb-run");
    private static final String BROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

    private final Process driverProcess;
    private final RemoteWebDriver browser;

    private WebKit(Process driverProcess, RemoteWebDriver browser) {
        this.driverProcess = driverProcess;
        this.browser = browser;
    }

    public static WebKit start() {
        if (!Files.isExecutable(DRIVER) || !Files.isExecutable(XVFB_RUN) || !Files.isExecutable(Path.of(BROWSER))) {
            throw new IllegalStateException(
                    "WebKit tests need Debian's webkit2gtk-driver, xvfb and GStreamer's plugins: "
                            + "apt-get install -y webkit2gtk-driver xvfb gstreamer1.0-plugins-good gstreamer1.0-plugins-bad "
                            + "gstreamer1.0-libav (.ci/run does this)");
        }
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(XVFB_RUN.toString(), "-a", DRIVER.toString(), "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "webkitwebdriver.log").toFile());
            builder.environment().put("WEBKIT_GST_ENABLE_HLS_SUPPORT", "1");
            Process process = builder.start();
            awaitPort(port, process);
            MutableCapabilities capabilities = new MutableCapabilities();
            capabilities.setCapability("browserName", "MiniBrowser");
            capabilities.setCapability(
                    "webkitgtk:browserOptions", Map.of("binary", BROWSER, "args", List.of("--automation")));
            return new WebKit(
                    process,
                    new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), capabilities));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RemoteWebDriver browser() {
        return browser;
    }

    private static void awaitPort(int port, Process process) throws IOException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("WebKitWebDriver ended; see target/webkitwebdriver.log");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("WebKitWebDriver did not listen on " + port + " within 30 s");
    }

    /** Ends the browser, the driver and the virtual display (xvfb-run's children). */
    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            driverProcess.descendants().forEach(ProcessHandle::destroy);
            driverProcess.destroy();
        }
    }
}
