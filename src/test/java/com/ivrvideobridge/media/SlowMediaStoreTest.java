package com.ivrvideobridge.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.ServiceInstance;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A media store that takes its time: the webhook's asset check (a HEAD on the request thread) gives
 * up after bridge.s3.api-call-timeout (3 s) and answers 503 storage_unavailable, instead of holding
 * the thread and Architect for the SDK's HTTP client's 30 s per attempt, three attempts.
 */
@Tag("integration")
class SlowMediaStoreTest {

    @Test
    void theWebhookAnswers503StorageUnavailableWithinTheS3BoundWhenTheStoreDoesNotAnswer() throws Exception {
        WireMockServer slowStore = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        slowStore.start();
        // The asset check never gets an answer in time; anything else (the privacy check at start-up) a quick 404.
        slowStore.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
        Map<String, String> settings = new HashMap<>(ServiceInstance.bus("slow-store"));
        settings.put("bridge.s3.endpoint", slowStore.baseUrl());
        settings.put("bridge.worker.enabled", "false");
        try (ServiceInstance instance = ServiceInstance.start(settings)) {
            // A first call warms the new instance up (class loading, the JIT); a missing answer is never remembered.
            assertUnavailable(
                    instance.offer(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                            .get(30, TimeUnit.SECONDS));

            long start = System.nanoTime();
            HttpResponse<String> answer = instance.offer(
                            ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                    .get(30, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertUnavailable(answer);
            // bridge.s3.api-call-timeout (3 s) and the rest of the webhook's work, on a busy 2-core machine.
            assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        } finally {
            slowStore.stop();
        }
    }

    private static void assertUnavailable(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertThat(body.path("error").asText()).isEqualTo("storage_unavailable");
    }
}
