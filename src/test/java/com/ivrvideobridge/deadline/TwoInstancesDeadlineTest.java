package com.ivrvideobridge.deadline;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.IvrVideoBridgeApplication;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestHandoffs;
import com.ivrvideobridge.testbed.TestServers;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Two service instances on one Redis: 500 due deadlines make exactly 500 callbacks, one per caller. */
class TwoInstancesDeadlineTest extends BridgeIntegrationTest {

    private static final int DEADLINES = 500;

    @Autowired
    private HandoffStore store;

    @Autowired
    private StringRedisTemplate redis;

    @Test
    void fiveHundredDeadlinesFireExactlyFiveHundredCallbacks() throws Exception {
        GenesysStubs.allSucceed();
        try (ConfigurableApplicationContext second = startSecondInstance()) {
            String batch = "two-instances-" + UUID.randomUUID();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < DEADLINES; i++) {
                Handoff handoff = store.storeOnce(
                        TestHandoffs.offeredSms(batch + "-" + i, "part-1", Instant.now(), Duration.ofSeconds(900)),
                        java.util.Map.of());
                store.transition(handoff.id(), HandoffStatus.SENT, "sent by sms");
                ids.add(handoff.id());
            }
            // All due at once, so both instances' pollers compete for them.
            long now = System.currentTimeMillis();
            ids.forEach(id -> redis.opsForZSet().add(Deadlines.PENDING, id, now));

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> callbacksFor(batch).size() >= DEADLINES);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> callbacksFor(batch).size() == DEADLINES);
            Map<String, Long> perCaller =
                    callbacksFor(batch).stream().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
            assertThat(perCaller).hasSize(DEADLINES);
            assertThat(perCaller.values()).allMatch(count -> count == 1);
            assertThat(ids).allMatch(id -> store.find(id).orElseThrow().status() == HandoffStatus.ESCALATED);
        }
    }

    /** The voice conversation ids of the callbacks made for this batch (one entry per callback). */
    private static List<String> callbacksFor(String batch) {
        ObjectMapper json = new ObjectMapper();
        return TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))).stream()
                .map(r -> {
                    try {
                        return json.readTree(r.getBodyAsString())
                                .path("data")
                                .path("voice_conversation_id")
                                .asText();
                    } catch (Exception e) {
                        return "";
                    }
                })
                .filter(c -> c.startsWith(batch))
                .toList();
    }

    /** A second instance of the service: same Redis, Genesys and settings, its own port and topics. */
    private static ConfigurableApplicationContext startSecondInstance() throws Exception {
        Properties testbed = new Properties();
        try (InputStream in = TwoInstancesDeadlineTest.class.getResourceAsStream("/testbed.properties")) {
            testbed.load(in);
        }
        List<String> args = new ArrayList<>();
        testbed.forEach((k, v) -> args.add("--" + k + "=" + v));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        args.addAll(List.of(
                "--server.port=0",
                "--spring.profiles.active=test",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + TestServers.redisPort(),
                "--bridge.s3.endpoint=" + TestServers.s3Endpoint(),
                "--bridge.s3.access-key=" + TestServers.ACCESS_KEY,
                "--bridge.s3.secret-key=" + TestServers.SECRET_KEY,
                "--bridge.kafka.brokers=" + TestServers.kafkaBrokers(),
                "--bridge.kafka.topics.handoffs=second-handoffs-" + suffix,
                "--bridge.kafka.topics.dead-letters=second-dead-letters-" + suffix,
                "--bridge.genesys.login-url=" + TestServers.genesysLogin().baseUrl(),
                "--bridge.genesys.api-url=" + TestServers.genesysApi().baseUrl(),
                "--bridge.sms.twilio.api-url=" + TestServers.smsGateway().baseUrl()));
        return new SpringApplicationBuilder(IvrVideoBridgeApplication.class).run(args.toArray(String[]::new));
    }
}
