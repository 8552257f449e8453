package com.ivrvideobridge.outcome;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.testbed.AnalyticsStubs;
import com.ivrvideobridge.testbed.AnalyticsStubs.Agent;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import com.mypurecloud.sdk.v2.model.ConversationQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Each outcome from realistic Genesys analytics (AnalyticsStubs, bound to the SDK's models), with
 * the defaults: settle 15 min, repeat window 24 h, give-up 48 h, retries from 5 min doubling. Each
 * test has its own voice conversation; the clock moves the job through its waits.
 */
class CallOutcomesTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private HandoffStore store;

    private String conversation;
    private Instant t0;

    @BeforeEach
    void ownCall() {
        GenesysStubs.allSucceed();
        conversation = UUID.randomUUID().toString();
        t0 = clock.instant();
    }

    private String offer() throws Exception {
        String handoffId = JSON.readTree(callWebhook(ArchitectCalls.smsCall(conversation, "mobile_app"))
                        .body())
                .path("handoffId")
                .asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "SENT".equals(handoff(handoffId).path("status").asText()));
        return handoffId;
    }

    /** The caller watched the tutorial to the end (the funnel's COMPLETED: no deadline sends them to an agent). */
    private void completed(String handoffId) {
        assertThat(store.transition(handoffId, HandoffStatus.COMPLETED, "played 100 % (test)"))
                .isTrue();
    }

    private JsonNode handoff(String handoffId) throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body());
    }

    private JsonNode awaitOutcome(String handoffId) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !handoff(handoffId).path("outcome").isNull());
        try {
            return handoff(handoffId).path("outcome");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** No outcome for a while: the job is waiting. */
    private void noOutcomeYet(String handoffId) {
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> handoff(handoffId).path("outcome").isNull());
    }

    private static List<LoggedRequest> reads(String path) {
        return TestServers.genesysApi().findAll(getRequestedFor(urlEqualTo(path)));
    }

    private List<LoggedRequest> callDetailsReads() {
        return reads(AnalyticsStubs.detailsPath(conversation));
    }

    private static List<LoggedRequest> queries() {
        return TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(AnalyticsStubs.QUERY_PATH)));
    }

    private void callDetailsReadTimes(int times) {
        await().atMost(Duration.ofSeconds(15)).until(() -> callDetailsReads().size() == times);
    }

    /**
     * The read was made {@code times} times and the job has taken it in: it is back in the due set
     * (a retry is timed from when the job saw the answer, so the clock must not move before).
     */
    private void readAndRescheduled(String handoffId, int times) {
        callDetailsReadTimes(times);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> redis.opsForZSet().score("bridge:outcomes", handoffId) != null);
    }

    /** This conversation's callbacks are answered with this callback conversation id. */
    private void callbackAnswers(String callbackId) {
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                        .atPriority(1)
                        .withRequestBody(matchingJsonPath("$.data.voice_conversation_id", equalTo(conversation)))
                        .willReturn(okJson("{\"conversation\": {\"id\": \"" + callbackId
                                + "\", \"selfUri\": \"/api/v2/conversations/" + callbackId
                                + "\"}, \"callbackIdentifiers\": [{\"type\": \"EXTERNAL\", \"id\": \"cb\"}]}")));
    }

    /** The caller never opens the link: the SMS timeout escalates, the caller has hung up, the bridge calls back. */
    private void calledBack(String handoffId) {
        clock.advance(Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> handoff(handoffId).path("history").toString().contains("callback conversation"));
    }

    @Test
    void anAgentWhoTookTheCallMakesItEscalatedWithTheWrapUpCodesNameAndHandleTime() throws Exception {
        String code = UUID.randomUUID().toString();
        AnalyticsStubs.wrapUpCodeAnswers(code, "Password reset");
        AnalyticsStubs.details(
                conversation,
                AnalyticsStubs.voiceCall(
                        conversation,
                        t0.minusSeconds(60),
                        t0.plus(Duration.ofMinutes(8)),
                        new Agent(
                                t0.plus(Duration.ofMinutes(2)),
                                t0.plus(Duration.ofMinutes(8)),
                                Duration.ofSeconds(45),
                                code)));
        String handoffId = offer();
        // The job was stored with the handoff, due settle (15 min) after the offer: it survives any restart.
        Double due = redis.opsForZSet().score("bridge:outcomes", handoffId);
        assertThat(due).isNotNull();
        assertThat(Instant.ofEpochMilli(due.longValue()))
                .isEqualTo(Instant.parse(handoff(handoffId).path("createdAt").asText())
                        .plus(Duration.ofMinutes(15))
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        clock.advance(Duration.ofMinutes(24));

        JsonNode outcome = awaitOutcome(handoffId);
        assertThat(outcome.path("type").asText()).isEqualTo("escalated");
        assertThat(outcome.path("wrapUpCode").asText()).isEqualTo("Password reset");
        assertThat(outcome.path("handleSeconds").asLong()).isEqualTo(6 * 60 + 45);
        assertThat(Instant.parse(outcome.path("decidedAt").asText())).isAfter(t0.plus(Duration.ofMinutes(23)));
        assertThat(callDetailsReads()).hasSize(1);
        assertThat(callDetailsReads().get(0).getHeader("Authorization")).isEqualTo("Bearer " + GenesysStubs.TOKEN);
        // Escalated is known at once: no wait for the repeat window, no query.
        assertThat(queries()).isEmpty();
        assertThat(handoff(handoffId).path("history").toString())
                .contains("outcome: escalated (wrap-up Password reset)");

        // Another call wrapped up with the same code: its name comes from the cache.
        conversation = UUID.randomUUID().toString();
        AnalyticsStubs.details(
                conversation,
                AnalyticsStubs.voiceCall(
                        conversation,
                        clock.instant(),
                        clock.instant().plus(Duration.ofMinutes(5)),
                        new Agent(
                                clock.instant().plusSeconds(60),
                                clock.instant().plus(Duration.ofMinutes(5)),
                                Duration.ofSeconds(10),
                                code)));
        String second = offer();
        clock.advance(Duration.ofMinutes(21));
        assertThat(awaitOutcome(second).path("wrapUpCode").asText()).isEqualTo("Password reset");
        assertThat(reads(AnalyticsStubs.wrapUpCodePath(code))).hasSize(1);
    }

    @Test
    void aCompletedVideoWithoutAnAgentOrALaterCallIsResolvedOnceTheWindowHasClosed() throws Exception {
        AnalyticsStubs.details(
                conversation,
                AnalyticsStubs.voiceCall(conversation, t0.minusSeconds(60), t0.plus(Duration.ofMinutes(5)), null));
        AnalyticsStubs.laterCalls(AnalyticsStubs.queryAnswer());
        String handoffId = offer();
        completed(handoffId);

        clock.advance(Duration.ofMinutes(21));
        readAndRescheduled(handoffId, 1);
        // Trusted, but no outcome before the repeat window (24 h after the call) has closed.
        noOutcomeYet(handoffId);
        assertThat(queries()).isEmpty();

        clock.advance(Duration.ofHours(24));

        JsonNode outcome = awaitOutcome(handoffId);
        assertThat(outcome.path("type").asText()).isEqualTo("resolved_by_video");
        assertThat(outcome.has("wrapUpCode")).isFalse();
        // The call's details were kept, not read again; one query for later calls from the number.
        assertThat(callDetailsReads()).hasSize(1);
        assertThat(queries()).hasSize(1);
        ConversationQuery query = GenesysModelsTest.bind(queries().get(0).getBodyAsString(), ConversationQuery.class);
        assertThat(query.getInterval())
                .isEqualTo(t0.plus(Duration.ofMinutes(5)) + "/"
                        + t0.plus(Duration.ofMinutes(5)).plus(Duration.ofHours(24)));
        assertThat(queries().get(0).getBodyAsString()).contains("\"value\":\"tel:+14155550100\"");
    }

    @Test
    void aLaterCallFromTheSameNumberIsARepeatContactWithThatCallsWrapUpCode() throws Exception {
        String code = UUID.randomUUID().toString();
        AnalyticsStubs.wrapUpCodeAnswers(code, "Video did not help");
        String voice =
                AnalyticsStubs.voiceCall(conversation, t0.minusSeconds(60), t0.plus(Duration.ofMinutes(5)), null);
        AnalyticsStubs.details(conversation, voice);
        Instant later = t0.plus(Duration.ofHours(3));
        // Genesys answers whole days: the call itself is in the answer too, and must not count.
        AnalyticsStubs.laterCalls(AnalyticsStubs.queryAnswer(
                voice,
                AnalyticsStubs.voiceCall(
                        "later-" + conversation,
                        later,
                        later.plus(Duration.ofMinutes(12)),
                        new Agent(
                                later.plus(Duration.ofMinutes(2)),
                                later.plus(Duration.ofMinutes(12)),
                                Duration.ofSeconds(30),
                                code))));
        String handoffId = offer();
        completed(handoffId);

        clock.advance(Duration.ofMinutes(21));
        readAndRescheduled(handoffId, 1);
        clock.advance(Duration.ofHours(24));

        JsonNode outcome = awaitOutcome(handoffId);
        assertThat(outcome.path("type").asText()).isEqualTo("repeat_contact");
        assertThat(outcome.path("wrapUpCode").asText()).isEqualTo("Video did not help");
        assertThat(outcome.path("handleSeconds").asLong()).isEqualTo(10 * 60 + 30);
        assertThat(outcome.path("detail").asText())
                .contains("called again 175 min after the call (later-" + conversation);
    }

    /**
     * The caller hung up without opening the link and without an agent; the bridge called back
     * (placed 6 min after the offer, 4 min long), answered by {@code agent} (null: nobody took it).
     */
    private String calledBackBy(Agent agent) throws Exception {
        AnalyticsStubs.details(
                conversation, AnalyticsStubs.voiceCall(conversation, t0.minusSeconds(60), t0.plusSeconds(90), null));
        callbackAnswers(callbackId());
        Instant placed = t0.plus(Duration.ofMinutes(6));
        AnalyticsStubs.details(
                callbackId(), AnalyticsStubs.callback(callbackId(), placed, placed.plus(Duration.ofMinutes(4)), agent));
        String handoffId = offer();
        calledBack(handoffId);
        clock.advance(Duration.ofMinutes(20));
        return handoffId;
    }

    private String callbackId() {
        return "cb-" + conversation;
    }

    @Test
    void aCallbackAnAgentTookIsEscalatedWithoutWaitingForTheWindow() throws Exception {
        String code = UUID.randomUUID().toString();
        AnalyticsStubs.wrapUpCodeAnswers(code, "Callback: explained");
        Instant placed = t0.plus(Duration.ofMinutes(6));

        String handoffId = calledBackBy(
                new Agent(placed.plusSeconds(20), placed.plus(Duration.ofMinutes(4)), Duration.ofSeconds(20), code));

        JsonNode outcome = awaitOutcome(handoffId);
        assertThat(outcome.path("type").asText()).isEqualTo("escalated");
        assertThat(outcome.path("wrapUpCode").asText()).isEqualTo("Callback: explained");
        assertThat(outcome.path("handleSeconds").asLong()).isEqualTo(220 + 20);
        assertThat(outcome.path("detail").asText()).contains("callback (" + callbackId() + ")");
        assertThat(queries()).isEmpty();
    }

    @Test
    void aCallbackNobodyTookWithAnUnfinishedVideoAndNoLaterCallIsAbandoned() throws Exception {
        AnalyticsStubs.laterCalls(AnalyticsStubs.queryAnswer());

        String handoffId = calledBackBy(null);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> reads(AnalyticsStubs.detailsPath(callbackId())).size() == 1);
        noOutcomeYet(handoffId);

        clock.advance(Duration.ofHours(24));

        assertThat(awaitOutcome(handoffId).path("type").asText()).isEqualTo("abandoned");
        assertThat(reads(AnalyticsStubs.detailsPath(callbackId()))).hasSize(1);
    }

    @Test
    void analyticsNotReadyIsAskedAgainWithGrowingWaitsUntilTheCallHasEndedAndSettled() throws Exception {
        AnalyticsStubs.details(conversation, AnalyticsStubs.error(404, "not.found"));
        String handoffId = offer();
        completed(handoffId);

        clock.advance(Duration.ofMinutes(16));
        readAndRescheduled(handoffId, 1);

        // Found, but the call is still going (an agent talking): no conversationEnd.
        String code = UUID.randomUUID().toString();
        AnalyticsStubs.wrapUpCodeAnswers(code, "Long call");
        AnalyticsStubs.details(conversation, AnalyticsStubs.voiceCall(conversation, t0, null, null));
        clock.advance(Duration.ofMinutes(4));
        noOutcomeYet(handoffId);
        assertThat(callDetailsReads()).hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        readAndRescheduled(handoffId, 2);

        // Ended at t0+20 min, with an agent: the next look (10 min later, doubled) waits for it to settle.
        AnalyticsStubs.details(
                conversation,
                AnalyticsStubs.voiceCall(
                        conversation,
                        t0,
                        t0.plus(Duration.ofMinutes(20)),
                        new Agent(
                                t0.plus(Duration.ofMinutes(3)),
                                t0.plus(Duration.ofMinutes(20)),
                                Duration.ofSeconds(5),
                                code)));
        clock.advance(Duration.ofMinutes(9));
        noOutcomeYet(handoffId);
        assertThat(callDetailsReads()).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        readAndRescheduled(handoffId, 3);
        noOutcomeYet(handoffId);

        clock.advance(Duration.ofMinutes(5));

        assertThat(awaitOutcome(handoffId).path("type").asText()).isEqualTo("escalated");
        assertThat(callDetailsReads()).hasSize(4);
    }

    @Test
    void genesysDownIsRetriedAndTheOutcomeDecidedWhenItIsBack() throws Exception {
        AnalyticsStubs.details(conversation, AnalyticsStubs.error(503, "service.unavailable"));
        AnalyticsStubs.laterCalls(AnalyticsStubs.queryAnswer());
        String handoffId = offer();
        completed(handoffId);

        clock.advance(Duration.ofMinutes(16));
        // The read and its retries (bridge.outcome's job is retried like every Genesys call: 3 in tests), all 503.
        readAndRescheduled(handoffId, 4);
        noOutcomeYet(handoffId);

        AnalyticsStubs.details(
                conversation, AnalyticsStubs.voiceCall(conversation, t0, t0.plus(Duration.ofMinutes(3)), null));
        clock.advance(Duration.ofMinutes(5));
        readAndRescheduled(handoffId, 5);
        clock.advance(Duration.ofHours(25));

        assertThat(awaitOutcome(handoffId).path("type").asText()).isEqualTo("resolved_by_video");
    }

    @Test
    void aCallAnalyticsNeverFindsIsUnknownAfterTheGiveUpTimeNeverGuessed() throws Exception {
        AnalyticsStubs.details(conversation, AnalyticsStubs.error(404, "not.found"));
        String handoffId = offer();
        completed(handoffId);
        clock.advance(Duration.ofMinutes(16));
        readAndRescheduled(handoffId, 1);

        clock.advance(Duration.ofHours(48));

        JsonNode outcome = awaitOutcome(handoffId);
        assertThat(outcome.path("type").asText()).isEqualTo("unknown");
        assertThat(outcome.path("detail").asText())
                .isEqualTo("no settled analytics 48 h after the offer (last: read-call: not in analytics yet (404))");
        // Decided without asking again.
        assertThat(callDetailsReads()).hasSize(1);
    }
}
