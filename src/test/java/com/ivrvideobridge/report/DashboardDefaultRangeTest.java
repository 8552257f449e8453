package com.ivrvideobridge.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** Opened as a new user would, right after a call: the dashboard's default range includes now. */
class DashboardDefaultRangeTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHandoffMadeSecondsAgoIsOnTheDashboardOpenedWithoutARange() throws Exception {
        GenesysStubs.allSucceed();
        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web"));
        // Everything of the last day, up to a minute from now, as the API counts it.
        Instant now = Instant.now();
        JsonNode report = JSON.readTree(getJson("/api/v1/reports/funnel?from=" + now.minus(Duration.ofDays(1)) + "&to="
                        + now.plus(Duration.ofMinutes(1)))
                .body());
        int offered = 0;
        for (JsonNode row : report.path("rows")) {
            offered += row.path("offered").asInt();
        }
        assertThat(offered).isPositive();

        ChromeDriver browser = openDashboard("");
        try {
            assertThat(browser.findElement(By.id("summary")).getText()).startsWith(offered + " offered,");
        } finally {
            browser.quit();
        }
    }
}
