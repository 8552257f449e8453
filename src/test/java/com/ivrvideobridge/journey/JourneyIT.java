package com.ivrvideobridge.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.Chromium;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The README's journey on the packaged service, as a newcomer runs it: the jar started as the run
 * command starts it (local profile, embedded defaults) on free ports, the README's own curl as
 * Genesys Architect, the answer's link opened in headless Chromium, Start pressed, the tutorial
 * watched to COMPLETED, and the sandbox showing what would have gone to Genesys.
 */
class JourneyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LOCAL_KEY = "local-dev-key";

    private Process service;

    @AfterEach
    void stopService() throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    /** The packaged service on the local profile, on free ports, with these extra settings; its port. */
    private int startService(String log, String... settings) throws IOException {
        int port = freePort();
        List<String> command = new java.util.ArrayList<>(List.of(
                "java",
                "-jar",
                packagedJar().toString(),
                "--server.port=" + port,
                "--bridge.embedded.redis.port=" + freePort(),
                "--bridge.embedded.s3.port=" + freePort(),
                "--bridge.public-base-url=http://127.0.0.1:" + port));
        command.addAll(List.of(settings));
        service = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", log).toFile())
                .start();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> get(port, "/actuator/health", null).statusCode() == 200);
        return port;
    }

    /** The outcome's waits in seconds, not the local profile's minutes, so the run stays short. */
    private static final String[] SHORT_OUTCOMES = {
        "--bridge.outcome.settle=2s",
        "--bridge.outcome.repeat-window=3s",
        "--bridge.outcome.give-up=5m",
        "--bridge.outcome.retry-interval=1s",
        "--bridge.outcome.max-retry-interval=2s"
    };

    @Test
    void theReadmeJourneyFromTheIvrCallToACompletedVideo() throws Exception {
        int port = startService("journey-service.log", SHORT_OUTCOMES);

        // The README's curl, as printed there, pointed at this instance's port.
        Process curl = new ProcessBuilder(
                        "bash", "-c", readmeCurl().replace("http://localhost:8080", "http://127.0.0.1:" + port))
                .redirectErrorStream(true)
                .start();
        String answerText = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).as(answerText).isZero();
        JsonNode answer = JSON.readTree(answerText);
        String handoffId = answer.path("handoffId").asText();
        assertThat(answer.path("channel").asText()).isEqualTo("sms");
        assertThat(answer.path("link").asText()).startsWith("http://127.0.0.1:" + port + "/w/");

        ChromeDriver browser = Chromium.start();
        try {
            browser.get(answer.path("link").asText());
            WebElement start = browser.findElement(By.id("start"));
            await().atMost(Duration.ofSeconds(15)).until(start::isDisplayed);
            start.click();
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> "COMPLETED".equals(status(port, handoffId)));
        } finally {
            browser.quit();
        }

        // The sandbox recorded the text and the context updates Genesys would have received.
        String calls = get(
                        port,
                        "/sandbox/calls",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("ops:" + LOCAL_KEY).getBytes(StandardCharsets.UTF_8)))
                .body();
        assertThat(calls)
                .contains("/api/v2/conversations/messages/agentless")
                .contains("/attributes")
                .contains("video_session_id")
                .doesNotContain("+14155550100");
        assertThat(status(port, handoffId)).isEqualTo("COMPLETED");

        // The README's last step: the caller hangs up; the sandbox's Genesys analytics show the call
        // ended without an agent, no later call comes: the video resolved it, on the funnel too.
        assertThat(sandboxPost(port, "/sandbox/hangup?handoffId=" + handoffId).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> "resolved_by_video"
                        .equals(outcome(port, handoffId).path("type").asText()));
        JsonNode row = JSON.readTree(get(port, "/api/v1/reports/funnel", "Bearer " + LOCAL_KEY)
                        .body())
                .path("rows")
                .get(0);
        assertThat(row.path("outcomes").path("resolved_by_video").asLong()).isEqualTo(1);
    }

    private static JsonNode outcome(int port, String handoffId) throws Exception {
        return JSON.readTree(get(port, "/api/v1/handoffs/" + handoffId, "Bearer " + LOCAL_KEY)
                        .body())
                .path("outcome");
    }

    /**
     * The sandbox plays both caller paths (short timeouts so the run stays short): a caller who
     * stays on the line is transferred by Architect once its decision says agent (no callback);
     * a caller who hangs up gets the callback with the note.
     */
    @Test
    void theSandboxPlaysTheCallerWhoStaysOnTheLineAndTheCallerWhoHangsUp() throws Exception {
        // The not-viewed timeout runs from the offer: long enough that a loaded machine has sent the
        // text before it fires (else the note says "not sent in time"), short enough for a quick run.
        List<String> settings =
                new java.util.ArrayList<>(List.of("--bridge.timeout.sms=8s", "--bridge.agent.ivr-grace=3s"));
        // Outcomes are decided once the escalations (8 s + the callback) are in Genesys's records.
        settings.addAll(java.util.Arrays.stream(SHORT_OUTCOMES)
                .filter(s -> !s.startsWith("--bridge.outcome.settle="))
                .toList());
        settings.add("--bridge.outcome.settle=20s");
        int port = startService("journey-paths-service.log", settings.toArray(String[]::new));
        String staying = offer(port, "journey-stays-on-the-line");
        String leaving = offer(port, "journey-hangs-up");
        assertThat(sandboxPost(port, "/sandbox/hangup?handoffId=" + leaving).statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> "ESCALATED".equals(status(port, staying)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "agent"
                        .equals(JSON.readTree(sandboxPost(port, "/sandbox/decision?handoffId=" + staying)
                                        .body())
                                .path("action")
                                .asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ivr_transfer".equals(agentPath(port, staying)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "callback".equals(agentPath(port, leaving)));

        String calls = get(port, "/sandbox/calls", sandboxCredentials()).body();
        assertThat(calls)
                .contains("journey-hangs-up")
                .contains("/api/v2/conversations/callbacks")
                .contains("Video tutorial offered but not viewed");
        JsonNode recorded = JSON.readTree(calls);
        recorded.forEach(call -> assertThat(call.path("path").asText().equals("/api/v2/conversations/callbacks")
                        && call.path("body").asText().contains("journey-stays-on-the-line"))
                .isFalse());

        // Outcomes: the transferred caller talked to the sandbox's agent until hanging up; the other
        // one's callback was taken by an agent (35 s long). Both escalated, with the wrap-up code's name.
        assertThat(sandboxPost(port, "/sandbox/hangup?handoffId=" + staying).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !outcome(port, staying).isMissingNode()
                        && !outcome(port, staying).isNull()
                        && !outcome(port, leaving).isNull());
        assertThat(outcome(port, staying).path("type").asText()).isEqualTo("escalated");
        assertThat(outcome(port, staying).path("wrapUpCode").asText()).isEqualTo("Sandbox: agent explained the steps");
        assertThat(outcome(port, leaving).path("type").asText()).isEqualTo("escalated");
        assertThat(outcome(port, leaving).path("wrapUpCode").asText()).isEqualTo("Sandbox: solved on the callback");
    }

    private static String offer(int port, String conversationId) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/handoffs"))
                        .header("Content-Type", "application/json")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder().encodeToString("architect:local-dev-password".getBytes()))
                        .POST(HttpRequest.BodyPublishers.ofString("""
                        {"conversationId": "%s", "phoneNumber": "tel:+14155550100", "assetId": "welcome/welcome.mp4"}""".formatted(conversationId)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("handoffId").asText();
    }

    private static String agentPath(int port, String handoffId) throws Exception {
        return JSON.readTree(get(port, "/sandbox/handoffs/" + handoffId, sandboxCredentials())
                        .body())
                .path("agentPath")
                .asText();
    }

    private static HttpResponse<String> sandboxPost(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", sandboxCredentials())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sandboxCredentials() {
        return "Basic " + Base64.getEncoder().encodeToString(("ops:" + LOCAL_KEY).getBytes(StandardCharsets.UTF_8));
    }

    /** The fenced block under "Try the whole journey" in the README: the simulated IVR call. */
    static String readmeCurl() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("<!-- journey-curl -->\\s*```bash\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("README has the journey curl block").isTrue();
        return block.group(1).lines().filter(line -> !line.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    private static String status(int port, String handoffId) throws Exception {
        return JSON.readTree(get(port, "/api/v1/handoffs/" + handoffId, "Bearer " + LOCAL_KEY)
                        .body())
                .path("status")
                .asText();
    }

    private static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().matches("ivr-video-bridge-.*\\.jar"))
                    .toList();
            assertThat(jars).as("the packaged jar (mvn package)").hasSize(1);
            return jars.get(0).toAbsolutePath();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
