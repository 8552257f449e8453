package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestHandoffs;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A handoff the bus never acknowledged, or that waited too long for a worker, still ends with the caller served. */
class NothingStrandedTest extends BridgeIntegrationTest {

    @Autowired
    private Handoffs handoffs;

    @Autowired
    private HandoffStore store;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private CamelContext camel;

    @Autowired
    private ProducerTemplate producer;

    @Value("${bridge.bus.handoffs}")
    private String handoffsBus;

    @Value("${bridge.outbox.sweep-after}")
    private Duration sweepAfter;

    @BeforeEach
    void genesysWorks() {
        GenesysStubs.allSucceed();
    }

    @Test
    void aHandoffStoredButNeverAcknowledgedByTheBusIsSentByTheOutboxSweep() {
        // As if the webhook answered 503 bus_unavailable (or its instance died) after storing it.
        Handoff stored = handoffs.store(draft(900), new DefaultExchange(camel));
        assertThat(redis.opsForZSet().score("bridge:deadlines", stored.id()))
                .as("a stored handoff has its timeout-to-agent deadline before any worker sees it")
                .isNotNull();
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .until(() -> store.find(stored.id()).orElseThrow().status() == HandoffStatus.OFFERED);

        clock.advance(sweepAfter.plusSeconds(1));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.find(stored.id()).orElseThrow().status() == HandoffStatus.SENT);
        assertThat(agentlessSmsTo("/w/" + stored.token())).hasSize(1);
        assertThat(redis.opsForZSet().score("bridge:outbox", stored.id())).isNull();
    }

    @Test
    void aHandoffWhoseLinkExpiredWhileItWaitedForAWorkerGoesToAnAgentUnsent() throws Exception {
        Handoff late = handoffs.store(draft(0), new DefaultExchange(camel));

        producer.sendBodyAndHeader(handoffsBus, handoffs.toJson(late), "kafka.KEY", late.id());

        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.find(late.id()).orElseThrow().status() == HandoffStatus.ESCALATED);
        assertThat(redis.opsForHash().get("bridge:handoff:" + late.id(), "escalationReason"))
                .isEqualTo("not_sent");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> agentlessSmsTo("/w/" + late.token()).isEmpty());
    }

    private Handoff draft(long linkSeconds) {
        return TestHandoffs.offeredSms(
                UUID.randomUUID().toString(), null, clock.instant(), Duration.ofSeconds(linkSeconds));
    }

    private List<?> agentlessSmsTo(String text) {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                        .withRequestBody(matchingJsonPath(
                                "$.textBody", com.github.tomakehurst.wiremock.client.WireMock.containing(text))));
    }
}
