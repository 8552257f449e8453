package com.ivrvideobridge.ops;

import static com.ivrvideobridge.testbed.PageEvents.batch;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What operators see: health of every dependency, Prometheus metrics, and logs that keep secrets. */
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureObservability
class ObservabilityTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthCoversRedisKafkaTheBucketAndTheGenesysToken() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(url("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode components = JSON.readTree(health.body()).path("components");
        for (String component : new String[] {"redis", "kafka", "bucketPrivacy", "genesysLogin"}) {
            assertThat(components.path(component).path("status").asText()).as(component).isEqualTo("UP");
        }
    }

    @Test
    void metricsNeedAKeyAndShowRoutesStatesAndBacklogs() throws Exception {
        GenesysStubs.allSucceed();
        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"));
        assertThat(HTTP.send(HttpRequest.newBuilder(url("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(getJson("/actuator/prometheus").body())
                .contains("camel_exchanges_total{").contains("routeId=\"handoff-webhook\"")
                .contains("bridge_handoff_transitions_total{").contains("status=\"SENT\"")
                .contains("bridge_deadlines_pending").contains("bridge_dead_letters_total")
                .contains("bridge_dead_letters_waiting"));
    }

    @Test
    void aWholeJourneyLogsNoPhoneNumberTokenOrSignature(CapturedOutput output) throws Exception {
        GenesysStubs.allSucceed();
        String handoffId = JSON.readTree(callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                .body()).path("handoffId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status").asText().equals("SENT"));
        String token = linkToken(handoffId);
        JsonNode session = JSON.readTree(handshake(token, PHONE_BROWSER).body());
        HTTP.send(HttpRequest.newBuilder(url("/w/" + token + "/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(session.path("sessionId").asText(),
                        session.path("sessionKey").asText(), event("STARTED", "[[0, 0.1]]")))).build(),
                HttpResponse.BodyHandlers.ofString());
        // A forged batch and a wrong webhook password are logged too, if at all, without what was sent.
        HTTP.send(HttpRequest.newBuilder(url("/w/" + token + "/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(session.path("sessionId").asText(), "forged-key",
                        event("STARTED", "[]")))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(output.getAll()).contains(handoffId)
                .doesNotContain("+14155550100").doesNotContain(token)
                .doesNotContain(session.path("sessionKey").asText()).doesNotContain("forged-key")
                .doesNotContain("X-Amz-Signature").doesNotContain("webhook-secret").doesNotContain(GenesysStubs.TOKEN);
    }
}
