package com.ivrvideobridge.landing;

import static com.ivrvideobridge.testbed.PageEvents.batch;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import com.ivrvideobridge.testbed.TestTutorials;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Telemetry from the landing page: events belong to their session (its key), land once however
 * often they are sent, and a bad batch is refused whole with a 4xx naming the problem.
 */
class TelemetryIngestTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String handoffId;
    private String token;
    private String sessionId;
    private String sessionKey;

    @Autowired
    private StringRedisTemplate redis;

    @BeforeEach
    void openedLink() throws Exception {
        openedLink(TestServers.SAMPLE_ASSET);
    }

    private void openedLink(String assetId) throws Exception {
        GenesysStubs.allSucceed();
        handoffId = offerToAPhoneBrowser(assetId);
        token = linkToken(handoffId);
        JsonNode session = JSON.readTree(handshake(token, PHONE_BROWSER).body());
        sessionId = session.path("sessionId").asText();
        sessionKey = session.path("sessionKey").asText();
    }

    @Test
    void aBatchIsRecordedOnceHoweverOftenItIsSent() throws Exception {
        String batch = batch(sessionId, sessionKey, event("STARTED", "[[0, 0.2]]"), event("PAUSED", "[[0, 1.0]]"));

        HttpResponse<String> first = post(batch, "application/json");
        HttpResponse<String> replayed = post(batch, "text/plain"); // as sendBeacon sends it

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("accepted").asInt()).isEqualTo(2);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).path("duplicates").asInt()).isEqualTo(2);
        assertThat(events().size()).isEqualTo(2);
        assertThat(status()).isEqualTo("STARTED");
    }

    @Test
    void theHistoryTellsTheStoryAndTheEventStreamHoldsEveryEvent() throws Exception {
        post(
                batch(
                        sessionId,
                        sessionKey,
                        event("STARTED", "[[0, 0.2]]"),
                        event("PAUSED", "[[0, 1.0]]"),
                        event("SEEKED", "[[0, 1.0]]"),
                        event("RESUMED", "[[0, 1.0]]"),
                        event("QUARTILE_25", "[[0, 1.6]]"),
                        event("COMPLETED", "[[0, 1.6]]")),
                "application/json");

        assertThat(events())
                .extracting(e -> e.path("type").asText())
                .containsExactly("STARTED", "PAUSED", "SEEKED", "RESUMED", "QUARTILE_25", "COMPLETED");
        String history = JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("history")
                .toString();
        assertThat(history)
                .contains("STARTED at", "QUARTILE_25 at", "COMPLETED at", "recorded, not credited")
                .doesNotContain("PAUSED")
                .doesNotContain("SEEKED")
                .doesNotContain("RESUMED");
    }

    @Test
    void aMilestoneThePlayedRangesDoNotCoverIsRecordedButNotCredited() throws Exception {
        post(
                batch(
                        sessionId,
                        sessionKey,
                        event("STARTED", "[[0, 0.2]]"),
                        event("COMPLETED", "[[0, 0.2], [5, 6]]"),
                        event("QUARTILE_75", "[[0, 0.2], [5, 6]]")),
                "application/json");

        JsonNode events = events();
        assertThat(events.get(1).path("credited").asBoolean()).isFalse();
        assertThat(events.get(2).path("credited").asBoolean()).isFalse();
        assertThat(events.get(1).path("durationWatched").asDouble()).isEqualTo(1.2);
        assertThat(status()).isEqualTo("STARTED");
    }

    /**
     * The page's duration is not the tutorial's: two events claiming a 1-second video played
     * through do not complete a 2-minute tutorial, nor stop the watch for a caller giving up.
     */
    @Test
    void aForgedDurationCompletesNothing() throws Exception {
        openedLink(TestTutorials.ofLength(120));
        post(
                batch(
                        sessionId,
                        sessionKey,
                        event("STARTED", "[[0, 0.5]]").replace("\"duration\":6.0", "\"duration\":1.0"),
                        event("COMPLETED", "[[0, 1]]").replace("\"duration\":6.0", "\"duration\":1.0")),
                "application/json");

        JsonNode completed = events().get(1);
        assertThat(completed.path("credited").asBoolean()).isFalse();
        assertThat(completed.path("notCredited").asText()).isEqualTo("milestone_not_covered");
        assertThat(completed.path("durationSeconds").asDouble()).isEqualTo(120.0);
        assertThat(completed.path("watchedPercent").asInt()).isZero();
        assertThat(status()).isEqualTo("STARTED");
        assertThat(redis.opsForZSet().score("bridge:deadlines", handoffId))
                .as("abandonment deadline")
                .isNotNull();
    }

    /**
     * Played time is bounded by the time the session has been open: no faster than the fastest
     * playback rate (2x), with a little slack, and never past the tutorial's end. A real player at
     * 2x is credited.
     */
    @Test
    void playingFasterThanTheClockOrPastTheEndIsNotCreditedButTwiceTheSpeedIs() throws Exception {
        post(
                batch(sessionId, sessionKey, event("STARTED", "[[0, 0.2]]"), event("COMPLETED", "[[0, 6.0]]")),
                "application/json");
        assertThat(events().get(1).path("notCredited").asText()).isEqualTo("played_faster_than_real_time");
        assertThat(status()).isEqualTo("STARTED");

        clock.advance(Duration.ofSeconds(20));
        post(batch(sessionId, sessionKey, event("PAUSED", "[[0, 30.0]]")), "application/json");
        assertThat(events().get(2).path("notCredited").asText()).isEqualTo("played_beyond_duration");
        assertThat(JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                        .path("history")
                        .toString())
                .doesNotContain("PAUSED")
                .contains("recorded, not credited (played faster than real time)");

        // A viewer at 2x: 6 s of video in 3 s.
        openedLink();
        clock.advance(Duration.ofSeconds(3));
        post(
                batch(sessionId, sessionKey, event("STARTED", "[[0, 0.2]]"), event("COMPLETED", "[[0, 6.0]]")),
                "application/json");
        assertThat(events().get(1).path("credited").asBoolean()).isTrue();
        assertThat(status()).isEqualTo("COMPLETED");
    }

    @Test
    void forgedOrBorrowedSessionsRecordNothing() throws Exception {
        assertRefused(
                post(batch(sessionId, "not-the-key", event("STARTED", "[]")), "application/json"),
                403,
                "session_invalid");
        assertRefused(
                post(batch("no-such-session", sessionKey, event("STARTED", "[]")), "application/json"),
                403,
                "session_invalid");
        // A real session of another link, sent to this one.
        String other = linkToken(offerToAPhoneBrowser());
        JsonNode otherSession = JSON.readTree(handshake(other, PHONE_BROWSER).body());
        assertRefused(
                post(
                        batch(
                                otherSession.path("sessionId").asText(),
                                otherSession.path("sessionKey").asText(),
                                event("STARTED", "[]")),
                        "application/json"),
                403,
                "session_invalid");
        assertThat(events().size()).isZero();
        assertThat(status()).isEqualTo("OPENED");
    }

    @Test
    void malformedOrOversizedBatchesAreRefusedWhole() throws Exception {
        assertRefused(post("{\"sessionId\": ", "application/json"), 400, "malformed_json");
        assertRefused(post("[]", "application/json"), 400, "invalid_request");
        assertRefused(post(batch(sessionId, sessionKey), "application/json"), 400, "invalid_request");
        // One bad event refuses the batch: the good one before it is not recorded either.
        assertRefused(
                post(
                        batch(sessionId, sessionKey, event("STARTED", "[]"), event("WATCHED_IT_ALL", "[]")),
                        "application/json"),
                400,
                "invalid_request");
        assertRefused(
                post(batch(sessionId, sessionKey, event("STARTED", "[[3, 1]]")), "application/json"),
                400,
                "invalid_request");
        assertRefused(
                post(batch(sessionId, sessionKey, event("STARTED", "[[0, \"x\"]]")), "application/json"),
                400,
                "invalid_request");
        String tooMany =
                IntStream.range(0, 51).mapToObj(i -> event("PAUSED", "[]")).collect(Collectors.joining(","));
        assertRefused(
                post(
                        "{\"sessionId\":\"%s\",\"sessionKey\":\"%s\",\"events\":[%s]}"
                                .formatted(sessionId, sessionKey, tooMany),
                        "application/json"),
                400,
                "invalid_request");
        String huge = event("ERROR", "[]").replace("\"type\"", "\"detail\": \"" + "x".repeat(20_000) + "\", \"type\"");
        assertThat(post(batch(sessionId, sessionKey, huge), "application/json").statusCode())
                .isEqualTo(413);
        assertThat(events().size()).isZero();
    }

    @Test
    void unknownLinksAreNotFound() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url("/w/AAAAAAAAAAAAAAAAAAAAAA/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch(sessionId, sessionKey, event("STARTED", "[]"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(response, 404, "link_not_found");
    }

    private void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo(code);
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url("/w/" + token + "/events"))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode events() throws Exception {
        return JSON.readTree(
                getJson("/api/v1/handoffs/" + handoffId + "/events").body());
    }

    private String status() throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status")
                .asText();
    }
}
