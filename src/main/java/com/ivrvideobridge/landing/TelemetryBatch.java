package com.ivrvideobridge.landing;

import java.time.Instant;
import java.util.List;

/** A checked batch of page events (see {@link TelemetryBatchParser}). */
public record TelemetryBatch(String sessionId, String sessionKey, List<Event> events) {

    public record Event(
            String id,
            PlaybackEventType type,
            Instant timestamp,
            Double position,
            Double duration,
            List<double[]> played,
            Long rebufferMs,
            String detail,
            Long startupMs) {}
}
