package com.ivrvideobridge.landing;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.Chromium;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The caller's side in a real browser (headless Chromium), driven like a person: open the link
 * from the message, look, press Start, watch. What the service recorded is read back through its API.
 */
class LandingPageBrowserTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The sample tutorial's real length (scripts/generate-sample-media.sh). */
    private static final double SAMPLE_SECONDS = 6.0;

    private static ChromeDriver browser;

    @Autowired
    private StringRedisTemplate redis;

    private String conversationId;
    private String handoffId;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.quit();
    }

    /** A caller in the IVR with a video-capable web messaging session: the link went out as a web push. */
    @BeforeEach
    void linkSentToTheCallersWebSession() throws Exception {
        GenesysStubs.allSucceed();
        conversationId = UUID.randomUUID().toString();
        handoffId = JSON.readTree(
                        callWebhook(ArchitectCalls.webCall(conversationId)).body())
                .path("handoffId")
                .asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status()));
    }

    @Test
    void personOpensTheLinkPressesStartAndWatchesToTheEnd() throws Exception {
        browser.get(landingUrl());

        // Opening (the page's handshake) is what counts: OPENED, deadline moved to "started by then", Genesys told.
        await().atMost(Duration.ofSeconds(10)).until(() -> "OPENED".equals(status()));
        assertThat(redis.opsForZSet().score("bridge:deadlines", handoffId)).isNotNull();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessionStartedMessages().size() == 1);
        String note = JSON.readTree(sessionStartedMessages().get(0).getBodyAsString())
                .path("textBody")
                .asText();
        assertThat(note)
                .startsWith("Video tutorial session initiated for asset ID: " + TestServers.SAMPLE_ASSET)
                .contains("ivr_pushed_video");

        // Nothing plays before the click: no source loaded, paused at 0, no STARTED.
        WebElement start = browser.findElement(By.id("start"));
        await().atMost(Duration.ofSeconds(5)).until(start::isDisplayed);
        assertThat(start.getText()).isEqualTo("Start video");
        assertThat(video())
                .containsEntry("paused", true)
                .containsEntry("src", "")
                .containsEntry("time", 0L);
        assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Welcome: set up your router");
        assertThat(Chromium.screenshot(browser, "landing-before-start")).isNotEmpty();
        assertAccessible("before Start");
        assertThat(types(events())).doesNotContain("STARTED");

        start.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> types(events()).contains("STARTED"));
        assertThat(Chromium.screenshot(browser, "landing-playing")).isNotEmpty();
        assertThat(start.isDisplayed()).isFalse();
        // The button hid itself: keyboard focus went to the player, not back to the top of the page.
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("video");
        assertAccessible("playing");
        // Chromium plays HLS itself, as Safari does: the session's playlist, and hls.js never fetched.
        assertThat((String) video().get("src")).contains("/w/" + token() + "/playlist.m3u8?s=");
        assertThat(resources()).noneMatch(url -> url.contains("/vendor/hls.js"));
        // Before its first segment the player reads two playlists, the master and the lowest rendition's. The
        // page fetched both once Start was shown, and the player took them from the browser's cache: after Start
        // only the first segment went over the network (on 3G, 0.6 s less to the first frame). The master's path
        // ends in .m3u8, so the player knows it at once: it is not fetched once more to find out what it is.
        for (String playlist : List.of("welcome%2Fwelcome.m3u8", "welcome%2Fhls%2Flow%2Findex.m3u8")) {
            assertThat(playlistFetches(playlist))
                    .as(playlist)
                    .containsExactly("fetch from the network", "video from the cache");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(status()));
        List<JsonNode> events = events();
        List<String> types = types(events);
        assertThat(types.stream().filter("STARTED"::equals)).hasSize(1);
        assertThat(credited(events))
                .containsSubsequence(
                        "START_CLICKED", "STARTED", "QUARTILE_25", "QUARTILE_50", "QUARTILE_75", "COMPLETED");
        JsonNode completed = events.stream()
                .filter(e -> e.path("type").asText().equals("COMPLETED"))
                .findFirst()
                .orElseThrow();
        assertThat(completed.path("durationWatched").asDouble())
                .isCloseTo(SAMPLE_SECONDS, org.assertj.core.data.Offset.offset(1.0));
        assertThat(completed.path("completionStatus").asText()).isEqualTo("completed");
        assertThat(completed.path("conversationId").asText()).isEqualTo(conversationId);
    }

    /**
     * A browser that cannot play HLS itself (Firefox; here Chromium told so): hls.js is fetched only
     * once Start is shown, in the background, and plays through Media Source Extensions.
     */
    @Test
    void withoutNativeHlsTheLibraryComesAfterStartIsShownAndPlays() throws Exception {
        Object script = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                const canPlayType = HTMLMediaElement.prototype.canPlayType;
                HTMLMediaElement.prototype.canPlayType = function (type) {
                  return /mpegurl/i.test(type) ? '' : canPlayType.call(this, type);
                };
                new MutationObserver(() => {
                  const start = document.getElementById('start');
                  if (start && !start.hidden && window.startShownAt === undefined) { window.startShownAt = performance.now(); }
                }).observe(document, {subtree: true, childList: true, attributes: true});
                """))
                .get("identifier");
        try {
            browser.get(landingUrl());
            WebElement start = browser.findElement(By.id("start"));
            await().atMost(Duration.ofSeconds(10)).until(start::isDisplayed);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> resources().stream().anyMatch(url -> url.contains("/vendor/hls.js")));
            double shown = ((Number) browser.executeScript("return window.startShownAt;")).doubleValue();
            double fetched = ((Number) browser.executeScript("return performance.getEntriesByType('resource')"
                            + ".find(e => e.name.includes('/vendor/hls.js')).startTime;"))
                    .doubleValue();
            assertThat(fetched).isGreaterThanOrEqualTo(shown);

            start.click();
            await().atMost(Duration.ofSeconds(10)).until(() -> types(events()).contains("STARTED"));
            assertThat((String) video().get("src")).startsWith("blob:"); // hls.js through Media Source Extensions
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
        }
    }

    @Test
    void jumpingToTheLastSecondIsNotWatchingIt() throws Exception {
        browser.get(landingUrl());
        WebElement start = browser.findElement(By.id("start"));
        await().atMost(Duration.ofSeconds(10)).until(start::isDisplayed);
        start.click();
        // As soon as it plays, drag the playhead to the last second.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> ((Number) video().get("time")).doubleValue() > 0);
        browser.executeScript("const v = document.getElementById('video'); v.currentTime = v.duration - 1;");

        await().atMost(Duration.ofSeconds(15)).until(() -> types(events()).contains("ENDED"));
        List<JsonNode> events = events();
        assertThat(credited(events)).doesNotContain("QUARTILE_25", "QUARTILE_50", "QUARTILE_75", "COMPLETED");
        JsonNode ended = events.stream()
                .filter(e -> e.path("type").asText().equals("ENDED"))
                .findFirst()
                .orElseThrow();
        assertThat(ended.path("completionStatus").asText()).isEqualTo("skipped_to_end");
        assertThat(ended.path("durationWatched").asDouble()).isLessThan(2.5);
        assertThat(status()).isEqualTo("STARTED");
    }

    /** The page for a link that cannot be played (here unknown) reads as well as the live one. */
    @Test
    void theNotFoundPageIsAccessibleToo() {
        browser.get(url("/w/AAAAAAAAAAAAAAAAAAAAAA").toString());
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("This link is not valid");
        assertAccessible("link not found");
    }

    @Test
    void aLinkPreviewFetcherChangesNothing() throws Exception {
        HttpResponse<byte[]> page = fetch(url("/w/" + token()).toString(), "User-Agent", "WhatsApp/2.23.20.0 A");
        fetch(url("/w/" + token()).toString(), "User-Agent", "WhatsApp/2.23.20.0 A");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body())).contains("Start video");
        assertThat(status()).isEqualTo("SENT");
        assertThat(redis.opsForZSet().score("bridge:deadlines", handoffId)).isNotNull();
        assertThat(sessionStartedMessages()).isEmpty();
        JsonNode history =
                JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body()).path("history");
        List<String> notes = new ArrayList<>();
        history.forEach(h -> notes.add(h.path("detail").asText()));
        assertThat(notes.stream().filter(n -> n.contains("preview fetcher (WhatsApp)")))
                .hasSize(1);
    }

    private String landingUrl() {
        return url("/w/" + token()).toString();
    }

    private String token() {
        return linkToken(handoffId);
    }

    private String status() throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status")
                .asText();
    }

    private List<JsonNode> events() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(getJson("/api/v1/handoffs/" + handoffId + "/events").body())
                .forEach(events::add);
        return events;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static List<String> credited(List<JsonNode> events) {
        return events.stream()
                .filter(e -> e.path("credited").asBoolean())
                .map(e -> e.path("type").asText())
                .toList();
    }

    /**
     * axe-core (frontend/package.json; its copy in src/test/resources/vendor/) run in the page as it
     * is now: no serious or critical violation of WCAG 2.x A/AA or best practice.
     */
    @SuppressWarnings("unchecked")
    private static void assertAccessible(String state) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.executeScript(axeSource());
        List<String> violations = (List<String>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))));
                """);
        assertThat(violations).as("axe-core, " + state).isEmpty();
    }

    private static String axeSource() {
        try (InputStream in = LandingPageBrowserTest.class.getResourceAsStream("/vendor/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> resources() {
        return (List<String>)
                browser.executeScript("return performance.getEntriesByType('resource').map(e => e.name);");
    }

    /** Who fetched this playlist (the page's script, the video element) and where from, in order. */
    @SuppressWarnings("unchecked")
    private List<String> playlistFetches(String key) {
        return (List<String>) browser.executeScript(
                "return performance.getEntriesByType('resource')"
                        + ".filter(e => e.name.endsWith('&p=' + arguments[0]))"
                        + ".map(e => e.initiatorType + (e.transferSize > 0 ? ' from the network' : ' from the cache'));",
                key);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> video() {
        return (Map<String, Object>) browser.executeScript("const v = document.getElementById('video');"
                + "return {paused: v.paused, time: v.currentTime, src: v.currentSrc};");
    }

    private List<LoggedRequest> sessionStartedMessages() {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo("/api/v2/conversations/messages/msg-" + conversationId
                                + "/communications/comm-1/messages"))
                        .withRequestBody(containing("session initiated")));
    }
}
