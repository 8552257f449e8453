package com.ivrvideobridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.RouteTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * telemetry-forward and forward-telemetry-event: playback events off the telemetry bus become the
 * caller's participant attributes in Genesys, once per stage, and an event Genesys keeps refusing
 * is dead-lettered alone.
 */
class TelemetryForwardRouteTest extends RouteTest {

    @Test
    void aStartedEventBecomesTheCallersAttributesOnceEvenWhenRedelivered() throws Exception {
        Handoff handoff =
                recordOf(offer(ArchitectCalls.webCall(UUID.randomUUID().toString())));
        String started = event(handoff, "STARTED");

        consume("telemetry-forward", List.of(started, event(handoff, "PAUSED")));
        consume("telemetry-forward", List.of(started));

        List<Exchange> patches = callsTo(genesys(), attributesPath(handoff));
        assertThat(patches)
                .as("one update: PAUSED is not an attribute event, the redelivery was done")
                .hasSize(1);
        assertThat(patches.get(0).getMessage().getBody(String.class)).contains("\"video_status\":\"STARTED\"");
        assertThat(deadLetters().getReceivedCounter()).isZero();
    }

    @Test
    void anEventGenesysKeepsRefusingIsDeadLetteredAloneForReplayOntoTheTelemetryBus() throws Exception {
        Handoff handoff =
                recordOf(offer(ArchitectCalls.webCall(UUID.randomUUID().toString())));
        answerStatus(GenesysStubs.ATTRIBUTES_PATH, 503);
        String started = event(handoff, "STARTED");

        consume("telemetry-forward", List.of(started));

        assertThat(callsTo(genesys(), attributesPath(handoff))).hasSize(4);
        assertThat(deadLetters().getReceivedCounter()).isEqualTo(1);
        assertThat(deadLetters().getReceivedExchanges().get(0).getMessage().getBody(String.class))
                .isEqualTo(started);
        assertThat(deadLetters().getReceivedExchanges().get(0).getMessage().getHeader("bridge-replay"))
                .isEqualTo("telemetry");
    }

    private static String attributesPath(Handoff handoff) {
        return "/api/v2/conversations/" + handoff.call().conversationId() + "/participants/part-1/attributes";
    }

    /** A credited event as telemetry-ingest puts it on the bus. */
    private static String event(Handoff handoff, String type) {
        Instant now = Instant.now();
        return """
                {"eventId": "%s", "type": "%s", "timestamp": "%s", "receivedAt": "%s", "sessionId": "session-1",
                 "handoffId": "%s", "conversationId": "%s", "participantId": "part-1",
                 "assetId": "%s", "channel": "web", "position": 1.0, "durationSeconds": 10.0,
                 "durationWatched": 1.0, "watchedPercent": 10, "credited": true}""".formatted(
                        UUID.randomUUID(),
                        type,
                        now,
                        now,
                        handoff.id(),
                        handoff.call().conversationId(),
                        handoff.call().assetId());
    }
}
