package com.ivrvideobridge.deadline;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.MutableClock;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Deadlines outlive the instance that set them. Instance A sends 200 SMS handoffs and is shut down
 * with all their deadlines open: half pending, half claimed by A but not escalated (A stopped polling
 * and claimed them, as in a crash in the middle of a claim). A new instance B, on the same Redis and
 * Kafka topics, calls each caller back exactly once: the pending ones when due, the claimed ones once
 * A's lease has ended. Each instance runs on its own clock, moved past the deadlines instead of waiting.
 */
@Tag("integration")
class InstanceRestartDeadlineTest {

    private static final int HANDOFFS = 200;
    /**
     * How far apart (on A's clock) the two halves are sent. To make a half due, a clock is moved to its
     * SMS timeout plus half the gap after the half showed SENT: past its deadlines (even one set up to
     * 5 s after its handoff showed SENT), short of the next half's.
     */
    private static final Duration GAP = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDeadlineOpenWhenAnInstanceStopsFiresOnceOnTheNextInstance() throws Exception {
        GenesysStubs.allSucceed();
        String run = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> sameBus = ServiceInstance.bus(run);
        List<String> claimedByA;
        List<String> pending;
        Duration lease;
        long secondSent;
        long claimFrom;
        long claimedUntil;

        try (ServiceInstance a = ServiceInstance.start(sameBus)) {
            TimeoutProperties timeouts = a.bean(TimeoutProperties.class);
            lease = timeouts.lease();
            claimedByA = sendSms(a, run + "-first-");
            long firstSent = a.clock().millis();
            a.clock().advance(GAP);
            pending = sendSms(a, run + "-second-");
            secondSent = a.clock().millis();
            // A crashes mid-claim: its poller stops, it claims what is due on its clock (the first half) and escalates
            // none.
            a.bean(CamelContext.class).getRouteController().stopRoute("timeout-to-agent");
            moveTo(a.clock(), firstSent + timeouts.sms().plus(GAP.dividedBy(2)).toMillis());
            claimFrom = a.clock().millis();
            Deadlines deadlines = a.bean(Deadlines.class);
            Set<String> claimed = new HashSet<>();
            List<String> batch;
            do {
                batch = deadlines.claimDue();
                claimed.addAll(batch);
            } while (!batch.isEmpty());
            claimedUntil = a.clock().millis();
            assertThat(claimed).containsAll(claimedByA).doesNotContainAnyElementsOf(pending);
        }
        List<String> all = new ArrayList<>(claimedByA);
        all.addAll(pending);
        // A made no callback for them before it stopped: only what it left in Redis can bring their callers an agent.
        assertThat(callbacksFor(all)).isEmpty();

        try (ServiceInstance b = ServiceInstance.start(sameBus)) {
            // Past every pending deadline, not yet past A's lease: the pending half fires, the claimed half waits.
            moveTo(
                    b.clock(),
                    secondSent
                            + b.bean(TimeoutProperties.class)
                                    .sms()
                                    .plus(GAP.dividedBy(2))
                                    .toMillis());
            assertThat(b.clock().millis()).isLessThan(claimFrom + lease.toMillis());
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> callbacksFor(pending).size() == pending.size());
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(callbacksFor(all)).isEqualTo(once(pending)));

            // Past A's lease: B takes over A's claims.
            moveTo(b.clock(), claimedUntil + lease.toMillis() + 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> callbacksFor(all).size() == HANDOFFS);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(callbacksFor(all)).isEqualTo(once(all)));

            HandoffStore store = b.bean(HandoffStore.class);
            assertThat(all).allMatch(id -> store.find(id).orElseThrow().status() == HandoffStatus.ESCALATED);
            StringRedisTemplate redis = b.bean(StringRedisTemplate.class);
            assertThat(redis.opsForZSet().score(Deadlines.PENDING, all.toArray()))
                    .containsOnlyNulls();
            assertThat(redis.opsForZSet().score(Deadlines.CLAIMED, all.toArray()))
                    .containsOnlyNulls();
        }
    }

    /** Half the handoffs, offered to {@code instance} as SMS calls; returns their ids once all are SENT (deadline set). */
    private static List<String> sendSms(ServiceInstance instance, String conversationPrefix) {
        List<CompletableFuture<HttpResponse<String>>> offers = IntStream.range(0, HANDOFFS / 2)
                .mapToObj(i -> instance.offer(ArchitectCalls.smsCall(conversationPrefix + i, "mobile_app")))
                .toList();
        List<String> ids = offers.stream()
                .map(CompletableFuture::join)
                .map(response -> {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    return readJson(response.body()).path("handoffId").asText();
                })
                .toList();
        HandoffStore store = instance.bean(HandoffStore.class);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        ids.stream().allMatch(id -> store.find(id).orElseThrow().status() == HandoffStatus.SENT));
        return ids;
    }

    /** Moves the clock forward to {@code epochMillis}. */
    private static void moveTo(MutableClock clock, long epochMillis) {
        clock.advance(Duration.ofMillis(Math.max(0, epochMillis - clock.millis())));
    }

    /** Handoff id to how many callbacks Genesys got for it, for these handoffs only. */
    private static Map<String, Long> callbacksFor(List<String> handoffIds) {
        Set<String> wanted = Set.copyOf(handoffIds);
        return TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))).stream()
                .map(request -> readJson(request.getBodyAsString())
                        .path("data")
                        .path("video_handoff_id")
                        .asText())
                .filter(wanted::contains)
                .collect(groupingBy(id -> id, counting()));
    }

    private static Map<String, Long> once(List<String> handoffIds) {
        return handoffIds.stream().collect(groupingBy(id -> id, counting()));
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
