package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One offer of a tutorial to one caller: the call as Genesys described it, the opaque link token,
 * the chosen channel and the state. Travels as JSON on the bus; lives in Redis (see {@link HandoffStore}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Handoff(
        String id,
        String token,
        HandoffRequest call,
        String bucket,
        String channel,
        HandoffStatus status,
        Instant createdAt,
        Instant linkExpiresAt) {

    public Handoff withChannel(String newChannel) {
        return new Handoff(id, token, call, bucket, newChannel, status, createdAt, linkExpiresAt);
    }

    Handoff withStatus(HandoffStatus current) {
        return new Handoff(id, token, call, bucket, channel, current, createdAt, linkExpiresAt);
    }
}
