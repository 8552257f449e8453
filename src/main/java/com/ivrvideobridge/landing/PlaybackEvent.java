package com.ivrvideobridge.landing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One accepted telemetry event as the service keeps it: the seed's shape ({@code timestamp},
 * {@code type}, {@code sessionId}, {@code assetId}, {@code durationWatched}, {@code completionStatus})
 * plus what ties it to the IVR call. Watched time and completion are the service's own reckoning
 * from the played ranges, not the page's word.
 *
 * @param credited false for a milestone the played ranges do not support, and for any event of a
 *                 preview fetcher's session: recorded, never counted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaybackEvent(
        String eventId,
        PlaybackEventType type,
        Instant timestamp,
        Instant receivedAt,
        String sessionId,
        String handoffId,
        String conversationId,
        String participantId,
        String assetId,
        String channel,
        String deviceType,
        Double position,
        Double durationSeconds,
        double durationWatched,
        int watchedPercent,
        String completionStatus,
        boolean credited,
        Long rebufferMs,
        String detail) {
}
