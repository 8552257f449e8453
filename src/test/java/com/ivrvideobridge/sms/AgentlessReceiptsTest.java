package com.ivrvideobridge.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Genesys agentless SMS has no receipts: the bridge polls the message's status (5 s, 30 s, 2 min after
 * the send, until final) and treats what it hears like any provider's receipt. Each test's text has
 * its own conversation and message id, answered by WireMock in the real shapes (GenesysStubs).
 */
class AgentlessReceiptsTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private StringRedisTemplate redis;

    private String conversationId;
    private String messageId;
    private String messagePath;

    @BeforeEach
    void ownText() {
        GenesysStubs.allSucceed();
        conversationId = UUID.randomUUID().toString();
        messageId = UUID.randomUUID().toString();
        messagePath = "/api/v2/conversations/messages/" + conversationId + "/messages/" + messageId;
        GenesysStubs.agentlessSendAnswers(conversationId, messageId);
    }

    private String sendSms() throws Exception {
        String handoffId = JSON.readTree(
                        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                                .body())
                .path("handoffId")
                .asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "SENT".equals(handoff(handoffId).path("status").asText()));
        return handoffId;
    }

    /** Every status poll of this test's text answers this. */
    private void statusAnswers(ResponseDefinitionBuilder answer) {
        TestServers.genesysApi().stubFor(get(urlEqualTo(messagePath)).willReturn(answer));
    }

    private List<LoggedRequest> polls() {
        return TestServers.genesysApi().findAll(getRequestedFor(urlEqualTo(messagePath)));
    }

    private JsonNode handoff(String handoffId) throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body());
    }

    private String status(String handoffId) throws Exception {
        return handoff(handoffId).path("status").asText();
    }

    private String history(String handoffId) throws Exception {
        return handoff(handoffId).path("history").toString();
    }

    private List<LoggedRequest> callbacks(String handoffId) {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                        .withRequestBody(matchingJsonPath("$.data.video_handoff_id", equalTo(handoffId))));
    }

    /** An error as Genesys answers it (ErrorBody). */
    private static ResponseDefinitionBuilder genesysError(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"" + code + "\", \"code\": \"" + code + "\", \"status\": " + status + "}");
    }

    private void pollsStayAt(int made) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> polls().size() == made);
    }

    /** No further status poll of this text comes, however long we wait. */
    private void noMorePolls(int made) {
        clock.advance(Duration.ofMinutes(10));
        pollsStayAt(made);
    }

    @Test
    void deliverySuccessMarksTheHandoffDeliveredAndTheFunnelCountsIt() throws Exception {
        // A day of our own, far from every other test's handoffs.
        clock.advance(Duration.ofDays(20000 + (long) (Math.random() * 1000)));
        Instant from = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        statusAnswers(okJson(GenesysStubs.messageData("delivery-success")));
        String handoffId = sendSms();
        assertThat(polls()).isEmpty();

        clock.advance(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(status(handoffId)));
        assertThat(polls()).hasSize(1);
        assertThat(polls().get(0).getHeader("Authorization")).isEqualTo("Bearer " + GenesysStubs.TOKEN);
        assertThat(history(handoffId)).contains("genesys sms delivered (receipt)");
        JsonNode funnel =
                JSON.readTree(getJson("/api/v1/reports/funnel?from=" + from + "&to=" + from.plus(Duration.ofDays(1)))
                        .body());
        assertThat(funnel.path("rows").get(0).path("delivered").asLong()).isEqualTo(1);
        noMorePolls(1);
    }

    @Test
    void deliveryFailedSendsTheCallerToAnAgentAtOnceWithTheReason() throws Exception {
        statusAnswers(okJson(GenesysStubs.messageData("delivery-failed", "RecipientOptedOut")));
        String handoffId = sendSms();

        clock.advance(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks(handoffId).size() == 1);
        JsonNode callback = JSON.readTree(callbacks(handoffId).get(0).getBodyAsString());
        assertThat(callback.path("data").path("video_note").asText())
                .isEqualTo(
                        "Video tutorial offered but not delivered (genesys sms failed: recipient has opted out (RecipientOptedOut))");
        assertThat(callback.path("data").path("video_reason").asText()).isEqualTo("delivery_failed");
        assertThat(callback.path("queueId").asText()).isEqualTo("queue-sms-failures");
        assertThat(status(handoffId)).isEqualTo("ESCALATED");
        assertThat(history(handoffId)).contains("\"status\":\"FAILED\"");
        noMorePolls(1);
        assertThat(callbacks(handoffId)).hasSize(1);
    }

    @Test
    void sentThenDeliveredLaterKeepsPollingThenStops() throws Exception {
        TestServers.genesysApi()
                .stubFor(get(urlEqualTo(messagePath))
                        .inScenario("carrier")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("delivered")
                        .willReturn(okJson(GenesysStubs.messageData("sent"))));
        TestServers.genesysApi()
                .stubFor(get(urlEqualTo(messagePath))
                        .inScenario("carrier")
                        .whenScenarioStateIs("delivered")
                        .willReturn(okJson(GenesysStubs.messageData("delivery-success"))));
        String handoffId = sendSms();

        clock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> polls().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> history(handoffId).contains("genesys sms sent (receipt)"));
        assertThat(status(handoffId)).isEqualTo("SENT");
        // Not before the next poll of the schedule (30 s after the send).
        pollsStayAt(1);

        clock.advance(Duration.ofSeconds(25));

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(status(handoffId)));
        noMorePolls(2);
    }

    @Test
    void aGenesysOutageOnThePollIsRetriedThenPolledAgainLater() throws Exception {
        statusAnswers(genesysError(503, "service.unavailable"));
        String handoffId = sendSms();

        clock.advance(Duration.ofSeconds(5));
        // The first poll and its retries (bridge.outbound.maximum-redeliveries=3 in tests), all 503.
        await().atMost(Duration.ofSeconds(10)).until(() -> polls().size() == 4);
        pollsStayAt(4);
        assertThat(status(handoffId)).isEqualTo("SENT");

        statusAnswers(okJson(GenesysStubs.messageData("delivery-success")));
        clock.advance(Duration.ofSeconds(25));

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(status(handoffId)));
        noMorePolls(5);
    }

    @Test
    void aTextWhoseStatusNeverComesIsGivenUpWithANote() throws Exception {
        statusAnswers(genesysError(404, "not.found"));
        String handoffId = sendSms();

        clock.advance(Duration.ofMinutes(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> history(handoffId).contains("no final delivery status"));
        assertThat(history(handoffId))
                .contains("genesys sms: no final delivery status after 3 status polls over 120 s"
                        + " (last: the status could not be read: HTTP 404)");
        assertThat(status(handoffId)).isEqualTo("SENT");
        noMorePolls(polls().size());
        assertThat(polls()).hasSize(3);
    }

    @Test
    void aPollAfterDeliveredChangesNothing() throws Exception {
        statusAnswers(okJson(GenesysStubs.messageData("delivery-success")));
        String handoffId = sendSms();
        clock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(status(handoffId)));
        String delivered = history(handoffId);

        // A poll made again (another instance's claim ran out, a duplicate) now hears an older status.
        statusAnswers(okJson(GenesysStubs.messageData("sent")));
        redis.opsForZSet()
                .add(
                        AgentlessReceipts.PENDING,
                        new AgentlessReceipts.Poll(clock.millis(), 1, conversationId, messageId).member(),
                        clock.millis());

        await().atMost(Duration.ofSeconds(10)).until(() -> polls().size() == 2);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> history(handoffId).equals(delivered));
        assertThat(status(handoffId)).isEqualTo("DELIVERED");
    }

    @Test
    void aFailureReportedAfterTheLinkWasOpenedIsNotedAndEscalatesNobody() throws Exception {
        statusAnswers(okJson(GenesysStubs.messageData("delivery-failed", "RecipientOptedOut")));
        String handoffId = sendSms();
        assertThat(handshake(linkToken(handoffId), PHONE_BROWSER).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> history(handoffId).contains("not escalated"));
        assertThat(history(handoffId))
                .contains("genesys sms failed: recipient has opted out (RecipientOptedOut)"
                        + " (reported after the handoff had moved on: not escalated)");
        assertThat(status(handoffId)).isEqualTo("OPENED");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks(handoffId).isEmpty());
    }

    @Test
    void anAnswerWithoutTheMessageIsPolledByItsId() throws Exception {
        // Older API versions answer the agentless send without "message": its "id" is the message's.
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                        .willReturn(aResponse()
                                .withStatus(202)
                                .withHeader("Content-Type", "application/json")
                                .withBody("""
                        {"id": "%2$s", "conversationId": "%1$s", "fromAddress": "+15550000000", "toAddress": "+15550000001",
                         "messengerType": "sms", "textBody": "Your video guide is ready", "timestamp": "2026-11-25T12:00:00Z",
                         "selfUri": "/api/v2/conversations/messages/agentless/%2$s"}""".formatted(conversationId, messageId))));
        statusAnswers(okJson(GenesysStubs.messageData("read")));
        String handoffId = sendSms();

        clock.advance(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(status(handoffId)));
        assertThat(polls()).hasSize(1);
    }
}
