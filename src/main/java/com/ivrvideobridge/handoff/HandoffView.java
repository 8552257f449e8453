package com.ivrvideobridge.handoff;

import com.ivrvideobridge.outcome.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/handoffs/{id}}: state and history, with the phone number masked, and the
 * call's outcome once decided (null before: outcome.CallOutcomes).
 */
public record HandoffView(
        String handoffId,
        String conversationId,
        String assetId,
        String channel,
        String deviceType,
        String locale,
        String phoneNumber,
        String status,
        Instant createdAt,
        Instant linkExpiresAt,
        Outcome outcome,
        List<HandoffEvent> history) {

    static HandoffView of(Handoff h, List<HandoffEvent> history, Outcome outcome) {
        HandoffRequest call = h.call();
        return new HandoffView(
                h.id(),
                call.conversationId(),
                call.assetId(),
                h.channel(),
                call.deviceType(),
                call.locale(),
                PhoneNumbers.mask(call.phoneNumber()),
                h.status().name(),
                h.createdAt(),
                h.linkExpiresAt(),
                outcome,
                history);
    }
}
