package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import com.ivrvideobridge.testbed.Topics;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** A total Genesys outage: retries run out and the message lands on the dead-letter topic, described. */
class DeadLetterTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${bridge.kafka.topics.dead-letters}")
    private String deadLetterTopic;

    @BeforeEach
    void stubs() {
        GenesysStubs.allSucceed();
    }

    @Test
    void exhaustedSendGoesToTheDeadLetterTopicWithItsOriginalBodyAndTheError() throws Exception {
        String conversation = UUID.randomUUID().toString();
        String path = "/api/v2/conversations/messages/msg-" + conversation + "/communications/comm-1/messages";
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(503)));

        JsonNode answer =
                JSON.readTree(callWebhook(ArchitectCalls.webCall(conversation)).body());
        String handoffId = answer.path("handoffId").asText();

        ConsumerRecord<String, String> dead = awaitDeadLetter(handoffId);
        assertThat(JSON.readTree(dead.value()).path("id").asText())
                .as(dead.value())
                .isEqualTo(handoffId);
        assertThat(header(dead, "bridge-error")).contains("HTTP 503");
        assertThat(header(dead, "bridge-failed-endpoint")).contains("/communications/comm-1/messages");
        assertThat(header(dead, "bridge-attempts")).isEqualTo("4");
        // 1 attempt + 3 redeliveries (testbed.properties), and no SMS instead: an outage is not a refusal.
        assertThat(TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(path))))
                .hasSize(4);
        JsonNode view = JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body());
        assertThat(view.path("status").asText()).isEqualTo("OFFERED");
        assertThat(view.path("history").toString()).contains("dead-lettered after 4 attempts");
        assertThat(header(dead, "bridge-replay")).isEqualTo("handoffs");

        // Genesys is back: the replay delivers it, once.
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(path))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"id\": \"m-replayed\"}")));
        HttpResponse<String> replay = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/dead-letters/replay"))
                        .header("Authorization", "Bearer " + API_KEY)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("replayed").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(JSON.readTree(
                                        getJson("/api/v1/handoffs/" + handoffId).body())
                                .path("status")
                                .asText())
                        .isEqualTo("SENT"));
        assertThat(TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(path))))
                .hasSize(5);

        HttpResponse<String> again = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/dead-letters/replay?max=10"))
                        .header("Authorization", "Bearer " + API_KEY)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(again.body()).path("replayed").asInt()).isZero();
    }

    @Test
    void replayRefusesABadMaximum() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/dead-letters/replay?max=lots"))
                        .header("Authorization", "Bearer " + API_KEY)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo("max");
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String handoffId) {
        return Topics.readUntil(deadLetterTopic, seen -> seen.stream().anyMatch(r -> handoffId.equals(r.key())))
                .stream()
                .filter(r -> handoffId.equals(r.key()))
                .findFirst()
                .orElseThrow();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return Topics.header(record, name);
    }
}
