package com.ivrvideobridge.agent;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.agent.*}: where a caller who did not get the video goes. {@code queue-id} is the
 * default Genesys queue; {@code queues-by-asset} (asset id to queue) wins over
 * {@code queues-by-reason} (escalation reason to queue), which wins over the default.
 * {@code mode}: {@code callback} (a Genesys callback to the caller's number, with the note in its
 * data) or {@code transfer} (a blind transfer of the live call to the queue, with the note as
 * participant attributes first).
 */
@ConfigurationProperties("bridge.agent")
public record AgentProperties(
        @DefaultValue("") String queueId,
        @DefaultValue Map<String, String> queuesByAsset,
        @DefaultValue Map<String, String> queuesByReason,
        @DefaultValue("callback") String mode) {

    public boolean transfersLiveCall() {
        return "transfer".equalsIgnoreCase(mode);
    }

    public String queueFor(String assetId, String reason) {
        if (queuesByAsset != null && queuesByAsset.containsKey(assetId)) {
            return queuesByAsset.get(assetId);
        }
        if (queuesByReason != null && queuesByReason.containsKey(reason)) {
            return queuesByReason.get(reason);
        }
        return queueId;
    }
}
