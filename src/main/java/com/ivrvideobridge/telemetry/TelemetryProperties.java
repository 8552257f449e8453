package com.ivrvideobridge.telemetry;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.telemetry.*}: where telemetry-forward sends playback events besides Kafka.
 *
 * @param attributeEvents event types that update the voice conversation's participant attributes,
 *                        of the stages (STARTED, QUARTILE_n, COMPLETED, ENDED): each at most once
 *                        per handoff, credited and moving it forward (see TelemetryForward); other
 *                        types listed here are ignored
 * @param sink            {@code url}: POST each event there (the seed's datastream format); empty = off
 * @param journey         {@code deploymentId}: Genesys Journey app events to that deployment; empty = off
 * @param forwardClaim    how long one consumer holds an event it is forwarding (its retries included)
 *                        before another consumer of the group may take it
 */
@ConfigurationProperties("bridge.telemetry")
public record TelemetryProperties(
        @DefaultValue({"STARTED", "QUARTILE_25", "QUARTILE_50", "QUARTILE_75", "COMPLETED", "ENDED"})
        List<String> attributeEvents,

        @DefaultValue Sink sink,
        @DefaultValue Journey journey,
        @DefaultValue("5m") Duration forwardClaim) {

    public record Sink(@DefaultValue("") String url) {}

    public record Journey(@DefaultValue("") String deploymentId) {}
}
