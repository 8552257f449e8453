package com.ivrvideobridge.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.Chromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The production shape, as scripts/stack runs it (prod profile, two instances behind haproxy,
 * redis-server, a KRaft broker in its own JVM, S3Proxy, the WireMock Genesys stand-in): Architect's
 * webhook call through the load balancer, the link read from the SMS the stand-in received, opened
 * in headless Chromium, Start, COMPLETED, and the funnel counting it; then the stack stopped with
 * nothing left running.
 */
class StackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path STACK_HOME = Path.of("target", "stack-it").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("https?://\\S+/w/[A-Za-z0-9_-]+");

    private static JsonNode stack;

    @BeforeAll
    static void up() throws Exception {
        Result up = stack("up", Duration.ofMinutes(10));
        assertThat(up.exitCode())
                .as("scripts/stack up; see target/stack-it.log")
                .isZero();
        stack = JSON.readTree(up.output());
    }

    @AfterAll
    static void down() throws Exception {
        if (stack == null) {
            stack("down", Duration.ofMinutes(3));
            return;
        }
        List<Long> pids = new ArrayList<>();
        stack.path("instances")
                .forEach(instance -> pids.add(instance.path("pid").asLong()));
        assertThat(stack("down", Duration.ofMinutes(3)).exitCode()).isZero();
        pids.forEach(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("pid " + pid)
                .isEmpty());
        assertThat(stack("status", Duration.ofSeconds(30)).output()).contains("\"running\": false");
    }

    @Test
    void theJourneyThroughTheLoadBalancerOnTheProductionShape() throws Exception {
        String url = stack.path("url").asText();
        assertThat(stack.path("instances")).hasSize(2);
        assertThat(stack("up", Duration.ofSeconds(30)).exitCode())
                .as("a second up refuses")
                .isNotZero();

        // Architect's data action: Basic credentials, the call's conversation id, the caller's number, the tutorial.
        JsonNode credentials = stack.path("credentials");
        String basic = Base64.getEncoder()
                .encodeToString((credentials.path("webhook").get(0).asText() + ":"
                                + credentials.path("webhook").get(1).asText())
                        .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/handoffs"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.ofString("""
                        {"conversationId": "%s", "phoneNumber": "tel:+14155550100", "assetId": "welcome/welcome.mp4"}""".formatted(java.util.UUID.randomUUID())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String handoffId = JSON.readTree(answer.body()).path("handoffId").asText();
        assertThat(JSON.readTree(answer.body()).path("channel").asText()).isEqualTo("sms");

        // The SMS the Genesys stand-in received (agentless), its link on the load balancer's address.
        String link = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> smsLink(stack.path("genesys").asText()), found -> found != null);
        assertThat(link).startsWith(url + "/w/");

        ChromeDriver browser = Chromium.start();
        try {
            browser.get(link);
            WebElement start = browser.findElement(By.id("start"));
            await().atMost(Duration.ofSeconds(30)).until(start::isDisplayed);
            start.click();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> "COMPLETED"
                            .equals(api(url, "/api/v1/handoffs/" + handoffId)
                                    .path("status")
                                    .asText()));
            Chromium.screenshot(browser, "stack-completed");
        } finally {
            browser.quit();
        }

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode row = api(url, "/api/v1/reports/funnel?assetId=welcome/welcome.mp4&channel=sms")
                            .path("rows")
                            .get(0);
                    assertThat(row).as("funnel row").isNotNull();
                    assertThat(row.path("offered").asInt()).isEqualTo(1);
                    assertThat(row.path("sent").asInt()).isEqualTo(1);
                    assertThat(row.path("opened").asInt()).isEqualTo(1);
                    assertThat(row.path("started").asInt()).isEqualTo(1);
                    assertThat(row.path("completed").asInt()).isEqualTo(1);
                });
    }

    /** The landing link in the text of the agentless SMS the stand-in's journal holds, or null. */
    private static String smsLink(String genesys) throws Exception {
        JsonNode journal = JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(genesys + "/__admin/requests"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        for (JsonNode request : journal.path("requests")) {
            if (request.path("request").path("url").asText().equals("/api/v2/conversations/messages/agentless")) {
                Matcher link = LINK.matcher(
                        JSON.readTree(request.path("request").path("body").asText())
                                .path("textBody")
                                .asText());
                if (link.find()) {
                    return link.group();
                }
            }
        }
        return null;
    }

    private static JsonNode api(String url, String path) throws Exception {
        return JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .header(
                                        "Authorization",
                                        "Bearer "
                                                + stack.path("credentials")
                                                        .path("apiKey")
                                                        .asText())
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private record Result(int exitCode, String output) {}

    /** scripts/stack with this command, on its own STACK_HOME; its standard output (the JSON status). */
    private static Result stack(String command, Duration limit) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("scripts/stack", command)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        Path.of("target", "stack-it.log").toFile()));
        builder.environment().put("STACK_HOME", STACK_HOME.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/stack " + command + " did not finish in " + limit);
        }
        return new Result(process.exitValue(), output);
    }
}
