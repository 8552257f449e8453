package com.ivrvideobridge.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.WebKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Safari's own path, in a WebKit engine (WebKitGTK, which plays HLS itself through GStreamer as
 * Safari does through AVFoundation): the page hands the browser the session's playlist, every
 * segment presigned, no cookies, no hls.js. A person presses Start and the video plays.
 */
class LandingPageWebKitTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWebKitBrowserPlaysTheSessionsPlaylistItself() throws Exception {
        GenesysStubs.allSucceed();
        String handoffId = offerToAPhoneBrowser();
        try (WebKit webKit = WebKit.start()) {
            RemoteWebDriver browser = webKit.browser();
            browser.get(url("/w/" + linkToken(handoffId)).toString());
            WebElement start = browser.findElement(By.id("start"));
            await().atMost(Duration.ofSeconds(20)).until(start::isDisplayed);
            assertThat(browser.executeScript(
                            "return document.getElementById('video').canPlayType('application/vnd.apple.mpegurl');"))
                    .isNotEqualTo("");

            start.click();
            await().atMost(Duration.ofSeconds(30)).until(() -> types(handoffId).contains("STARTED"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            ((Number) browser.executeScript("return document.getElementById('video').currentTime;"))
                                            .doubleValue()
                                    > 0);
            assertThat((String) browser.executeScript("return document.getElementById('video').currentSrc;"))
                    .contains("/w/" + linkToken(handoffId) + "/playlist.m3u8?s=");
            assertThat((Boolean) browser.executeScript("return window.Hls === undefined;"))
                    .isTrue();
        }
        JsonNode started = events(handoffId).stream()
                .filter(e -> e.path("type").asText().equals("STARTED"))
                .findFirst()
                .orElseThrow();
        assertThat(started.path("credited").asBoolean()).isTrue();
    }

    private List<JsonNode> events(String handoffId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(getJson("/api/v1/handoffs/" + handoffId + "/events").body())
                .forEach(events::add);
        return events;
    }

    private List<String> types(String handoffId) throws Exception {
        return events(handoffId).stream().map(e -> e.path("type").asText()).toList();
    }
}
