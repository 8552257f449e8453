package com.ivrvideobridge.landing;

/**
 * The handshake's answer to the page: its viewing session, the key its telemetry must carry, what
 * to play, and the share of the video that counts as completed.
 */
public record SessionAnswer(
        String sessionId, String sessionKey, boolean counted, PlaybackMedia media, double completionThreshold) {}
