package com.ivrvideobridge.testbed;

import java.util.UUID;

/** Telemetry batches as the landing page's script sends them. */
public final class PageEvents {

    private PageEvents() {}

    public static String batch(String sessionId, String sessionKey, String... events) {
        return "{\"sessionId\":\"%s\",\"sessionKey\":\"%s\",\"events\":[%s]}"
                .formatted(sessionId, sessionKey, String.join(",", events));
    }

    /** One event of a 6-second video, with the ranges played so far (JSON, e.g. {@code [[0, 1.5]]}). */
    public static String event(String type, String played) {
        return event(UUID.randomUUID().toString(), type, played);
    }

    public static String event(String id, String type, String played) {
        return "{\"id\":\"%s\",\"type\":\"%s\",\"timestamp\":\"2026-11-25T10:00:00Z\",\"position\":0.2,\"duration\":6.0,\"played\":%s}"
                .formatted(id, type, played);
    }
}
