package com.ivrvideobridge.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import com.ivrvideobridge.testbed.Topics;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Telemetry through Kafka: what the page sent is what lands on the topic, keyed and ordered by
 * handoff; telemetry-forward tells Genesys how far the caller got and feeds the sink, once per
 * event, with dead letters and replay when the sink is down.
 */
// Closed after this class: one more instance on the shared Redis and Kafka is only load for the others.
@DirtiesContext
class TelemetryForwardTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SINK = "/sink/video-events";
    private static final String JOURNEY = "/api/v2/journey/deployments/deployment-1/appevents";

    @Value("${bridge.kafka.topics.telemetry}")
    private String telemetryTopic;

    @Value("${bridge.kafka.topics.dead-letters}")
    private String deadLetterTopic;

    @Value("${bridge.kafka.consumer-group}-telemetry")
    private String forwardGroup;

    @Value("${bridge.kafka.consumer-group}")
    private String consumerGroup;

    @Autowired
    private StringRedisTemplate redis;

    private String conversationId;
    private String handoffId;
    private String token;
    private JsonNode session;

    @DynamicPropertySource
    static void sinks(DynamicPropertyRegistry registry) {
        registry.add("bridge.telemetry.sink.url", () -> TestServers.genesysApi().baseUrl() + SINK);
        registry.add("bridge.telemetry.journey.deployment-id", () -> "deployment-1");
    }

    @BeforeEach
    void openedLink() throws Exception {
        GenesysStubs.allSucceed();
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(SINK)).willReturn(aResponse().withStatus(202)));
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(JOURNEY)).willReturn(aResponse().withStatus(202)));
        conversationId = UUID.randomUUID().toString();
        handoffId = JSON.readTree(callWebhook(ArchitectCalls.smsCall(conversationId, "mobile_web"))
                        .body())
                .path("handoffId")
                .asText();
        token = linkToken(handoffId);
        session = JSON.readTree(handshake(token, PHONE_BROWSER).body());
    }

    @Test
    void eventsInAreEventsOnTheTopicInOrderAndGenesysSeesHowFarTheCallerGot() throws Exception {
        List<String> ids = List.of(id(), id(), id(), id(), id());
        send(event(ids.get(0), "START_CLICKED", "[]"), event(ids.get(1), "STARTED", "[[0, 0.1]]"));
        send(
                event(ids.get(2), "PAUSED", "[[0, 1.0]]"),
                event(ids.get(3), "RESUMED", "[[0, 1.0]]"),
                event(ids.get(4), "QUARTILE_25", "[[0, 1.6]]"));

        List<ConsumerRecord<String, String>> mine = Topics.readUntil(
                        telemetryTopic,
                        seen -> seen.stream()
                                        .filter(r -> handoffId.equals(r.key()))
                                        .count()
                                >= 5)
                .stream()
                .filter(r -> handoffId.equals(r.key()))
                .toList();
        assertThat(mine).hasSize(5);
        assertThat(mine.stream().map(r -> field(r.value(), "eventId"))).containsExactlyElementsOf(ids);
        JsonNode quartile = JSON.readTree(mine.get(4).value());
        assertThat(quartile.path("type").asText()).isEqualTo("QUARTILE_25");
        assertThat(quartile.path("sessionId").asText())
                .isEqualTo(session.path("sessionId").asText());
        assertThat(quartile.path("conversationId").asText()).isEqualTo(conversationId);
        assertThat(quartile.path("assetId").asText()).isEqualTo(TestServers.SAMPLE_ASSET);
        assertThat(quartile.path("durationWatched").asDouble()).isEqualTo(1.6);
        assertThat(quartile.path("completionStatus").asText()).isEqualTo("incomplete");

        // The agent's sidebar: the milestones only (not every pause), with how far the caller got.
        await().atMost(Duration.ofSeconds(15)).until(() -> progressUpdates().size() == 2);
        assertThat(progressUpdates().get(1).getBodyAsString())
                .contains("\"video_status\":\"QUARTILE_25\"")
                .contains("\"video_watched_pct\":\"26\"")
                .contains("video_last_event_at");
        // The sink gets every event; Journey, like the attributes, each stage reached.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> sinkPosts().size() == 5 && journeyPosts(null).size() == 2);
        assertThat(journeyPosts("video_quartile_25")).hasSize(1);
    }

    /**
     * A flood through one link costs Genesys nothing: pauses, errors, a milestone the played
     * ranges do not support, and the same stages again from a second session make no update;
     * each stage reached makes one. The sink (the customer's own store) gets every event.
     */
    @Test
    void genesysHearsEachStageOnceHoweverManyEventsArrive() throws Exception {
        send(
                event("STARTED", "[[0, 0.1]]"),
                event("ERROR", "[[0, 0.1]]"),
                event("PAUSED", "[[0, 0.5]]"),
                event("RESUMED", "[[0, 0.5]]"),
                event("ERROR", "[[0, 0.5]]"),
                event("COMPLETED", "[[0, 0.5], [5, 6]]"));
        send(event("QUARTILE_25", "[[0, 1.6]]"), event("PAUSED", "[[0, 1.6]]"), event("ERROR", "[[0, 1.6]]"));
        JsonNode second = JSON.readTree(handshake(token, PHONE_BROWSER).body());
        String last = id();
        send(
                second,
                event("STARTED", "[[0, 0.1]]"),
                event("QUARTILE_25", "[[0, 1.7]]"),
                event(last, "ERROR", "[[0, 1.7]]"));

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        sinkPosts().stream().anyMatch(r -> r.getBodyAsString().contains(last)));
        assertThat(sinkPosts()).hasSize(12);
        assertThat(progressUpdates())
                .extracting(r -> JSON.readTree(r.getBodyAsString())
                        .path("attributes")
                        .path("video_status")
                        .asText())
                .containsExactly("STARTED", "QUARTILE_25");
        assertThat(journeyPosts(null))
                .extracting(r ->
                        JSON.readTree(r.getBodyAsString()).path("eventName").asText())
                .containsExactly("video_started", "video_quartile_25");
    }

    @Test
    void aRedeliveredEventIsForwardedOnce() throws Exception {
        String id = id();
        send(event(id, "STARTED", "[[0, 0.1]]"));
        ConsumerRecord<String, String> record =
                Topics.readUntil(telemetryTopic, seen -> seen.stream().anyMatch(r -> handoffId.equals(r.key())))
                        .stream()
                        .filter(r -> handoffId.equals(r.key()))
                        .findFirst()
                        .orElseThrow();
        await().atMost(Duration.ofSeconds(15)).until(() -> sinkPosts().size() == 1);

        Topics.send(telemetryTopic, record.key(), record.value()); // Kafka redelivers it (at-least-once)
        String marker = id();
        send(event(marker, "PAUSED", "[[0, 1.0]]"));

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        sinkPosts().stream().anyMatch(r -> r.getBodyAsString().contains(marker)));
        assertThat(sinkPosts().stream().filter(r -> r.getBodyAsString().contains(id)))
                .hasSize(1);
        assertThat(progressUpdates()).hasSize(1);
    }

    /**
     * Another consumer of the group holds the event (a rebalance handed it the same batch): this
     * one does not forward it a second time, it dead-letters it (replayable) and goes on.
     */
    @Test
    void anEventClaimedByAnotherConsumerIsDeadLetteredNotForwardedTwice() throws Exception {
        String id = id();
        redis.opsForValue()
                .set("bridge:telemetry-forwarded:" + consumerGroup + ":" + id, "forwarding", Duration.ofMinutes(1));
        String after = id();
        send(event(id, "STARTED", "[[0, 0.1]]"), event(after, "PAUSED", "[[0, 1.0]]"));

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        sinkPosts().stream().anyMatch(r -> r.getBodyAsString().contains(after)));
        assertThat(Topics.readUntil(
                        deadLetterTopic,
                        seen -> seen.stream().anyMatch(r -> r.value().contains(id))))
                .anyMatch(r -> r.value().contains(id));
        assertThat(sinkPosts()).noneMatch(r -> r.getBodyAsString().contains(id));
        assertThat(progressUpdates()).isEmpty();
    }

    @Test
    void aSinkOutageDeadLettersTheEventAndTheReplayDeliversIt() throws Exception {
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(SINK)).willReturn(aResponse().withStatus(503)));
        String id = id();
        send(event(id, "PAUSED", "[[0, 1.0]]"));

        ConsumerRecord<String, String> dead =
                Topics.readUntil(
                                deadLetterTopic,
                                seen -> seen.stream().anyMatch(r -> r.value().contains(id)))
                        .stream()
                        .filter(r -> r.value().contains(id))
                        .findFirst()
                        .orElseThrow();
        assertThat(Topics.header(dead, "bridge-replay")).isEqualTo("telemetry");
        assertThat(Topics.header(dead, "bridge-error")).contains("503");
        assertThat(dead.key()).isEqualTo(handoffId);

        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(SINK)).willReturn(aResponse().withStatus(202)));
        HttpResponse<String> replay = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/dead-letters/replay?max=1000"))
                        .header("Authorization", "Bearer " + API_KEY)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> TestServers.genesysApi().getAllServeEvents().stream()
                        .anyMatch(e -> e.getRequest().getUrl().equals(SINK)
                                && e.getRequest().getBodyAsString().contains(id)
                                && e.getResponse().getStatus() == 202));
    }

    @Test
    void aForwardedBatchIsCommittedSoARestartDoesNotReadItAgain() throws Exception {
        String last = id();
        send(
                event(id(), "STARTED", "[[0, 0.1]]"),
                event(id(), "PAUSED", "[[0, 1.0]]"),
                event(last, "RESUMED", "[[0, 1.0]]"));
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        sinkPosts().stream().anyMatch(r -> r.getBodyAsString().contains(last)));

        // Every partition's committed offset reaches its end: consumed batches are committed by the
        // route (autoCommitEnable=false), not left for a restart to read again.
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBrokers()))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(forwardGroup)
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, Long> ends = admin
                        .listOffsets(admin
                                .describeTopics(List.of(telemetryTopic))
                                .allTopicNames()
                                .get()
                                .get(telemetryTopic)
                                .partitions()
                                .stream()
                                .collect(Collectors.toMap(
                                        p -> new TopicPartition(telemetryTopic, p.partition()),
                                        p -> OffsetSpec.latest())))
                        .all()
                        .get()
                        .entrySet()
                        .stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().offset()));
                ends.forEach((partition, end) -> {
                    if (end > 0) {
                        assertThat(committed.get(partition))
                                .as(partition.toString())
                                .isNotNull();
                        assertThat(committed.get(partition).offset())
                                .as(partition.toString())
                                .isEqualTo(end);
                    }
                });
            });
        }
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAloneAndTheEventsAfterItGoOn() throws Exception {
        String poison = "not an event " + id();
        Topics.send(telemetryTopic, handoffId, poison);
        String after = id();
        send(event(after, "PAUSED", "[[0, 1.0]]"));

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        sinkPosts().stream().anyMatch(r -> r.getBodyAsString().contains(after)));
        assertThat(Topics.readUntil(deadLetterTopic, seen -> seen.stream().anyMatch(r -> poison.equals(r.value()))))
                .anyMatch(r -> poison.equals(r.value()));
    }

    private void send(String... events) throws Exception {
        send(session, events);
    }

    private void send(JsonNode session, String... events) throws Exception {
        sendEvents(token, session, events);
    }

    private List<LoggedRequest> progressUpdates() {
        return TestServers.genesysApi()
                .findAll(patchRequestedFor(urlEqualTo(
                                "/api/v2/conversations/" + conversationId + "/participants/part-1/attributes"))
                        .withRequestBody(matchingJsonPath("$.attributes.video_watched_pct")));
    }

    private List<LoggedRequest> sinkPosts() {
        return TestServers.genesysApi()
                .findAll(postRequestedFor(urlEqualTo(SINK))
                        .withRequestBody(matchingJsonPath("$.handoffId", equalTo(handoffId))));
    }

    private List<LoggedRequest> journeyPosts(String eventName) {
        var pattern = postRequestedFor(urlEqualTo(JOURNEY))
                .withRequestBody(matchingJsonPath("$.attributes.handoffId.value", equalTo(handoffId)));
        return TestServers.genesysApi()
                .findAll(
                        eventName == null
                                ? pattern
                                : pattern.withRequestBody(matchingJsonPath("$.eventName", equalTo(eventName))));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
