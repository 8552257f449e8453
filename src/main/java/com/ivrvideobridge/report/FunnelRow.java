package com.ivrvideobridge.report;

import java.util.Map;

/**
 * The funnel of one (asset, channel): how many handoffs reached each stage, the completion rates
 * (of those offered, of those who started), the median seconds from offer to open and the
 * median share watched by those who started (null when there is nothing to take a median of).
 * Then the calls' outcomes: how many of each ({@code outcomes}, with {@code pending} for those
 * not decided yet), the resolution rate of those offered and of those who completed the video,
 * the repeat-contact rate (each of the handoffs whose outcome is decided: pending ones are left
 * out, so a recent range is not understated; unknown ones count), and the most frequent wrap-up
 * codes of escalations (name to count, most first, at most five).
 *
 * The video's startup as callers saw it: the median and 90th percentile of the startup time (Start
 * pressed to playing, ms), the share of those who pressed Start whose video never played, and the
 * rebuffer ratio (time stalled / (time stalled + time watched), of those who started): a bad
 * network shows in these, a bad tutorial in the quartiles.
 */
public record FunnelRow(
        String assetId,
        String channel,
        long offered,
        long sent,
        long delivered,
        long opened,
        long started,
        long quartile25,
        long quartile50,
        long quartile75,
        long completed,
        long escalated,
        Map<String, Long> escalatedByReason,
        long failed,
        Double completionRateOfOffered,
        Double completionRateOfStarted,
        Double medianSecondsToOpen,
        Double medianWatchedPercent,
        Map<String, Long> outcomes,
        Double resolutionRateOfOffered,
        Double resolutionRateOfCompleted,
        Double repeatContactRate,
        Map<String, Long> escalationWrapUpCodes,
        Long medianStartupMs,
        Long p90StartupMs,
        Double startupFailureRate,
        Double rebufferRatio) {}
