package com.ivrvideobridge.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One handoff as the funnel sees it: when it reached each stage (null: never). Built from the
 * state transitions and the credited playback milestones, each at most once, so retries,
 * duplicates, preview bots and skipping never inflate a count; and the call's outcome once decided
 * ({@code outcome}, {@code wrapUpCode}, {@code handleSeconds}, {@code outcomeDecidedAt}: see
 * outcome.CallOutcomes). Also the JSON Lines export's row.
 * The caller's experience as the page measured it: when Start was first pressed, the first start's
 * startup time (pressed to playing, ms), the time stalled after starting and the time watched (ms).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandoffFacts(
        String handoffId,
        String conversationId,
        String assetId,
        String channel,
        String deviceType,
        Instant offeredAt,
        Instant sentAt,
        Instant deliveredAt,
        Instant openedAt,
        Instant startedAt,
        Instant quartile25At,
        Instant quartile50At,
        Instant quartile75At,
        Instant completedAt,
        Instant failedAt,
        Instant escalatedAt,
        String escalationReason,
        Integer watchedPercent,
        String outcome,
        String wrapUpCode,
        Long handleSeconds,
        Instant outcomeDecidedAt,
        Instant startPressedAt,
        Long startupMs,
        Long rebufferMs,
        Long watchedMs) {}
