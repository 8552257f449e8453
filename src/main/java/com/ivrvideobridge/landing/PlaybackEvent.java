package com.ivrvideobridge.landing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One accepted telemetry event as the service keeps it: the seed's shape ({@code timestamp},
 * {@code type}, {@code sessionId}, {@code assetId}, {@code durationWatched}, {@code completionStatus})
 * plus what ties it to the IVR call. Watched time and completion are the service's own reckoning
 * from the played ranges, not the page's word.
 *
 * @param durationSeconds the tutorial's length the event was judged against: the store's (see
 *                        {@code Tutorial#durationSeconds}), the page's only when the store has none
 * @param credited        false for a milestone the played ranges do not support, for any event of a
 *                        preview fetcher's session, and for played ranges no real player could
 *                        report: recorded, never counted
 * @param notCredited     why it was not credited: {@code preview_session}, {@code milestone_not_covered},
 *                        {@code played_beyond_duration} or {@code played_faster_than_real_time}
 * @param rebufferMs      REBUFFER: how long the video stalled (waiting to playing)
 * @param startupMs       STARTED: the video's startup time as the caller saw it (Start pressed to playing)
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
        String notCredited,
        Long rebufferMs,
        String detail,
        Long startupMs) {}
