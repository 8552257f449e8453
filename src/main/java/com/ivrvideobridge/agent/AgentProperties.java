package com.ivrvideobridge.agent;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.agent.*}: where a caller who did not get the video goes. {@code queue-id} is the
 * default Genesys queue; {@code queues-by-asset} (asset id to queue) wins over
 * {@code queues-by-reason} (escalation reason to queue), which wins over the default.
 */
@ConfigurationProperties("bridge.agent")
public record AgentProperties(
        @DefaultValue("") String queueId,
        @DefaultValue Map<String, String> queuesByAsset,
        @DefaultValue Map<String, String> queuesByReason) {

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
