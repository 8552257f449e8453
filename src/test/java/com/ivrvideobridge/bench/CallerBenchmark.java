package com.ivrvideobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.Chromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The caller's first frame, measured as a caller on a phone on a slow mobile network: Debian's
 * headless Chromium with a phone's viewport and user agent, throttled by Chrome's own network
 * emulation (DevTools {@code Network.emulateNetworkConditions}) on WebPageTest's "3G" and "3G
 * slow" profiles, a new browser profile (cold cache) per load, against a running service on the
 * local profile (bench/caller-benchmark.sh starts the packaged jar). Each load offers a new
 * handoff (the README's journey curl), opens its link and presses Start as soon as it can be
 * pressed, as a person's tap (a real input event through the driver), after one load that is not
 * counted (the service's first page after its start). It reports, per profile,
 * the median and the worst of:
 * <ul>
 * <li>link opened → Start can be pressed: from the navigation's start to the first painted frame
 * (requestAnimationFrame) in which the Start button is shown and enabled;</li>
 * <li>Start pressed → first frame: from the click event to the first video frame presented
 * (requestVideoFrameCallback);</li>
 * <li>bytes before Start can be pressed: the sum of Chrome's {@code encodedDataLength} (bytes on
 * the wire, headers included) of the responses finished by then.</li>
 * </ul>
 * <p>Usage: {@code CallerBenchmark <base URL> [loads per profile, default 5] [profile names, default "3G,3G slow"]}
 */
public final class CallerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A mid-range Android phone (Chrome's own "Moto G Power" emulation): viewport, pixel ratio, user agent. */
    private static final String PHONE_UA = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/156.0.0.0 Mobile Safari/537.36";

    /** WebPageTest's connectivity profiles: down and up in bit/s, round trip in ms. */
    record Profile(String name, long downBits, long upBits, int rttMs, double startGoal, double frameGoal) {}

    static final List<Profile> PROFILES = List.of(
            new Profile("3G", 1_600_000, 768_000, 300, 1.2, 1.0),
            new Profile("3G slow", 400_000, 400_000, 400, 2.5, 2.0));
    static final long BYTES_GOAL = 30 * 1024;

    record Load(
            double startReadyMs,
            double firstFrameMs,
            long bytesBeforeStart,
            long bytesTotal,
            String path,
            Map<String, Long> byUrl,
            List<String> timeline) {}

    /**
     * Put into every page before its own scripts run: notes when Start can first be pressed (shown,
     * enabled, painted), when it was pressed, and when the video's first frame was presented.
     */
    private static final String PROBE = """
            (function () {
              var marks = window.__callerBench = {};
              function startUsable() {
                var b = document.getElementById('start');
                return b && !b.hidden && !b.disabled && b.getClientRects().length > 0;
              }
              var observer = new MutationObserver(function () {
                if (marks.startShown === undefined && startUsable()) {
                  marks.startShown = performance.now();
                  requestAnimationFrame(function (t) { marks.startReady = performance.now(); });
                }
              });
              observer.observe(document, { subtree: true, childList: true, attributes: true });
              document.addEventListener('click', function (e) {
                if (marks.pressed !== undefined || !e.target || e.target.id !== 'start') { return; }
                marks.pressed = performance.now();
                var v = document.getElementById('video');
                v.addEventListener('playing', function () { if (marks.playing === undefined) { marks.playing = performance.now(); } });
                if (v.requestVideoFrameCallback) {
                  v.requestVideoFrameCallback(function (now) { marks.firstFrame = now; });
                }
              }, true);
            })();
            """;

    private CallerBenchmark() {}

    public static void main(String[] args) {
        // Selenium warns that it has no DevTools bindings for this Chromium: the benchmark needs none.
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        try {
            String base = args[0].replaceAll("/$", "");
            int loads = args.length > 1 ? Integer.parseInt(args[1]) : 5;
            List<String> names = args.length > 2
                    ? List.of(args[2].split(","))
                    : PROFILES.stream().map(Profile::name).toList();
            Map<Profile, List<Load>> results = new LinkedHashMap<>();
            // One load first, not counted: a caller meets a service that has served pages before
            // (a freshly started JVM takes about a second over its first page).
            load(base, PROFILES.get(0));
            for (Profile profile : PROFILES) {
                if (!names.contains(profile.name())) {
                    continue;
                }
                List<Load> runs = new ArrayList<>();
                for (int i = 1; i <= loads; i++) {
                    Load load = load(base, profile);
                    System.out.printf(
                            "%s load %d: Start after %.0f ms, first frame %.0f ms after Start (%s), %d bytes before Start, %d in all%n",
                            profile.name(),
                            i,
                            load.startReadyMs(),
                            load.firstFrameMs(),
                            load.path(),
                            load.bytesBeforeStart(),
                            load.bytesTotal());
                    runs.add(load);
                }
                Load last = runs.get(runs.size() - 1);
                System.out.println("  bytes before Start, by response (last load): " + last.byUrl());
                System.out.println("  requests of the last load (ms from the link opened: sent, finished; bytes):");
                last.timeline().forEach(line -> System.out.println("    " + line));
                results.put(profile, runs);
            }
            print(results, loads);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void print(Map<Profile, List<Load>> results, int loads) {
        System.out.println();
        System.out.printf("Medians and worst of %d cold loads each (s; KB = 1,024 bytes)%n%n", loads);
        System.out.println("| figure | profile | median | worst | goal |");
        System.out.println("|---|---|---|---|---|");
        results.forEach((profile, runs) -> {
            List<Double> ready = runs.stream().map(Load::startReadyMs).toList();
            List<Double> frame = runs.stream().map(Load::firstFrameMs).toList();
            List<Double> bytes =
                    runs.stream().map(l -> (double) l.bytesBeforeStart()).toList();
            System.out.printf(
                    "| link opened → Start can be pressed | %s | %.2f s | %.2f s | ≤ %.1f s |%n",
                    profile.name(), median(ready) / 1000, max(ready) / 1000, profile.startGoal());
            System.out.printf(
                    "| Start pressed → first frame | %s | %.2f s | %.2f s | ≤ %.1f s |%n",
                    profile.name(), median(frame) / 1000, max(frame) / 1000, profile.frameGoal());
            System.out.printf(
                    "| bytes before Start can be pressed | %s | %.1f KB | %.1f KB | ≤ %d KB |%n",
                    profile.name(), median(bytes) / 1024, max(bytes) / 1024, BYTES_GOAL / 1024);
        });
    }

    private static Load load(String base, Profile profile) throws Exception {
        String link = offer(base);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        ChromeDriver browser = Chromium.start(options -> {
            options.setCapability("goog:loggingPrefs", logs);
            options.setExperimentalOption(
                    "mobileEmulation",
                    Map.of(
                            "deviceMetrics",
                            Map.of("width", 412, "height", 823, "pixelRatio", 1.75, "touch", true, "mobile", true),
                            "userAgent",
                            PHONE_UA));
        });
        try {
            browser.executeCdpCommand("Network.enable", Map.of());
            browser.executeCdpCommand(
                    "Network.emulateNetworkConditions",
                    Map.of(
                            "offline",
                            false,
                            "latency",
                            profile.rttMs(),
                            "downloadThroughput",
                            profile.downBits() / 8,
                            "uploadThroughput",
                            profile.upBits() / 8));
            browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
            browser.manage().logs().get(LogType.PERFORMANCE); // drop what came before the navigation
            browser.get(link);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(10));
            wait.until(d -> mark(browser, "startReady") != null);
            browser.findElement(By.id("start")).click();
            wait.until(d -> mark(browser, "firstFrame") != null);
            double ready = mark(browser, "startReady");
            double frame = mark(browser, "firstFrame") - mark(browser, "pressed");
            String path = (String)
                    browser.executeScript(
                            "var v = document.getElementById('video');"
                                    + "return v.currentSrc.startsWith('blob:') ? 'hls.js' : (v.currentSrc.indexOf('/playlist') >= 0 ? 'native HLS' : 'MP4');");
            double timeOrigin = ((Number) browser.executeScript("return performance.timeOrigin;")).doubleValue();
            System.out.printf(
                    "    (pressed at %.0f ms, first frame at %.0f ms)%n",
                    mark(browser, "pressed"), mark(browser, "firstFrame"));
            return bytes(browser.manage().logs().get(LogType.PERFORMANCE).getAll(), timeOrigin, ready, frame, path);
        } finally {
            browser.quit();
        }
    }

    private static Double mark(ChromeDriver browser, String name) {
        Object value = browser.executeScript("return window.__callerBench && window.__callerBench['" + name + "'];");
        return value == null ? null : ((Number) value).doubleValue();
    }

    /** Bytes on the wire from Chrome's network events: those finished before Start could be pressed, and all. */
    private static Load bytes(List<LogEntry> entries, double timeOrigin, double readyMs, double frameMs, String path)
            throws Exception {
        Map<String, String> urls = new HashMap<>();
        Map<String, Double> sent = new HashMap<>();
        double wallMinusMonotonic = Double.NaN;
        long before = 0;
        long total = 0;
        Map<String, Long> byUrl = new LinkedHashMap<>();
        List<JsonNode> finished = new ArrayList<>();
        for (LogEntry entry : entries) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            switch (message.path("method").asText()) {
                case "Network.requestWillBeSent" -> {
                    urls.put(
                            params.path("requestId").asText(),
                            params.path("request").path("url").asText());
                    sent.putIfAbsent(
                            params.path("requestId").asText(),
                            params.path("timestamp").asDouble());
                    if (Double.isNaN(wallMinusMonotonic) && params.has("wallTime")) {
                        wallMinusMonotonic = params.path("wallTime").asDouble()
                                - params.path("timestamp").asDouble();
                    }
                }
                case "Network.loadingFinished" -> finished.add(params);
                default -> {}
            }
        }
        List<String> timeline = new ArrayList<>();
        for (JsonNode done : finished) {
            String id = done.path("requestId").asText();
            if (urls.getOrDefault(id, "").startsWith("data:")) {
                continue; // the player's own icons, never on the wire
            }
            long length = done.path("encodedDataLength").asLong();
            double atMs = (done.path("timestamp").asDouble() + wallMinusMonotonic) * 1000 - timeOrigin;
            double sentMs = (sent.getOrDefault(id, Double.NaN) + wallMinusMonotonic) * 1000 - timeOrigin;
            // Where, not who: no token, session or signature in the output.
            String url = urls.getOrDefault(id, "?")
                    .replaceAll("/w/[^/?]+", "/w/{token}")
                    .replaceAll("[?&]p=([^&]*)", " $1")
                    .replaceAll("\\?[^ ]*", "")
                    .replaceAll("^https?://[^/]+", "");
            timeline.add(String.format("%6.0f %6.0f %7d  %s", sentMs, atMs, length, url.replace("%2F", "/")));
            total += length;
            if (atMs <= readyMs) {
                before += length;
                byUrl.merge(url, length, Long::sum);
            }
        }
        timeline.sort(Comparator.naturalOrder());
        return new Load(readyMs, frameMs, before, total, path, byUrl, timeline);
    }

    /** A new handoff through the README's journey curl (local profile: its answer carries the link). */
    private static String offer(String base) throws Exception {
        String body = "{\"conversationId\": \"bench-" + UUID.randomUUID() + "\", \"phoneNumber\": \"tel:+14155550100\","
                + " \"assetId\": \"welcome/welcome.mp4\", \"locale\": \"en-us\"}";
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/handoffs"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString("architect:local-dev-password"
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("offer answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).path("link").asText();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double max(List<Double> values) {
        return values.stream().max(Comparator.naturalOrder()).orElse(Double.NaN);
    }
}
