package com.ivrvideobridge.report;

import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The caller's experience from the field, as the pages report it: startup time (Start pressed to
 * playing), startup failures (pressed, never played) and the rebuffer ratio, per asset and channel
 * in the funnel report and on the dashboard.
 */
class VideoStartupFiguresTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startupTimeFailuresAndRebufferingPerAssetAndChannel() throws Exception {
        GenesysStubs.allSucceed();
        // A day of our own, far from every other test's handoffs.
        clock.advance(Duration.ofDays(20000 + (long) (Math.random() * 1000)));
        Instant from = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String quick = offer();
        String slow = offer();
        String neverPlayed = offer();
        offer(); // never opened

        String[] quickEvents = {
            event("START_CLICKED", "[]"),
            with(event("STARTED", "[[0, 0.1]]"), "startupMs", 800),
            with(event("REBUFFER", "[[0, 2.0]]"), "rebufferMs", 500),
            event("PAUSED", "[[0, 4.5]]")
        };
        watch(quick, quickEvents);
        watch(quick, quickEvents); // resent (the page did not get the answer): counted once
        watch(
                slow,
                event("START_CLICKED", "[]"),
                with(event("STARTED", "[[0, 0.1]]"), "startupMs", 2000),
                event("PAUSED", "[[0, 2.0]]"));
        watch(neverPlayed, event("START_CLICKED", "[]"));

        JsonNode row = JSON.readTree(
                        getJson("/api/v1/reports/funnel?from=" + from + "&to=" + from.plus(Duration.ofDays(1)))
                                .body())
                .path("rows")
                .get(0);
        assertThat(row.path("offered").asInt()).isEqualTo(4);
        assertThat(row.path("medianStartupMs").asLong()).isEqualTo(800);
        assertThat(row.path("p90StartupMs").asLong()).isEqualTo(2000);
        assertThat(row.path("startupFailureRate").asDouble()).isEqualTo(0.3333); // 1 of the 3 who pressed Start
        assertThat(row.path("rebufferRatio").asDouble()).isEqualTo(0.0714); // 0.5 s stalled, 4.5 + 2 s watched

        ChromeDriver browser = openDashboard("?from=" + from + "&to=" + from.plus(Duration.ofDays(1)));
        try {
            assertThat(browser.findElement(By.id("startup")).getText())
                    .contains("welcome/welcome.mp4")
                    .contains("sms")
                    .contains("0.8 s")
                    .contains("2.0 s")
                    .contains("33.3 %")
                    .contains("7.1 %");
        } finally {
            browser.quit();
        }
    }

    private static String with(String event, String field, long value) {
        return event.replaceFirst("}$", ",\"" + field + "\":" + value + "}");
    }

    private String offer() throws Exception {
        return offerToAPhoneBrowser();
    }
}
