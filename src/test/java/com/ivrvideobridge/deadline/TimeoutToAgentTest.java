package com.ivrvideobridge.deadline;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.support.DueSet;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.MutableClock;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A link not opened in time sends the caller to an agent, once, with the note; an opened one does not. */
class TimeoutToAgentTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private TimeoutProperties timeouts;

    @Autowired
    private HandoffStore store;

    private String handoffId;

    @BeforeEach
    void sentSms() throws Exception {
        GenesysStubs.allSucceed();
        handoffId = JSON.readTree(
                        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                                .body())
                .path("handoffId")
                .asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status()));
        assertThat(redis.opsForZSet().score(Deadlines.PENDING, handoffId)).isNotNull();
    }

    private String status() throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status")
                .asText();
    }

    private List<LoggedRequest> callbacks() {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                        .withRequestBody(matchingJsonPath("$.data.video_handoff_id", equalTo(handoffId))));
    }

    @Test
    void linkNotOpenedInTimeCreatesOneCallbackWithTheNote() throws Exception {
        clock.advance(timeouts.sms().plusSeconds(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        JsonNode callback = JSON.readTree(callbacks().get(0).getBodyAsString());
        assertThat(callback.path("data").path("video_note").asText())
                .isEqualTo("Video tutorial offered but not viewed");
        assertThat(callback.path("data").path("video_reason").asText()).isEqualTo("not_viewed");
        assertThat(callback.path("queueId").asText()).isEqualTo("queue-default");
        assertThat(status()).isEqualTo("ESCALATED");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().size() == 1);
        assertThat(redis.opsForZSet().score(Deadlines.CLAIMED, handoffId)).isNull();
    }

    @Test
    void linkOpenedBeforeTheDeadlineOnlyExtendsIt() throws Exception {
        assertThat(handshake(linkToken(handoffId), PHONE_BROWSER).statusCode()).isEqualTo(200);
        clock.advance(timeouts.sms().plusSeconds(1));

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().isEmpty());
        assertThat(status()).isEqualTo("OPENED");
        // Opening moved the deadline to bridge.timeout.opened from the handshake, not away.
        assertThat(redis.opsForZSet().score(Deadlines.PENDING, handoffId)).isNotNull();
    }

    @Test
    void linkOpenedButNeverStartedReachesAnAgentWithItsOwnNote() throws Exception {
        // A link scanner that runs the page's script makes the handshake; nobody presses Start.
        assertThat(handshake(linkToken(handoffId), PHONE_BROWSER).statusCode()).isEqualTo(200);
        clock.advance(timeouts.opened().plusSeconds(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        JsonNode callback = JSON.readTree(callbacks().get(0).getBodyAsString());
        assertThat(callback.path("data").path("video_note").asText())
                .isEqualTo("Video tutorial opened but not started");
        assertThat(callback.path("data").path("video_reason").asText()).isEqualTo("opened_not_started");
        assertThat(status()).isEqualTo("ESCALATED");
    }

    @Test
    void linkOpenedAfterTheCallerWasEscalatedSaysSoAndPlaysNothing() throws Exception {
        clock.advance(timeouts.sms().plusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        String token = linkToken(handoffId);

        HttpResponse<byte[]> page = fetch(url("/w/" + token).toString(), "User-Agent", PHONE_BROWSER);
        HttpResponse<String> opened = handshake(token, PHONE_BROWSER);

        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(new String(page.body(), StandardCharsets.UTF_8))
                .contains("An agent is taking care of your call")
                .contains("data-state=\"revoked\"");
        assertThat(opened.statusCode()).isEqualTo(410);
        assertThat(JSON.readTree(opened.body()).path("error").asText()).isEqualTo("link_revoked");
        assertThat(status()).isEqualTo("ESCALATED");
        assertThat(callbacks()).hasSize(1);
    }

    @Test
    void aDeadlineClaimedByAnInstanceThatDiedFiresOnceItsLeaseEnds() throws Exception {
        // Another instance claims the due deadline, then dies before escalating.
        MutableClock otherInstanceClock = new MutableClock();
        otherInstanceClock.advance(timeouts.sms().plusSeconds(1));
        List<String> claimed = new Deadlines(redis, timeouts, otherInstanceClock).claimDue();
        assertThat(claimed).contains(handoffId);
        clock.advance(timeouts.sms().plusSeconds(1));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().isEmpty());

        clock.advance(timeouts.lease());

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        assertThat(status()).isEqualTo("ESCALATED");
    }

    @Test
    void anEscalationClaimedByAnInstanceThatDiedIsRoutedOnceItsLeaseEnds() throws Exception {
        // Another instance escalates the caller and claims the routing job, then dies before calling back.
        Duration inTenMinutes = Duration.ofMinutes(10);
        assertThat(store.escalateOnce(
                        handoffId,
                        List.of(HandoffStatus.SENT),
                        "Video tutorial offered but not viewed",
                        Map.of(
                                "escalationReason",
                                "not_viewed",
                                "escalationNote",
                                "Video tutorial offered but not viewed",
                                "agentQueue",
                                "queue-default",
                                "escalatedAt",
                                clock.instant().toString()),
                        "bridge:agent-routing",
                        handoffId,
                        clock.millis() + inTenMinutes.toMillis()))
                .isTrue();
        MutableClock otherInstanceClock = new MutableClock();
        otherInstanceClock.advance(inTenMinutes);
        assertThat(new DueSet(redis, otherInstanceClock, "bridge:agent-routing").claimDue(timeouts.lease(), 100))
                .contains(handoffId);
        clock.advance(inTenMinutes.plusSeconds(1));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().isEmpty());

        clock.advance(timeouts.lease());

        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> callbacks().size() == 1);
        assertThat(redis.opsForZSet().score("bridge:agent-routing:claimed", handoffId))
                .isNull();
        assertThat(JSON.readTree(callbacks().get(0).getBodyAsString())
                        .path("data")
                        .path("video_note")
                        .asText())
                .isEqualTo("Video tutorial offered but not viewed");
    }
}
