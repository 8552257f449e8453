package com.ivrvideobridge.landing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The announcement of an opened link goes to Genesys off the caller's path, on the bounded wire-tap
 * pool. Under a slow Genesys the pool fills; what does not fit is dead-lettered and noted in the
 * handoff's history, never run on the request thread (Camel's default pool would run it there:
 * CallerRuns), so every page still gets its session at once.
 */
@TestPropertySource(properties = {"bridge.wire-taps.pool-size=1", "bridge.wire-taps.queue-size=1"})
class WireTapSheddingTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GENESYS_DELAY = Duration.ofSeconds(4);

    @AfterEach
    void genesysAnswersAgain() {
        GenesysStubs.allSucceed();
    }

    @Test
    void whenThePoolIsFullTheAnnouncementIsDeadLetteredAndThePageAnsweredAtOnce() throws Exception {
        GenesysStubs.allSucceed();
        // The "session started" notice into the chat takes Genesys 4 s; the worker's sends stay fast.
        TestServers.genesysApi()
                .stubFor(post(urlPathMatching(GenesysStubs.WEB_MESSAGE_PATH))
                        .withRequestBody(containing("session initiated"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"id\": \"notice-1\"}")
                                .withFixedDelay((int) GENESYS_DELAY.toMillis())));
        List<String> handoffs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> offered =
                    callWebhook(ArchitectCalls.webCall(UUID.randomUUID().toString()));
            handoffs.add(JSON.readTree(offered.body()).path("handoffId").asText());
        }

        // One announcement runs (waiting on Genesys), one waits for the thread, the others do not fit.
        for (String handoff : handoffs) {
            long start = System.nanoTime();
            assertThat(handshake(linkToken(handoff), PHONE_BROWSER).statusCode())
                    .isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENESYS_DELAY.dividedBy(2));
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(handoffs.stream()
                                .filter(handoff -> history(handoff).contains("wire-tap pool full"))
                                .count())
                        .isGreaterThanOrEqualTo(2));
    }

    private String history(String handoffId) {
        try {
            return getJson("/api/v1/handoffs/" + handoffId).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
