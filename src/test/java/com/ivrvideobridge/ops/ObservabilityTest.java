package com.ivrvideobridge.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.ivrvideobridge.testbed.PageEvents.batch;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * What operators see: health of every dependency, Prometheus metrics, and logs that keep secrets
 * and say which handoff they are about. Logs as in production: one JSON object per line (ECS).
 */
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureObservability
@TestPropertySource(properties = "logging.structured.format.console=ecs")
class ObservabilityTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthCoversRedisKafkaTheBucketAndTheGenesysToken() throws Exception {
        HttpResponse<String> health = HTTP.send(
                HttpRequest.newBuilder(url("/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode components = JSON.readTree(health.body()).path("components");
        for (String component : new String[] {"redis", "kafka", "bucketPrivacy", "genesysLogin"}) {
            assertThat(components.path(component).path("status").asText())
                    .as(component)
                    .isEqualTo("UP");
        }
    }

    @Test
    void metricsNeedAKeyAndShowRoutesStatesAndBacklogs() throws Exception {
        GenesysStubs.allSucceed();
        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"));
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(url("/actuator/prometheus"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(getJson("/actuator/prometheus").body())
                        .contains("camel_exchanges_total{")
                        .contains("routeId=\"handoff-webhook\"")
                        .contains("bridge_handoff_transitions_total{")
                        .contains("status=\"SENT\"")
                        .contains("bridge_deadlines_pending")
                        .contains("bridge_dead_letters_total")
                        .contains("bridge_dead_letters_waiting"));
    }

    @Test
    void aWholeJourneyLogsNoPhoneNumberTokenOrSignature(CapturedOutput output) throws Exception {
        GenesysStubs.allSucceed();
        Journey journey =
                sentOpenedAndStarted(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"));
        String handoffId = journey.handoffId();
        String token = journey.token();
        JsonNode session = journey.session();
        // A forged batch and a wrong webhook password are logged too, if at all, without what was sent.
        HTTP.send(
                HttpRequest.newBuilder(url("/w/" + token + "/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                batch(session.path("sessionId").asText(), "forged-key", event("STARTED", "[]"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(output.getAll())
                .contains(handoffId)
                .doesNotContain("+14155550100")
                .doesNotContain(token)
                .doesNotContain(session.path("sessionKey").asText())
                .doesNotContain("forged-key")
                .doesNotContain("X-Amz-Signature")
                .doesNotContain("webhook-secret")
                .doesNotContain(GenesysStubs.TOKEN);
    }

    @Test
    void everyLogLineAboutAHandoffCarriesItsHandoffIdAndConversationId(CapturedOutput output) throws Exception {
        GenesysStubs.allSucceed();
        String conversation = UUID.randomUUID().toString();
        // The web push is refused for good (falls back to SMS) and the SMS is rate-limited once: the
        // retry's warning names neither the handoff nor the call in its text.
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo("/api/v2/conversations/messages/msg-" + conversation
                                + "/communications/comm-1/messages"))
                        .willReturn(aResponse().withStatus(400)));
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                        .inScenario("limited")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("open")
                        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        String handoffId =
                sentOpenedAndStarted(ArchitectCalls.webCall(conversation)).handoffId();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> output.getOut().contains("Handoff " + handoffId + " is now STARTED"));

        List<JsonNode> lines = output.getOut()
                .lines()
                .filter(line -> line.startsWith("{"))
                .map(ObservabilityTest::json)
                .toList();
        List<JsonNode> aboutIt = lines.stream()
                .filter(line -> line.path("message").asText().contains(handoffId))
                .toList();
        assertThat(aboutIt)
                .extracting(line -> line.path("message").asText())
                .anyMatch(message -> message.startsWith("Handoff " + handoffId + " is now SENT"))
                .anyMatch(message -> message.startsWith("Handoff " + handoffId + " is now OPENED"))
                .anyMatch(message -> message.startsWith("Handoff " + handoffId + " is now STARTED"));
        List<JsonNode> retried = lines.stream()
                .filter(line -> line.path("message").asText().startsWith("Rate limited"))
                .toList();
        assertThat(retried).hasSize(1);
        for (JsonNode line : concat(aboutIt, retried)) {
            assertThat(line.path("handoffId").asText()).as(line.toString()).isEqualTo(handoffId);
            assertThat(line.path("conversationId").asText()).as(line.toString()).isEqualTo(conversation);
        }
    }

    private record Journey(String handoffId, String token, JsonNode session) {}

    /** Architect's call, the message sent, the link opened on a phone and playback started. */
    private Journey sentOpenedAndStarted(String call) throws Exception {
        String handoffId =
                JSON.readTree(callWebhook(call).body()).path("handoffId").asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> JSON.readTree(
                                getJson("/api/v1/handoffs/" + handoffId).body())
                        .path("status")
                        .asText()
                        .equals("SENT"));
        String token = linkToken(handoffId);
        JsonNode session = JSON.readTree(handshake(token, PHONE_BROWSER).body());
        HTTP.send(
                HttpRequest.newBuilder(url("/w/" + token + "/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch(
                                session.path("sessionId").asText(),
                                session.path("sessionKey").asText(),
                                event("STARTED", "[[0, 0.1]]"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Journey(handoffId, token, session);
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not a JSON log line: " + line, e);
        }
    }
}
