package com.ivrvideobridge.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.deadline.TimeoutProperties;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * bridge.agent.mode=transfer: a caller still in the IVR is moved to the queue by the bridge
 * (replace/queue naming the IVR participant), the agent sees the note on the customer; no callback.
 */
@TestPropertySource(properties = "bridge.agent.mode=transfer")
// Closed after this class: its instance polls the shared deadlines too, and would transfer other tests' callers.
@DirtiesContext
class BlindTransferTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private TimeoutProperties timeouts;

    @Test
    void aLinkNotOpenedInTimeTransfersTheLiveCallWithTheNote() throws Exception {
        GenesysStubs.allSucceed();
        String conversationId = UUID.randomUUID().toString();
        GenesysStubs.callerOnTheLine(conversationId);
        String handoffId = JSON.readTree(callWebhook(ArchitectCalls.smsCall(conversationId, "mobile_app"))
                        .body())
                .path("handoffId")
                .asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status(handoffId)));

        clock.advance(timeouts.sms().plusSeconds(1));

        String transferPath = "/api/v2/conversations/" + conversationId + "/participants/"
                + GenesysStubs.IVR_PARTICIPANT + "/replace/queue";
        await().atMost(Duration.ofSeconds(15))
                .until(() -> transfers(transferPath).size() == 1);
        assertThat(JSON.readTree(transfers(transferPath).get(0).getBodyAsString())
                        .path("queueId")
                        .asText())
                .isEqualTo("queue-default");
        List<LoggedRequest> notes = TestServers.genesysApi()
                .findAll(patchRequestedFor(urlEqualTo("/api/v2/conversations/" + conversationId + "/participants/"
                                + GenesysStubs.CUSTOMER_PARTICIPANT + "/attributes"))
                        .withRequestBody(matchingJsonPath(
                                "$.attributes.video_note", equalTo("Video tutorial offered but not viewed"))));
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).getLoggedDate())
                .isBeforeOrEqualTo(transfers(transferPath).get(0).getLoggedDate());
        // No callback for this call (other test classes' callers may still come due meanwhile).
        assertThat(TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))))
                .noneMatch(callback -> callback.getBodyAsString().contains(conversationId));
        assertThat(status(handoffId)).isEqualTo("ESCALATED");
    }

    private List<LoggedRequest> transfers(String path) {
        return TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(path)));
    }

    private String status(String handoffId) throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status")
                .asText();
    }
}
