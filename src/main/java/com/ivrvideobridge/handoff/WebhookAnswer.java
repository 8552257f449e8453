package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The flat JSON answer to the Call Data Action (output contracts allow no nested arrays).
 * {@code link} only with {@code bridge.handoff.answer-with-link} (the local sandbox): Architect
 * does not need it, and a link is a credential best kept out of flow logs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookAnswer(
        String handoffId, String channel, String status, Instant linkExpiresAt, String prompt, String link) {}
