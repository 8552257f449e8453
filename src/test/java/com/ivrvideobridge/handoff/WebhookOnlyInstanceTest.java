package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bridge.worker.enabled=false: an instance that only answers Architect (and the other HTTP
 * endpoints) takes no work from the bus. The handoff it accepts waits on Kafka until a worker
 * instance on the same bus sends it, once.
 */
@Tag("integration")
class WebhookOnlyInstanceTest {

    private static final List<String> WORKER_ROUTES = List.of("send-handoff", "telemetry-forward", "timeout-to-agent");

    @Test
    void aWebhookOnlyInstanceAcceptsHandoffsAndAWorkerOnTheSameBusSendsThem() throws Exception {
        GenesysStubs.allSucceed();
        String run = "webhook-only-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> webhookOnly = new HashMap<>(ServiceInstance.bus(run));
        webhookOnly.put("bridge.worker.enabled", "false");

        try (ServiceInstance webhook = ServiceInstance.start(webhookOnly)) {
            CamelContext camel = webhook.bean(CamelContext.class);
            assertThat(WORKER_ROUTES)
                    .allSatisfy(id -> assertThat(camel.getRouteController().getRouteStatus(id))
                            .as(id)
                            .isEqualTo(ServiceStatus.Stopped));
            assertThat(camel.getRouteController().getRouteStatus("handoff-webhook"))
                    .isEqualTo(ServiceStatus.Started);

            HttpResponse<String> answer =
                    webhook.offer(ArchitectCalls.smsCall(run, "mobile_app")).get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            String handoffId =
                    new ObjectMapper().readTree(answer.body()).path("handoffId").asText();
            HandoffStore store = webhook.bean(HandoffStore.class);
            assertThat(store.find(handoffId).orElseThrow().status()).isEqualTo(HandoffStatus.OFFERED);
            // Nobody in the consumer group: the record waits on the handoffs topic.
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBrokers()))) {
                assertThat(admin.describeConsumerGroups(List.of(run))
                                .all()
                                .get()
                                .get(run)
                                .members())
                        .isEmpty();
            }
            String token = store.find(handoffId).orElseThrow().token();

            try (ServiceInstance worker = ServiceInstance.start(ServiceInstance.bus(run))) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> store.find(handoffId).orElseThrow().status() == HandoffStatus.SENT);
                assertThat(TestServers.genesysApi()
                                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                                        .withRequestBody(matchingJsonPath("$.textBody", containing(token)))))
                        .hasSize(1);
            }
        }
    }

    /**
     * The worker signs before it sends: an asset removed after the webhook checked it cannot be
     * signed, so no link goes out and the caller goes to an agent at once (not left waiting on a
     * dead letter).
     */
    @Test
    void anAssetRemovedBeforeTheWorkerSignsSendsTheCallerToAnAgent() throws Exception {
        GenesysStubs.allSucceed();
        String run = "asset-gone-" + UUID.randomUUID().toString().substring(0, 8);
        String asset = "gone/" + run + ".mp4";
        BlobStore media = TestServers.blobStore();
        media.putBlob(
                TestServers.MEDIA_BUCKET,
                media.blobBuilder(asset)
                        .payload(Files.readAllBytes(TestServers.SAMPLE_FILE))
                        .build());
        Map<String, String> webhookOnly = new HashMap<>(ServiceInstance.bus(run));
        webhookOnly.put("bridge.worker.enabled", "false");

        try (ServiceInstance webhook = ServiceInstance.start(webhookOnly)) {
            HttpResponse<String> answer =
                    webhook.offer("""
                    {"conversationId": "%s", "participantId": "part-1", "phoneNumber": "+14155550100",
                     "deviceType": "mobile_app", "hasVideoCapability": false, "assetId": "%s"}""".formatted(run, asset)).get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            String handoffId =
                    new ObjectMapper().readTree(answer.body()).path("handoffId").asText();
            HandoffStore store = webhook.bean(HandoffStore.class);
            String token = store.find(handoffId).orElseThrow().token();
            media.removeBlob(TestServers.MEDIA_BUCKET, asset);

            // A worker of its own (its asset cache empty) on the same bus.
            try (ServiceInstance worker = ServiceInstance.start(ServiceInstance.bus(run))) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> store.find(handoffId).orElseThrow().status() == HandoffStatus.ESCALATED);
                assertThat(store.history(handoffId))
                        .anySatisfy(event -> assertThat(event.toString()).contains("FAILED"));
                assertThat(TestServers.genesysApi()
                                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.AGENTLESS_PATH))
                                        .withRequestBody(matchingJsonPath("$.textBody", containing(token)))))
                        .isEmpty();
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(TestServers.genesysApi()
                                        .findAll(postRequestedFor(urlEqualTo(GenesysStubs.CALLBACKS_PATH))
                                                .withRequestBody(matchingJsonPath(
                                                        "$.data.video_handoff_id", equalTo(handoffId)))))
                                .hasSize(1));
            }
        }
    }
}
