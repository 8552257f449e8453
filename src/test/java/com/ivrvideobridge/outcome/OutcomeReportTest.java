package com.ivrvideobridge.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.testbed.AnalyticsStubs;
import com.ivrvideobridge.testbed.AnalyticsStubs.Agent;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.Chromium;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The outcomes in the funnel (per asset and channel: counts, resolution and repeat-contact rates,
 * the escalations' wrap-up codes), its JSON Lines export, and the dashboard that draws them: three
 * calls on a day of their own, one escalated, one resolved by the video, one still pending.
 */
class OutcomeReportTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private HandoffStore store;

    private String offer(String conversation) throws Exception {
        String id = JSON.readTree(callWebhook(ArchitectCalls.smsCall(conversation, "mobile_app"))
                        .body())
                .path("handoffId")
                .asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "SENT".equals(handoff(id).path("status").asText()));
        return id;
    }

    private JsonNode handoff(String id) throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + id).body());
    }

    @Test
    void theFunnelItsExportAndTheDashboardCountTheOutcomes() throws Exception {
        GenesysStubs.allSucceed();
        clock.advance(Duration.ofDays(30000 + (long) (Math.random() * 1000)));
        Instant from = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant t0 = clock.instant();
        String code = UUID.randomUUID().toString();
        AnalyticsStubs.wrapUpCodeAnswers(code, "Password reset");
        String escalatedCall = UUID.randomUUID().toString();
        AnalyticsStubs.details(
                escalatedCall,
                AnalyticsStubs.voiceCall(
                        escalatedCall,
                        t0,
                        t0.plus(Duration.ofMinutes(5)),
                        new Agent(t0.plusSeconds(60), t0.plus(Duration.ofMinutes(5)), Duration.ofSeconds(30), code)));
        String resolvedCall = UUID.randomUUID().toString();
        AnalyticsStubs.details(
                resolvedCall, AnalyticsStubs.voiceCall(resolvedCall, t0, t0.plus(Duration.ofMinutes(5)), null));
        AnalyticsStubs.laterCalls(AnalyticsStubs.queryAnswer());
        List<String> ids = new ArrayList<>();
        ids.add(offer(escalatedCall));
        ids.add(offer(resolvedCall));
        ids.add(offer(UUID.randomUUID().toString()));
        store.transition(ids.get(1), HandoffStatus.COMPLETED, "played 100 % (test)");

        clock.advance(Duration.ofMinutes(21));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !handoff(ids.get(0)).path("outcome").isNull());
        clock.advance(Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !handoff(ids.get(1)).path("outcome").isNull());

        String range = "from=" + from + "&to=" + from.plus(Duration.ofDays(1));
        JsonNode row = JSON.readTree(getJson("/api/v1/reports/funnel?" + range).body())
                .path("rows")
                .get(0);
        assertThat(row.path("offered").asLong()).isEqualTo(3);
        assertThat(row.path("outcomes").toString())
                .isEqualTo("{\"resolved_by_video\":1,\"escalated\":1,"
                        + "\"repeat_contact\":0,\"abandoned\":0,\"unknown\":0,\"pending\":1}");
        // Of the two decided: one resolved; of the one completed (and decided): one resolved.
        assertThat(row.path("resolutionRateOfOffered").asDouble()).isEqualTo(0.5);
        assertThat(row.path("resolutionRateOfCompleted").asDouble()).isEqualTo(1.0);
        assertThat(row.path("repeatContactRate").asDouble()).isEqualTo(0.0);
        assertThat(row.path("escalationWrapUpCodes").toString()).isEqualTo("{\"Password reset\":1}");

        List<JsonNode> lines = new ArrayList<>();
        for (String line :
                getJson("/api/v1/reports/funnel?format=jsonl&" + range).body().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        JsonNode escalated = lines.stream()
                .filter(l -> l.path("handoffId").asText().equals(ids.get(0)))
                .findFirst()
                .orElseThrow();
        assertThat(escalated.path("outcome").asText()).isEqualTo("escalated");
        assertThat(escalated.path("wrapUpCode").asText()).isEqualTo("Password reset");
        assertThat(escalated.path("handleSeconds").asLong()).isEqualTo(270);
        assertThat(escalated.has("outcomeDecidedAt")).isTrue();
        JsonNode pending = lines.stream()
                .filter(l -> l.path("handoffId").asText().equals(ids.get(2)))
                .findFirst()
                .orElseThrow();
        assertThat(pending.has("outcome")).isFalse();

        ChromeDriver browser = openDashboard("?" + range);
        try {
            assertThat(browser.findElement(By.id("outcome-summary")).getText())
                    .isEqualTo("1 resolved by video (50 % of 2 decided), 1 pending");
            List<WebElement> cells = browser.findElements(By.cssSelector("#resolution-table tbody td"));
            assertThat(cells)
                    .extracting(WebElement::getText)
                    .containsExactly(TestServers.SAMPLE_ASSET + " (sms)", "1", "50 %", "100 %", "0 %", "1");
            assertThat(browser.findElements(By.cssSelector("#wrap-up-table tbody td")))
                    .extracting(WebElement::getText)
                    .containsExactly("Password reset", "1");
            browser.executeScript("document.getElementById('resolution').scrollIntoView()");
            assertThat(Chromium.screenshot(browser, "dashboard-outcomes")).isNotEmpty();
        } finally {
            browser.quit();
        }
    }
}
