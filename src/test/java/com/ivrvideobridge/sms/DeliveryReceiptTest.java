package com.ivrvideobridge.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Base of the delivery receipt tests: before each test an SMS handoff is SENT and the provider's id
 * of its message ({@link #messageId}) is recorded as Deliveries.recordSent does (the agentless stub
 * returns one id for all, so each test gets its own); the handoff's state and callbacks are at hand.
 */
abstract class DeliveryReceiptTest extends BridgeIntegrationTest {

    protected static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    protected StringRedisTemplate redis;

    protected String handoffId;
    protected String messageId;

    /** The id the provider gives a message (Twilio: SM..., Genesys: a UUID). */
    protected abstract String newMessageId();

    @BeforeEach
    void sentHandoff() throws Exception {
        GenesysStubs.allSucceed();
        JsonNode answer = JSON.readTree(
                callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                        .body());
        handoffId = answer.path("handoffId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status()));
        messageId = newMessageId();
        redis.opsForValue().set("bridge:provider-message:" + messageId, handoffId);
    }

    private JsonNode handoff() throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body());
    }

    protected String status() throws Exception {
        return handoff().path("status").asText();
    }

    protected String history() throws Exception {
        return handoff().path("history").toString();
    }

    /** The caller opens the link: the handoff is OPENED. */
    protected void openLink() throws Exception {
        assertThat(handshake(linkToken(handoffId), PHONE_BROWSER).statusCode()).isEqualTo(200);
    }

    /** A failure reported after the link was opened is kept in the history; the caller, watching, stays where they are. */
    protected void assertOnlyNoted(String failure) throws Exception {
        assertThat(status()).isEqualTo("OPENED");
        assertThat(history()).contains(failure + " (reported after the handoff had moved on: not escalated)");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().isEmpty());
    }

    /** The Genesys callbacks made for this handoff. */
    protected List<LoggedRequest> callbacks() {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                        .withRequestBody(matchingJsonPath("$.data.video_handoff_id", equalTo(handoffId))));
    }
}
