package com.ivrvideobridge.ops;

import static com.ivrvideobridge.testbed.PageEvents.batch;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.ServiceInstance.OpenedLink;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Nobody stranded by a broker outage. The instance gets a Kafka broker of its own (the test bed's
 * is shared by the whole JVM), which the test stops; then 200 viewers' pages flush telemetry at
 * once, as many as Tomcat has request threads. The landing side may hold at most
 * bridge.landing.max-concurrent (100) of them, each for at most the telemetry bus's 8 s; the others
 * get 503 busy at once. Architect's webhook, called meanwhile, gets a thread and answers 503
 * bus_unavailable within its own 8 s bound. Without the bulkhead it would wait for a thread first;
 * without the bounds on the telemetry bus, for two minutes.
 */
@Tag("integration")
class BrokerOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VIEWERS = 200;
    /** The webhook's bound (bridge.bus.handoffs deliveryTimeoutMs) and slack for a busy 2-core machine. */
    private static final Duration WEBHOOK_BOUND = Duration.ofSeconds(8).plusMillis(1500);

    private static final Duration TELEMETRY_BOUND = Duration.ofSeconds(20);

    private record Timed(HttpResponse<String> response, Duration took) {}

    @Test
    void withTheBrokerStoppedAndTwoHundredPagesFlushingTheWebhookStillAnswersWithinItsBound() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.afterPropertiesSet();
        boolean brokerRunning = true;
        Map<String, String> settings = new HashMap<>(ServiceInstance.bus("broker-outage"));
        settings.put("bridge.kafka.brokers", broker.getBrokersAsString());
        // The webhook tier: nothing consumes, so only the HTTP side is measured.
        settings.put("bridge.worker.enabled", "false");
        GenesysStubs.allSucceed();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try (ServiceInstance instance = ServiceInstance.start(settings)) {
            // 200 callers watching, each on its own link (the webhook publishes while the broker runs).
            List<OpenedLink> links = new ArrayList<>();
            for (int i = 0; i < VIEWERS; i++) {
                links.add(instance.offerAndOpen(
                        ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app")));
            }
            // One batch while the broker runs: the telemetry producer knows where its topic lives.
            assertThat(flush(http, instance, links.get(0))
                            .get(30, TimeUnit.SECONDS)
                            .response()
                            .statusCode())
                    .isEqualTo(200);

            broker.destroy();
            brokerRunning = false;

            List<CompletableFuture<Timed>> flushes =
                    links.stream().map(link -> flush(http, instance, link)).toList();
            // Every flush is answered already or holds a request thread: the webhook comes after all of them.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() ->
                            flushes.stream().filter(CompletableFuture::isDone).count() + instance.busyRequestThreads()
                                    >= VIEWERS);

            long start = System.nanoTime();
            HttpResponse<String> webhook = instance.offer(
                            ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                    .get(60, TimeUnit.SECONDS);
            Duration webhookTook = Duration.ofNanos(System.nanoTime() - start);

            assertThat(webhook.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(webhook.body()).path("error").asText()).isEqualTo("bus_unavailable");
            assertThat(webhookTook).isLessThan(WEBHOOK_BOUND);

            // Every page got its answer, none waited for Kafka longer than the telemetry bus's bound.
            List<Timed> answers = new ArrayList<>();
            for (CompletableFuture<Timed> flush : flushes) {
                answers.add(flush.get(30, TimeUnit.SECONDS));
            }
            List<Timed> busy =
                    answers.stream().filter(a -> error(a).equals("busy")).toList();
            List<Timed> waitedForKafka = answers.stream()
                    .filter(a -> error(a).equals("bus_unavailable"))
                    .toList();
            assertThat(busy.size() + waitedForKafka.size()).isEqualTo(VIEWERS);
            // Bounded by the producer's own timeouts, not Kafka's 120 s (a loaded machine adds seconds).
            assertThat(waitedForKafka)
                    .hasSizeLessThanOrEqualTo(100)
                    .allSatisfy(a -> assertThat(a.took()).isLessThan(TELEMETRY_BOUND));
            assertThat(busy).hasSizeGreaterThanOrEqualTo(VIEWERS - 100).allSatisfy(a -> {
                assertThat(a.response().statusCode()).isEqualTo(503);
                assertThat(a.response().headers().firstValue("Retry-After")).hasValue("2");
                assertThat(a.response().headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            });
        } finally {
            if (brokerRunning) {
                broker.destroy();
            }
        }
    }

    /** One page's telemetry batch (an event not seen before), timed from send to answer. */
    private static CompletableFuture<Timed> flush(HttpClient http, ServiceInstance instance, OpenedLink link) {
        long start = System.nanoTime();
        return http.sendAsync(
                        HttpRequest.newBuilder(instance.url("/w/" + link.token() + "/events"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        batch(link.sessionId(), link.sessionKey(), event("PAUSED", "[[0, 1.5]]"))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Timed(response, Duration.ofNanos(System.nanoTime() - start)));
    }

    private static String error(Timed answer) {
        try {
            return JSON.readTree(answer.response().body()).path("error").asText();
        } catch (Exception e) {
            return "unreadable: " + answer.response().statusCode();
        }
    }
}
