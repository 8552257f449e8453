package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.ivrvideobridge.testbed.ArchitectCalls.smsCall;
import static com.ivrvideobridge.testbed.ArchitectCalls.webCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestHandoffs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The orchestration end to end: webhook in, Genesys (WireMock, real API shapes) out. */
class HandoffFlowTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireMockServer genesys = TestServers.genesysApi();

    @Autowired
    private HandoffStore handoffs;

    @Autowired
    private StringRedisTemplate redis;

    @BeforeEach
    void stubs() {
        GenesysStubs.allSucceed();
    }

    private JsonNode offer(String body) throws Exception {
        HttpResponse<String> response = callWebhook(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String status(String handoffId) throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status")
                .asText();
    }

    private void awaitStatus(String handoffId, String expected) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(status(handoffId)).isEqualTo(expected));
    }

    private List<LoggedRequest> webMessagesFor(String conversationId) {
        return genesys.findAll(postRequestedFor(urlPathEqualTo(
                "/api/v2/conversations/messages/msg-" + conversationId + "/communications/comm-1/messages")));
    }

    private List<LoggedRequest> agentlessSmsTo(String text) {
        return genesys.findAll(postRequestedFor(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                .withRequestBody(matchingJsonPath(
                        "$.textBody", com.github.tomakehurst.wiremock.client.WireMock.containing(text))));
    }

    @Test
    void videoCapableWebSessionGetsAWebPushWithAnOpaqueLinkAndTheAgentSeesTheContext() throws Exception {
        String conversation = UUID.randomUUID().toString();

        JsonNode answer = offer(webCall(conversation));

        assertThat(answer.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("handoffId", "channel", "status", "linkExpiresAt", "prompt");
        assertThat(answer.path("channel").asText()).isEqualTo("web");
        assertThat(answer.path("status").asText()).isEqualTo("OFFERED");
        assertThat(answer.path("prompt").asText()).isEqualTo("We've sent a video link to your chat window.");
        assertThat(answer.path("linkExpiresAt").asText()).isNotBlank();
        String handoffId = answer.path("handoffId").asText();
        awaitStatus(handoffId, "SENT");

        List<LoggedRequest> sent = webMessagesFor(conversation);
        assertThat(sent).hasSize(1);
        JsonNode body = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(body.fieldNames()).toIterable().containsExactly("textBody");
        String text = body.path("textBody").asText();
        assertThat(text).containsPattern("https://video\\.example\\.test/w/[A-Za-z0-9_-]{22}");
        assertThat(text).doesNotContain(conversation, "+14155550100", "cust-42", "4155550100");
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer " + GenesysStubs.TOKEN);
        assertThat(sent.get(0).containsHeader("kafka.KEY")).isFalse();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(genesys.findAll(patchRequestedFor(urlPathEqualTo(
                                        "/api/v2/conversations/" + conversation + "/participants/part-1/attributes"))
                                .withRequestBody(matchingJsonPath("$.attributes.video_channel", equalTo("web")))
                                .withRequestBody(matchingJsonPath(
                                        "$.attributes.video_asset_id", equalTo(TestServers.SAMPLE_ASSET)))
                                .withRequestBody(
                                        matchingJsonPath("$.attributes.video_handoff_id", equalTo(handoffId)))))
                        .hasSize(1));
    }

    @Test
    void mobileAppCallerGetsAnSmsThroughGenesysAgentless() throws Exception {
        String conversation = UUID.randomUUID().toString();

        JsonNode answer = offer(smsCall(conversation, "mobile_app"));

        assertThat(answer.path("channel").asText()).isEqualTo("sms");
        assertThat(answer.path("prompt").asText()).isEqualTo("We've sent a link to your phone.");
        awaitStatus(answer.path("handoffId").asText(), "SENT");
        List<LoggedRequest> sms = genesys.findAll(postRequestedFor(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                .withRequestBody(matchingJsonPath("$.toAddress", equalTo("+14155550100")))
                .withRequestBody(matchingJsonPath("$.toAddressMessengerType", equalTo("sms")))
                .withRequestBody(matchingJsonPath("$.fromAddress", equalTo("+15550000000"))));
        assertThat(sms).isNotEmpty();
        JsonNode body = JSON.readTree(sms.get(sms.size() - 1).getBodyAsString());
        assertThat(body.path("textBody").asText())
                .hasSizeLessThanOrEqualTo(765)
                .contains("https://video.example.test/w/");
        assertThat(body.has("mediaIds")).isFalse();
    }

    @Test
    void unknownDeviceGetsAnSms() throws Exception {
        JsonNode answer = offer(smsCall(UUID.randomUUID().toString(), "unknown"));
        assertThat(answer.path("channel").asText()).isEqualTo("sms");
    }

    @Test
    void desktopWithoutVideoCapabilityGetsAnSmsNotAWebPush() throws Exception {
        String conversation = UUID.randomUUID().toString();
        JsonNode answer =
                offer(webCall(conversation).replace("\"hasVideoCapability\": true", "\"hasVideoCapability\": false"));
        assertThat(answer.path("channel").asText()).isEqualTo("sms");
    }

    @Test
    void noPhoneAndNoWebSessionGoesToAnAgent() throws Exception {
        JsonNode answer = offer("""
                {"conversationId": "%s", "participantId": "part-1", "deviceType": "unknown", "assetId": "%s"}""".formatted(UUID.randomUUID(), TestServers.SAMPLE_ASSET));

        assertThat(answer.path("channel").asText()).isEqualTo("agent");
        assertThat(answer.path("prompt").asText()).isEqualTo("Let me connect you to an agent.");
        awaitStatus(answer.path("handoffId").asText(), "ESCALATED");
    }

    @Test
    void sameWebhookCallTwiceReturnsTheSameHandoffAndSendsOnce() throws Exception {
        String conversation = UUID.randomUUID().toString();

        JsonNode first = offer(webCall(conversation));
        JsonNode second = offer(webCall(conversation));

        assertThat(second.path("handoffId").asText())
                .isEqualTo(first.path("handoffId").asText());
        awaitStatus(first.path("handoffId").asText(), "SENT");
        JsonNode third = offer(webCall(conversation));
        assertThat(third.path("status").asText()).isEqualTo("SENT");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(webMessagesFor(conversation)).hasSize(1));
    }

    @Test
    void concurrentRetriesOfOneCallMakeOneHandoffAndOneMessage() throws Exception {
        String conversation = UUID.randomUUID().toString();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(callers.submit(
                        () -> offer(webCall(conversation)).path("handoffId").asText()));
            }
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(1);
            awaitStatus(distinct.iterator().next(), "SENT");
        } finally {
            callers.shutdown();
        }
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(webMessagesFor(conversation)).hasSize(1));
    }

    @Test
    void aHandoffStoredButNeverPutOnTheBusIsSentWhenArchitectRetries() throws Exception {
        // As if the instance stopped between storing the handoff and Kafka acknowledging it.
        String conversation = UUID.randomUUID().toString();
        Handoff stranded = handoffs.storeOnce(
                TestHandoffs.offeredSms(conversation, "part-1", clock.instant(), Duration.ofSeconds(900)),
                java.util.Map.of());

        JsonNode retried = offer(smsCall(conversation, "mobile_app"));

        assertThat(retried.path("handoffId").asText()).isEqualTo(stranded.id());
        awaitStatus(stranded.id(), "SENT");
        assertThat(agentlessSmsTo("/w/" + stranded.token())).hasSize(1);
    }

    @Test
    void aRetryWhoseEarlierHandoffHasExpiredGetsAClearConflict() throws Exception {
        String conversation = UUID.randomUUID().toString();
        String first =
                offer(smsCall(conversation, "mobile_app")).path("handoffId").asText();
        awaitStatus(first, "SENT");
        // Its state expired (state-ttl) a moment before the call's idempotency key did.
        redis.delete("bridge:handoff:" + first);

        HttpResponse<String> retried = callWebhook(smsCall(conversation, "mobile_app"));

        assertThat(retried.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(retried.body()).path("error").asText()).isEqualTo("offer_expired");
        assertThat(JSON.readTree(retried.body()).path("field").asText()).isEqualTo("conversationId");
    }

    @Test
    void twoServerErrorsThenSuccessIsRedeliveredAndSentOnce() throws Exception {
        String conversation = UUID.randomUUID().toString();
        String path = "/api/v2/conversations/messages/msg-" + conversation + "/communications/comm-1/messages";
        genesys.stubFor(post(urlEqualTo(path))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("failed-once"));
        genesys.stubFor(post(urlEqualTo(path))
                .inScenario("flaky")
                .whenScenarioStateIs("failed-once")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        genesys.stubFor(post(urlEqualTo(path))
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"m-3\"}")));

        JsonNode answer = offer(webCall(conversation));

        awaitStatus(answer.path("handoffId").asText(), "SENT");
        assertThat(webMessagesFor(conversation)).hasSize(3);
        assertThat(agentlessSmsTo("/w/")).noneMatch(r -> r.getBodyAsString().contains(conversation));
    }

    @Test
    void rateLimitedCallWaitsForRetryAfterThenSucceedsWithoutExtraCalls() throws Exception {
        String conversation = UUID.randomUUID().toString();
        String path = "/api/v2/conversations/messages/msg-" + conversation + "/communications/comm-1/messages";
        genesys.stubFor(post(urlEqualTo(path))
                .inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "2")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": \"too.many.requests\", \"status\": 429}"))
                .willSetStateTo("open"));
        genesys.stubFor(post(urlEqualTo(path))
                .inScenario("limited")
                .whenScenarioStateIs("open")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"m\"}")));

        JsonNode answer = offer(webCall(conversation));

        awaitStatus(answer.path("handoffId").asText(), "SENT");
        List<LoggedRequest> calls = webMessagesFor(conversation);
        assertThat(calls).hasSize(2);
        long waitedMillis = calls.get(1).getLoggedDate().getTime()
                - calls.get(0).getLoggedDate().getTime();
        assertThat(waitedMillis).isGreaterThanOrEqualTo(1900);
    }

    /** Genesys refuses for good every message into this call's web messaging conversation. */
    private void webConversationEnded(String conversation) {
        genesys.stubFor(post(urlEqualTo(
                        "/api/v2/conversations/messages/msg-" + conversation + "/communications/comm-1/messages"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": \"bad.request\", \"message\": \"conversation is disconnected\"}")));
    }

    @Test
    void webPushRefusedForGoodFallsBackToSms() throws Exception {
        String conversation = UUID.randomUUID().toString();
        webConversationEnded(conversation);

        JsonNode answer = offer(webCall(conversation));
        String handoffId = answer.path("handoffId").asText();

        awaitStatus(handoffId, "SENT");
        assertThat(webMessagesFor(conversation)).hasSize(1);
        JsonNode view = JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body());
        assertThat(view.path("history").toString()).contains("falling back to SMS", "sent by sms");
        assertThat(view.path("phoneNumber").asText()).isEqualTo("+1********00");
    }

    @Test
    void aRefusedFollowUpCallDoesNotFailAHandoffWhoseLinkWasOpened() throws Exception {
        // The web messaging conversation has ended: the push falls back to SMS, and the caller opens
        // the SMS link. The "session started" notice into that dead conversation is refused too.
        String conversation = UUID.randomUUID().toString();
        webConversationEnded(conversation);
        String handoffId = offer(webCall(conversation)).path("handoffId").asText();
        awaitStatus(handoffId, "SENT");

        assertThat(handshake(linkToken(handoffId), PHONE_BROWSER).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> webMessagesFor(conversation).size() == 2);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                getJson("/api/v1/handoffs/" + handoffId).body())
                        .contains("follow-up call dead-lettered after 1 attempts: HTTP 400"));
        assertThat(status(handoffId)).isEqualTo("OPENED");
        assertThat(genesys.findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))))
                .noneMatch(callback -> callback.getBodyAsString().contains(conversation));
    }
}
