package com.ivrvideobridge.landing;

import static com.ivrvideobridge.testbed.PageEvents.batch;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.Topics;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One link, flooded: events, sessions and history stop growing at their limits (history keeping
 * every state change), and requests past the per-link and per-address limits get 429 with
 * Retry-After. Low limits here; the client address comes from X-Forwarded-For as behind a load
 * balancer (the test client's 127.0.0.1 is the trusted proxy), so each test is its own client.
 */
@TestPropertySource(
        properties = {
            "bridge.landing.max-events-per-handoff=60",
            "bridge.landing.max-sessions-per-handoff=3",
            "bridge.handoff.max-history-lines=15",
            "bridge.landing.rate-limit.per-link=10",
            "bridge.landing.rate-limit.per-address=25",
            "server.forward-headers-strategy=native",
            "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1"
        })
// Closed after this class: its limits are no other test's.
@DirtiesContext
class LandingFloodTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${bridge.kafka.topics.telemetry}")
    private String telemetryTopic;

    /** This test's client address (a documentation IPv6 address of its own). */
    private String address;

    @BeforeEach
    void aClientOfItsOwn() {
        GenesysStubs.allSucceed();
        address = "2001:db8::"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) + ":"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    @Test
    void eventsPastTheHandoffsMostAreDroppedAndNeverReachKafka() throws Exception {
        String handoffId = offer();
        JsonNode session = open(handoffId);
        String token = linkToken(handoffId);

        assertThat(counts(send(token, session, events("PAUSED", 50)))).containsExactly(50, 0, 0);
        String twenty = events("PAUSED", 20);
        assertThat(counts(send(token, session, twenty))).containsExactly(10, 0, 10);
        // Sent again (the page resends what did not arrive): the 10 kept are repeats, the rest still dropped.
        assertThat(counts(send(token, session, twenty))).containsExactly(0, 10, 10);

        assertThat(JSON.readTree(
                        getJson("/api/v1/handoffs/" + handoffId + "/events").body()))
                .hasSize(60);
        assertThat(onTheTopic(handoffId)).isEqualTo(60);
        assertThat(notes(handoffId).stream().filter(n -> n.contains("telemetry reached its most of 60 events")))
                .hasSize(1);
    }

    @Test
    void aHandoffHasAtMostItsSessionsAlive() throws Exception {
        String handoffId = offer();
        JsonNode first = open(handoffId);
        open(handoffId);
        open(handoffId);

        HttpResponse<String> fourth = handshake(linkToken(handoffId));
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(fourth.body()).path("error").asText()).isEqualTo("too_many_sessions");
        // Until the oldest session ends (session-ttl, 4 h).
        assertThat(Long.parseLong(fourth.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(14_000L, 14_400L);
        // The sessions already open go on working.
        assertThat(counts(send(linkToken(handoffId), first, event("STARTED", "[[0, 0.1]]"))))
                .containsExactly(1, 0, 0);
    }

    @Test
    void theHistoryKeepsItsMostNotesAndEveryStateChange() throws Exception {
        String handoffId = offer();
        JsonNode session = open(handoffId);
        String token = linkToken(handoffId);
        send(token, session, events("ERROR", 30));
        send(token, session, event("STARTED", "[[0, 0.1]]"));
        send(token, session, events("ERROR", 10)); // more notes, past the most

        JsonNode history =
                JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body()).path("history");
        List<String> lines = new ArrayList<>();
        history.forEach(h -> lines.add(h.path("detail").asText()));
        assertThat(lines.size()).isLessThanOrEqualTo(15 + 1 + 2); // the most, the truncation line, late transitions
        assertThat(lines.stream().filter(l -> l.startsWith("history truncated at 15 lines")))
                .hasSize(1);
        JsonNode started = history.get(history.size() - 1);
        assertThat(started.path("status").asText()).isEqualTo("STARTED");
        assertThat(JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                        .path("status")
                        .asText())
                .isEqualTo("STARTED");
    }

    @Test
    void aLinkPastItsLimitGets429WithRetryAfterWhileOtherLinksGoOn() throws Exception {
        freshWindow();
        String token = linkToken(offer());
        for (int i = 0; i < 10; i++) {
            assertThat(send(token, "{}").statusCode()).isEqualTo(400);
        }

        HttpResponse<String> limited = send(token, "{}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).path("error").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 60L);
        assertThat(page(token).statusCode()).isEqualTo(429);
        assertThat(send(linkToken(offer()), "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void anAddressPastItsLimitGets429OnEveryLinkWhileOtherAddressesGoOn() throws Exception {
        freshWindow();
        for (int link = 0; link < 5; link++) {
            String token = linkToken(offer());
            for (int i = 0; i < 5; i++) {
                assertThat(send(token, "{}").statusCode()).isEqualTo(400);
            }
        }

        String token = linkToken(offer());
        HttpResponse<String> limited = send(token, "{}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).path("message").asText()).contains("your address");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        aClientOfItsOwn();
        assertThat(send(token, "{}").statusCode()).isEqualTo(400);
    }

    /** Moves the service's clock to the start of a rate-limit window, so a test's requests share one. */
    private void freshWindow() {
        long window = Duration.ofMinutes(1).toMillis();
        clock.advance(Duration.ofMillis(window - clock.millis() % window + 100));
    }

    private String offer() throws Exception {
        return offerToAPhoneBrowser();
    }

    private JsonNode open(String handoffId) throws Exception {
        HttpResponse<String> response = handshake(linkToken(handoffId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> handshake(String token) throws Exception {
        return HTTP.send(
                request("/w/" + token + "/session")
                        .header("Content-Type", "application/json")
                        .header("User-Agent", PHONE_BROWSER)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> page(String token) throws Exception {
        return HTTP.send(request("/w/" + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String token, JsonNode session, String events) throws Exception {
        HttpResponse<String> response = send(
                token,
                batch(
                        session.path("sessionId").asText(),
                        session.path("sessionKey").asText(),
                        events));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private HttpResponse<String> send(String token, String body) throws Exception {
        return HTTP.send(
                request("/w/" + token + "/events")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(url(path)).header("X-Forwarded-For", address);
    }

    private static String events(String type, int n) {
        return IntStream.range(0, n).mapToObj(i -> event(type, "[]")).collect(Collectors.joining(","));
    }

    private static List<Integer> counts(HttpResponse<String> response) throws Exception {
        JsonNode answer = JSON.readTree(response.body());
        return List.of(
                answer.path("accepted").asInt(),
                answer.path("duplicates").asInt(),
                answer.path("dropped").asInt());
    }

    private List<String> notes(String handoffId) throws Exception {
        List<String> notes = new ArrayList<>();
        JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("history")
                .forEach(h -> notes.add(h.path("detail").asText()));
        return notes;
    }

    /** The handoff's records on the telemetry topic, read to its end (a poll that brings nothing new). */
    private long onTheTopic(String handoffId) {
        AtomicInteger lastSize = new AtomicInteger(-1);
        return Topics.readUntil(
                        telemetryTopic,
                        seen -> seen.size() == lastSize.getAndSet(seen.size())
                                && seen.stream()
                                                .filter(r -> handoffId.equals(r.key()))
                                                .count()
                                        >= 60)
                .stream()
                .filter(r -> handoffId.equals(r.key()))
                .count();
    }
}
