package com.ivrvideobridge.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.deadline.TimeoutProperties;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * How an escalated caller reaches an agent: still on the line, Architect's decision loop is told
 * "agent" (no callback); hung up, one callback with the note; Genesys unreachable, retried, then
 * the callback; Genesys refusing the callback, retried until it is accepted, once.
 */
class CallerPathTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private TimeoutProperties timeouts;

    @Autowired
    private AgentProperties agents;

    @Autowired
    private HandoffStore store;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private ProducerTemplate producer;

    private String conversation;

    @BeforeEach
    void genesysWorks() {
        GenesysStubs.allSucceed();
        conversation = UUID.randomUUID().toString();
    }

    @Test
    void aCallerStillOnTheLineIsToldAgentByTheDecisionAndNeverCalledBack() throws Exception {
        GenesysStubs.callerOnTheLine(conversation);
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));

        JsonNode waiting = decision(handoffId);
        assertThat(waiting.path("action").asText()).isEqualTo("wait");
        assertThat(waiting.path("status").asText()).isEqualTo("SENT");
        assertThat(waiting.path("waitSeconds").asInt())
                .isEqualTo(agents.decisionWait().toSeconds());
        assertThat(waiting.path("queueId").asText()).isEmpty();

        clock.advance(timeouts.sms().plusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> history(handoffId).contains("the caller is on the line"));
        JsonNode agent = decision(handoffId);
        assertThat(agent.path("action").asText()).isEqualTo("agent");
        assertThat(agent.path("queueId").asText()).isEqualTo("queue-default");
        assertThat(agent.path("note").asText()).isEqualTo("Video tutorial offered but not viewed");
        assertThat(agent.path("reason").asText()).isEqualTo("not_viewed");

        // After the IVR's grace the bridge checks again: Architect asked, so nobody is called back.
        clock.advance(agents.ivrGrace().plusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> routingJobGone(handoffId));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().isEmpty());
        assertThat(history(handoffId)).contains("the IVR flow transfers the caller");
        assertThat(decision(handoffId).path("action").asText()).isEqualTo("agent");
    }

    @Test
    void aCallerWhoHungUpGetsOneCallbackWithTheNote() throws Exception {
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));

        clock.advance(timeouts.sms().plusSeconds(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        JsonNode callback = JSON.readTree(callbacks().get(0).getBodyAsString());
        assertThat(callback.path("data").path("video_note").asText())
                .isEqualTo("Video tutorial offered but not viewed");
        assertThat(callback.path("callbackNumbers").get(0).asText()).isEqualTo("+14155550100");
        assertThat(TestServers.genesysApi()
                        .findAll(getRequestedFor(urlEqualTo("/api/v2/conversations/calls/" + conversation))))
                .isNotEmpty();
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().size() == 1);
        assertThat(routingJobGone(handoffId)).isTrue();
    }

    /**
     * scripts/stack chaos: a batch of jobs paced by Genesys outlasted its lease, the other instance
     * claimed the same jobs, and callers were called back twice. The job claimed again once its
     * caller was reached, or worked on by two instances at once, gives one callback.
     */
    @Test
    void aJobClaimedAgainAfterItsCallerWasReachedIsNotCalledBackTwice() throws Exception {
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));
        clock.advance(timeouts.sms().plusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1 && routingJobGone(handoffId));

        producer.sendBody("direct:reach-agent", handoffId); // the other instance, its lease ended meanwhile

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().size() == 1);
    }

    @Test
    void twoInstancesOnTheSameJobAtOnceCallBackOnce() throws Exception {
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));
        clock.advance(timeouts.sms().plusSeconds(1));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> "ESCALATED".equals(redis.opsForHash().get("bridge:handoff:" + handoffId, "status")));

        CompletableFuture<Object> one = producer.asyncSendBody("direct:reach-agent", handoffId);
        CompletableFuture<Object> other = producer.asyncSendBody("direct:reach-agent", handoffId);
        CompletableFuture.allOf(one, other).get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(15)).until(() -> routingJobGone(handoffId));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().size() == 1);
    }

    @Test
    void aCallerOnTheLineWhoHangsUpBeforeTheIvrAskedGetsACallback() throws Exception {
        GenesysStubs.callerOnTheLine(conversation);
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));
        clock.advance(timeouts.sms().plusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> history(handoffId).contains("the caller is on the line"));

        GenesysStubs.callerHungUp("/api/v2/conversations/calls/" + conversation);
        clock.advance(agents.ivrGrace().plusSeconds(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        assertThat(routingJobGone(handoffId)).isTrue();
    }

    @Test
    void genesysUnreachableWhenTheEscalationComesDueIsRetriedThenCallsBack() throws Exception {
        TestServers.genesysApi()
                .stubFor(get(urlEqualTo("/api/v2/conversations/calls/" + conversation))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));

        clock.advance(timeouts.sms().plusSeconds(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> callbacks().size() == 1);
        int lookups = TestServers.genesysApi()
                .findAll(getRequestedFor(urlEqualTo("/api/v2/conversations/calls/" + conversation)))
                .size();
        assertThat(lookups).isGreaterThanOrEqualTo(agents.callStateAttempts());
        assertThat(history(handoffId)).contains("could not learn from Genesys whether the caller is on the line");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().size() == 1);
    }

    @Test
    void aCallbackGenesysRefusesWhileItIsDownIsMadeOnceItRecovers() throws Exception {
        StubMapping outage = TestServers.genesysApi()
                .stubFor(post(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));

        clock.advance(timeouts.sms().plusSeconds(1));
        // Several rounds of retries fail: the escalation is kept, not dead-lettered as done.
        await().atMost(Duration.ofSeconds(30)).until(() -> callbackAttempts(503) >= 2 * (1 + 3));
        assertThat(routingJobGone(handoffId)).isFalse();
        assertThat(history(handoffId)).contains("routing to an agent failed");

        TestServers.genesysApi().removeStub(outage);

        await().atMost(Duration.ofSeconds(15)).until(() -> callbackAttempts(200) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> routingJobGone(handoffId));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> callbackAttempts(200) == 1);
    }

    @Test
    void withoutAParticipantIdTheContextGoesToTheCustomerParticipantFoundByLookup() throws Exception {
        GenesysStubs.callerOnTheLine(conversation);
        String handoffId = offer(ArchitectCalls.callFromArchitect(conversation));
        String attributes = "/api/v2/conversations/" + conversation + "/participants/"
                + GenesysStubs.CUSTOMER_PARTICIPANT + "/attributes";

        await().atMost(Duration.ofSeconds(15))
                .until(() -> TestServers.genesysApi()
                                .findAll(patchRequestedFor(urlEqualTo(attributes)))
                                .size()
                        == 1);
        assertThat(handshake(linkToken(handoffId), PHONE_BROWSER).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> TestServers.genesysApi()
                                .findAll(patchRequestedFor(urlEqualTo(attributes)))
                                .size()
                        == 2);

        // Looked up once, then kept with the handoff.
        assertThat(TestServers.genesysApi()
                        .findAll(getRequestedFor(urlEqualTo("/api/v2/conversations/calls/" + conversation))))
                .hasSize(1);
    }

    @Test
    void aWebPushRefusedForGoodWithNoPhoneNumberReachesAnAgent() throws Exception {
        TestServers.genesysApi()
                .stubFor(
                        post(urlPathMatching(GenesysStubs.WEB_MESSAGE_PATH))
                                .atPriority(1)
                                .willReturn(
                                        aResponse()
                                                .withStatus(400)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        "{\"message\": \"communication not found\", \"code\": \"bad.request\", \"status\": 400}")));
        String handoffId = offer(ArchitectCalls.webCallWithoutPhone(conversation), "ESCALATED");

        await().atMost(Duration.ofSeconds(15))
                .until(() -> "agent".equals(decision(handoffId).path("action").asText()));
        JsonNode agent = decision(handoffId);
        assertThat(agent.path("status").asText()).isEqualTo("ESCALATED");
        assertThat(agent.path("reason").asText()).isEqualTo("delivery_failed");
        assertThat(agent.path("note").asText()).startsWith("Video tutorial offered but not delivered");
    }

    @Test
    void aCompletedVideoIsDone() throws Exception {
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));
        assertThat(store.transition(handoffId, HandoffStatus.COMPLETED, "completed"))
                .isTrue();

        JsonNode done = decision(handoffId);

        assertThat(done.path("action").asText()).isEqualTo("done");
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void theDecisionTakesTheDataActionCredentialsOnly() throws Exception {
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));

        assertThat(getJson("/api/v1/handoffs/" + handoffId + "/decision").statusCode())
                .isEqualTo(401);
        HttpResponse<String> unknown = decisionResponse(UUID.randomUUID().toString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("handoff_not_found");
    }

    @Test
    void anIdThatIsNotAHandoffIdIsNotLookedUp() throws Exception {
        String handoffId = offer(ArchitectCalls.smsCall(conversation, "mobile_app"));

        // The handoff's own history list: read as a handoff hash, Redis would refuse (WRONGTYPE).
        HttpResponse<String> history = decisionResponse(handoffId + ":history");

        assertThat(history.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(history.body()).path("error").asText()).isEqualTo("handoff_not_found");
    }

    private String offer(String call) throws Exception {
        return offer(call, "SENT");
    }

    private String offer(String call, String awaited) throws Exception {
        HttpResponse<String> answer = callWebhook(call);
        assertThat(answer.statusCode()).isEqualTo(200);
        String handoffId = JSON.readTree(answer.body()).path("handoffId").asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> awaited.equals(
                        store.find(handoffId).orElseThrow().status().name()));
        return handoffId;
    }

    private JsonNode decision(String handoffId) throws Exception {
        HttpResponse<String> response = decisionResponse(handoffId);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> decisionResponse(String handoffId) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/handoffs/" + handoffId + "/decision"))
                        .header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString("architect:webhook-secret".getBytes()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String history(String handoffId) {
        return String.join("\n", redis.opsForList().range("bridge:handoff:" + handoffId + ":history", 0, -1));
    }

    private boolean routingJobGone(String handoffId) {
        return redis.opsForZSet().score("bridge:agent-routing", handoffId) == null
                && redis.opsForZSet().score("bridge:agent-routing:claimed", handoffId) == null;
    }

    private List<LoggedRequest> callbacks() {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                        .withRequestBody(matchingJsonPath("$.data.voice_conversation_id", equalTo(conversation))));
    }

    private long callbackAttempts(int status) {
        List<ServeEvent> events = TestServers.genesysApi().getAllServeEvents();
        return events.stream()
                .filter(e -> e.getRequest().getUrl().equals(GenesysStubs.CALLBACKS_PATH)
                        && e.getRequest().getBodyAsString().contains(conversation)
                        && e.getResponse().getStatus() == status)
                .count();
    }
}
