package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * 1,000 handoffs while Genesys is down for a while, then back: in the end every message was
 * delivered exactly once (after replaying the dead letters), none lost, none duplicated.
 */
@TestPropertySource(properties = "bridge.genesys.rate-per-minute=1000000")
class OutageRecoveryTest extends BridgeIntegrationTest {

    private static final int HANDOFFS = 1000;
    private static final int FAILED_CALLS_BEFORE_RECOVERY = 200;
    private static final Pattern CONVERSATION = Pattern.compile("/messages/msg-([^/]+)/communications/");

    /**
     * Architect's data action, retried once on a 503 as the idempotent call may be: under this load
     * the test bed's broker can take longer than the webhook's 8 s to acknowledge (it answers 503
     * bus_unavailable, the handoff stored), and the retry publishes it again. Exactly once still holds.
     */
    private int offer(String conversation) throws Exception {
        int status = callWebhook(ArchitectCalls.webCall(conversation)).statusCode();
        return status == 503 ? callWebhook(ArchitectCalls.webCall(conversation)).statusCode() : status;
    }

    @Test
    void everyMessageIsDeliveredExactlyOnceAfterAnOutage() throws Exception {
        GenesysStubs.allSucceed();
        StubMapping outage = TestServers.genesysApi()
                .stubFor(post(urlPathMatching(GenesysStubs.WEB_MESSAGE_PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        String batch = "outage-" + System.nanoTime();
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < HANDOFFS; i++) {
            conversations.add(batch + "-" + i);
        }

        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String conversation : conversations) {
                answers.add(callers.submit(() -> offer(conversation)));
            }
            // Genesys recovers after a while, with sends still queued behind the failures.
            await().atMost(Duration.ofSeconds(60)).until(() -> failedSends() >= FAILED_CALLS_BEFORE_RECOVERY);
            TestServers.genesysApi().removeStub(outage);
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            callers.shutdown();
        }

        // The sends that ran out of retries during the outage wait in the dead-letter topic: replay them.
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HTTP.send(
                            HttpRequest.newBuilder(url("/api/v1/dead-letters/replay"))
                                    .header("Authorization", "Bearer " + API_KEY)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return deliveredPerConversation(batch).size() == HANDOFFS;
                });

        Map<String, Long> delivered = deliveredPerConversation(batch);
        Set<String> lost =
                conversations.stream().filter(c -> !delivered.containsKey(c)).collect(Collectors.toSet());
        Map<String, Long> duplicated = delivered.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        System.out.printf(
                "outage test: %d handoffs, %d delivered, %d lost, %d duplicated, %d failed calls during the outage%n",
                HANDOFFS, delivered.size(), lost.size(), duplicated.size(), failedSends());
        assertThat(lost).isEmpty();
        assertThat(duplicated).isEmpty();
        assertThat(new ObjectMapper()
                        .readTree(getJson("/api/v1/handoffs/" + handoffIdOf(conversations.get(0)))
                                .body())
                        .path("status")
                        .asText())
                .isEqualTo("SENT");
    }

    private String handoffIdOf(String conversation) throws Exception {
        return new ObjectMapper()
                .readTree(callWebhook(ArchitectCalls.webCall(conversation)).body())
                .path("handoffId")
                .asText();
    }

    private static long failedSends() {
        return TestServers.genesysApi().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().contains("/communications/")
                        && e.getResponse().getStatus() == 503)
                .count();
    }

    /** Conversation id to the number of web messages Genesys accepted for it. */
    private static Map<String, Long> deliveredPerConversation(String batch) {
        Function<ServeEvent, String> conversation = e -> {
            Matcher m = CONVERSATION.matcher(e.getRequest().getUrl());
            return m.find() ? m.group(1) : "";
        };
        return TestServers.genesysApi().getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 200
                        && e.getRequest().getUrl().contains("/msg-" + batch))
                .collect(Collectors.groupingBy(conversation, Collectors.counting()));
    }
}
