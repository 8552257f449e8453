package com.ivrvideobridge.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.deadline.TimeoutProperties;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.Chromium;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The funnel equals a scripted day exactly: callers who never opened, a preview bot, a caller who
 * started and gave up, two who watched it all, one who skipped to the end, a text that could not
 * be delivered, a web push opened, and the escalations that follow (not viewed, abandoned,
 * delivery failed).
 */
class FunnelReportTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FULL = "[[0, 6.0]]";

    @Autowired
    private TimeoutProperties timeouts;

    private final List<String> all = new ArrayList<>();

    @Test
    void theReportEqualsTheScript() throws Exception {
        GenesysStubs.allSucceed();
        TestServers.genesysApi()
                .stubFor(
                        post(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                                .withRequestBody(containing("+14155550199"))
                                .atPriority(1)
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        "{\"message\": \"Invalid destination\", \"code\": \"bad.request\", \"status\": 400}")));
        // A day of our own, far from every other test's handoffs.
        clock.advance(Duration.ofDays(3650 + (long) (Math.random() * 1000)));
        Instant from = clock.instant().truncatedTo(ChronoUnit.SECONDS);

        offerSms(); // never opened
        offerSms(); // never opened
        String bot = offerSms();
        String abandoned = offerSms();
        String watched1 = offerSms();
        String watched2 = offerSms();
        String skipped = offerSms();
        String failed = offer(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app")
                .replace("+14155550100", "+14155550199"));
        String web = offer(ArchitectCalls.webCall(UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SENT", "ESCALATED") == all.size());

        fetch(url("/w/" + linkToken(bot)).toString(), "User-Agent", "WhatsApp/2.23.20.0 A");
        handshake(linkToken(bot), "Mozilla/5.0 (compatible; Slackbot-LinkExpanding 1.0)");
        watch(abandoned, event("STARTED", "[[0, 0.1]]"), event("PAUSED", "[[0, 1.2]]"));
        for (String caller : List.of(watched1, watched2)) {
            watch(
                    caller,
                    event("STARTED", "[[0, 0.1]]"),
                    event("QUARTILE_25", "[[0, 1.6]]"),
                    event("QUARTILE_50", "[[0, 3.1]]"),
                    event("QUARTILE_75", "[[0, 4.6]]"),
                    event("COMPLETED", FULL),
                    event("COMPLETED", FULL));
        }
        watch(skipped, event("STARTED", "[[0, 0.2]]"), event("COMPLETED", "[[0, 0.2], [5, 6]]"));
        handshake(linkToken(web), PHONE_BROWSER);
        // The unopened links time out, and the two who started and gave up early go quiet:
        // those five callers go to an agent too.
        clock.advance(timeouts.sms().plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("ESCALATED") == 6);

        JsonNode report = funnel("from=" + from + "&to=" + from.plus(Duration.ofDays(1)));
        assertThat(report.path("rows")).hasSize(2);
        JsonNode sms = report.path("rows").get(0);
        assertThat(sms.path("channel").asText()).isEqualTo("sms");
        assertThat(sms.path("assetId").asText()).isEqualTo(TestServers.SAMPLE_ASSET);
        assertThat(counts(sms)).containsExactly(8L, 7L, 0L, 4L, 4L, 2L, 2L, 2L, 2L, 6L, 1L);
        assertThat(sms.path("escalatedByReason").toString())
                .isEqualTo("{\"abandoned\":2,\"delivery_failed\":1,\"not_viewed\":3}");
        assertThat(sms.path("completionRateOfOffered").asDouble()).isEqualTo(0.25);
        assertThat(sms.path("completionRateOfStarted").asDouble()).isEqualTo(0.5);
        assertThat(sms.path("medianWatchedPercent").asDouble()).isEqualTo(60.0); // 3, 20, 100, 100
        assertThat(sms.path("medianSecondsToOpen").asDouble()).isBetween(0.0, 60.0);
        JsonNode webRow = report.path("rows").get(1);
        assertThat(counts(webRow)).containsExactly(1L, 1L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        long escalations = 0;
        for (JsonNode hour : report.path("escalationsByHour")) {
            escalations += hour.asLong();
        }
        assertThat(escalations).isEqualTo(6);

        // Filters, and the warehouse export: one line per handoff with its stage times.
        assertThat(funnel("from=" + from + "&to=" + from.plus(Duration.ofDays(1)) + "&channel=web")
                        .path("rows"))
                .hasSize(1);
        assertThat(funnel("from=" + from + "&to=" + from.plus(Duration.ofDays(1)) + "&assetId=other.mp4")
                        .path("rows"))
                .isEmpty();
        HttpResponse<String> lines =
                getJson("/api/v1/reports/funnel?format=jsonl&from=" + from + "&to=" + from.plus(Duration.ofDays(1)));
        assertThat(lines.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("ndjson"));
        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines.body().split("\n")) {
            rows.add(JSON.readTree(line));
        }
        assertThat(rows).hasSize(9);
        JsonNode failedRow = rows.stream()
                .filter(r -> r.path("handoffId").asText().equals(failed))
                .findFirst()
                .orElseThrow();
        assertThat(failedRow.path("escalationReason").asText()).isEqualTo("delivery_failed");
        assertThat(failedRow.has("sentAt")).isFalse();

        // The dashboard draws the same numbers (opened with an API key as the Basic password).
        ChromeDriver browser = openDashboard("?from=" + from + "&to=" + from.plus(Duration.ofDays(1)));
        try {
            assertThat(browser.findElement(By.id("summary")).getText())
                    .isEqualTo("9 offered, 5 opened, 2 completed, 6 escalated");
            // Four engagement charts, then the outcomes per tutorial and the wrap-up codes (OutcomeReportTest).
            assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(6);
            browser.manage().window().setSize(new Dimension(1280, 900));
            assertThat(Chromium.screenshot(browser, "dashboard")).isNotEmpty();
        } finally {
            browser.quit();
        }
    }

    @Test
    void badQueriesAreRefusedWithTheField() throws Exception {
        for (String[] bad : new String[][] {
            {"from=yesterday", "from"},
            {"channel=fax", "channel"},
            {"deviceType=toaster", "deviceType"},
            {"format=csv", "format"},
            {"from=2026-11-25T10:00:00Z&to=2026-11-25T09:00:00Z", "from"}
        }) {
            HttpResponse<String> response = getJson("/api/v1/reports/funnel?" + bad[0]);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo(bad[1]);
        }
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(url("/api/v1/reports/funnel"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        for (String authorization : new String[] {null, basic("ops:wrong-key"), "Bearer " + API_KEY}) {
            HttpRequest.Builder dashboard = HttpRequest.newBuilder(url("/dashboard"));
            if (authorization != null) {
                dashboard.header("Authorization", authorization);
            }
            HttpResponse<String> response = HTTP.send(dashboard.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(h -> assertThat(h).startsWith("Basic"));
        }
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(url("/dashboard"))
                                        .header("Authorization", basic("ops:" + API_KEY))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("Video tutorials: engagement");
    }

    private static String basic(String credentials) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes());
    }

    private static List<Long> counts(JsonNode row) {
        List<Long> counts = new ArrayList<>();
        for (String stage : new String[] {
            "offered",
            "sent",
            "delivered",
            "opened",
            "started",
            "quartile25",
            "quartile50",
            "quartile75",
            "completed",
            "escalated",
            "failed"
        }) {
            counts.add(row.path(stage).asLong());
        }
        return counts;
    }

    private String offerSms() throws Exception {
        return offer(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"));
    }

    private String offer(String call) throws Exception {
        String id = JSON.readTree(callWebhook(call).body()).path("handoffId").asText();
        all.add(id);
        return id;
    }

    private long count(String... statuses) throws Exception {
        long n = 0;
        for (String id : all) {
            String status = JSON.readTree(getJson("/api/v1/handoffs/" + id).body())
                    .path("status")
                    .asText();
            if (List.of(statuses).contains(status)) {
                n++;
            }
        }
        return n;
    }

    private JsonNode funnel(String query) throws Exception {
        HttpResponse<String> response = getJson("/api/v1/reports/funnel?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
