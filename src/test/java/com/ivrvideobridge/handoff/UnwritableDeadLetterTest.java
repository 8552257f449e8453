package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A send that fails while its dead letter cannot be written either (here: a dead-letter topic no
 * broker accepts) is not swallowed: the consumer reads the record again, and it is sent once
 * Genesys is back.
 */
@TestPropertySource(
        properties = "bridge.bus.dead-letters=kafka:unwritable*topic?brokers=${bridge.kafka.brokers}"
                + "&requestRequiredAcks=all&synchronous=true&maxBlockMs=2000")
@DirtiesContext
class UnwritableDeadLetterTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private HandoffStore store;

    @Test
    void aSendThatCannotEvenBeDeadLetteredIsReadAgainAndSentWhenGenesysRecovers() throws Exception {
        GenesysStubs.allSucceed();
        StubMapping outage = TestServers.genesysApi()
                .stubFor(post(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        String handoffId = JSON.readTree(
                        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                                .body())
                .path("handoffId")
                .asText();
        // Retries exhausted more than once: the record came back after its dead letter failed.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestServers.genesysApi()
                                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.AGENTLESS_PATH)))
                                .size()
                        > 2 * (1 + 3));

        TestServers.genesysApi().removeStub(outage);

        // Each round of retries ends in a dead letter that blocks up to maxBlockMs: allow several rounds.
        await().atMost(Duration.ofSeconds(90))
                .until(() -> store.find(handoffId).orElseThrow().status() == HandoffStatus.SENT);
    }
}
