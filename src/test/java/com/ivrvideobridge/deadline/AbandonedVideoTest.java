package com.ivrvideobridge.deadline;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import com.ivrvideobridge.testbed.TestTutorials;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A caller who starts the video and gives up early reaches an agent who knows how far they got. */
class AbandonedVideoTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private TimeoutProperties timeouts;

    private String handoffId;
    private JsonNode session;

    @BeforeEach
    void startedWatching() throws Exception {
        startedWatching(TestServers.SAMPLE_ASSET);
    }

    private void startedWatching(String assetId) throws Exception {
        GenesysStubs.allSucceed();
        handoffId = offerToAPhoneBrowser(assetId);
        session = JSON.readTree(handshake(linkToken(handoffId), PHONE_BROWSER).body());
    }

    @Test
    void stoppingAtTwentyPercentAndGoingQuietSendsTheCallerToAnAgentWithHowFarTheyGot() throws Exception {
        send(event("STARTED", "[[0, 0.1]]"), event("PAUSED", "[[0, 1.2]]"));
        clock.advance(timeouts.abandonedIdle().plusSeconds(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        JsonNode data = JSON.readTree(callbacks().get(0).getBodyAsString()).path("data");
        assertThat(data.path("video_note").asText()).isEqualTo("Video tutorial started, stopped at 20 %");
        assertThat(data.path("video_reason").asText()).isEqualTo("abandoned");
        assertThat(status()).isEqualTo("ESCALATED");
    }

    @Test
    void aCallerStillWatchingOrPastAQuarterIsLeftAlone() throws Exception {
        send(event("STARTED", "[[0, 0.1]]"));
        clock.advance(timeouts.abandonedIdle().minusSeconds(5));
        send(event("QUARTILE_25", "[[0, 1.6]]"));
        clock.advance(timeouts.abandonedIdle().plusSeconds(5));

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().isEmpty());
        assertThat(status()).isEqualTo("STARTED");
    }

    @Test
    void aCallerWatchingALongTutorialWithoutPausingIsNotTakenForGone() throws Exception {
        // A 10-minute tutorial: the first quarter takes 150 s of playing, with nothing to report meanwhile.
        startedWatching(TestTutorials.ofLength(600));
        send(event("STARTED", "[[0, 0.1]]").replace("\"duration\":6.0", "\"duration\":600.0"));
        clock.advance(timeouts.abandonedIdle().plusSeconds(60));

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().isEmpty());
        assertThat(status()).isEqualTo("STARTED");
    }

    private void send(String... events) throws Exception {
        sendEvents(linkToken(handoffId), session, events);
    }

    private List<LoggedRequest> callbacks() {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                        .withRequestBody(matchingJsonPath("$.data.video_handoff_id", equalTo(handoffId))));
    }

    private String status() throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status")
                .asText();
    }
}
