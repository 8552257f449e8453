package com.ivrvideobridge.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffLogContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which records of a telemetry batch get an exchange of their own (no Redis or Kafka needed). */
class TelemetryForwardBatchTest {

    private static final List<String> ATTRIBUTE_EVENTS = List.of("STARTED", "COMPLETED");

    private static TelemetryForward forward(String sinkUrl) {
        TelemetryProperties properties = new TelemetryProperties(
                ATTRIBUTE_EVENTS,
                new TelemetryProperties.Sink(sinkUrl),
                new TelemetryProperties.Journey(""),
                Duration.ofMinutes(5));
        return new TelemetryForward(
                new ObjectMapper(), null, properties, new HandoffLogContext(), "group", Duration.ofDays(1));
    }

    @Test
    void onlyEventsWithSomewhereToGoAndUnreadableRecordsGetTheirOwnExchange() {
        String started = "{\"eventId\":\"e1\",\"nested\":{\"type\":\"PAUSED\"},\"type\":\"STARTED\"}";
        String paused = "{\"eventId\":\"e2\",\"type\":\"PAUSED\"}";
        String untyped = "{\"eventId\":\"e3\"}";

        // An unreadable record goes on alone, to be dead-lettered there: it must not fail (and so
        // stall) the whole batch.
        assertThat(forward("").pending(List.of(started, paused, "not json", untyped, "[1, 2]")))
                .containsExactly(started, "not json", untyped, "[1, 2]");
    }

    @Test
    void aSinkWantsEveryEvent() {
        String paused = "{\"eventId\":\"e2\",\"type\":\"PAUSED\"}";

        assertThat(forward("http://sink.example/events").pending(List.of(paused)))
                .containsExactly(paused);
        assertThat(forward("http://sink.example/events").pending(paused)).containsExactly(paused);
    }
}
