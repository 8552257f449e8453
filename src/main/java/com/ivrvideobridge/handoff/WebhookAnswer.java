package com.ivrvideobridge.handoff;

import java.time.Instant;

/** The flat JSON answer to the Call Data Action (output contracts allow no nested arrays). */
public record WebhookAnswer(String handoffId, String channel, String status, Instant linkExpiresAt, String prompt) {
}
