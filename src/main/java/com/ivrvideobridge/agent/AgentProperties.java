package com.ivrvideobridge.agent;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.agent.*}: where and how a caller who did not get the video reaches an agent.
 * {@code queue-id} is the default Genesys queue; {@code queues-by-asset} (asset id to queue) wins
 * over {@code queues-by-reason} (escalation reason to queue), which wins over the default.
 * {@code mode}: {@code callback} (the default: a caller still on the line is transferred by
 * Architect, told by the decision endpoint; a caller who hung up gets a Genesys callback) or
 * {@code transfer} (the bridge itself moves a caller still on the line to the queue; a caller who
 * hung up still gets the callback).
 * {@code decision-wait}: the hold time the decision endpoint asks Architect for before asking
 * again; {@code ivr-grace}: how long an escalated caller on the line has for Architect to ask for
 * the decision before the bridge looks again (gone by then: a callback);
 * {@code retry-interval}: the wait before a failed callback or transfer is tried again (an
 * escalation is never dropped); {@code call-state-attempts}: how many times the bridge tries to
 * learn whether the caller is on the line before it calls back anyway.
 */
@ConfigurationProperties("bridge.agent")
public record AgentProperties(
        @DefaultValue("") String queueId,
        @DefaultValue Map<String, String> queuesByAsset,
        @DefaultValue Map<String, String> queuesByReason,
        @DefaultValue("callback") String mode,
        @DefaultValue("5s") Duration decisionWait,
        @DefaultValue("30s") Duration ivrGrace,
        @DefaultValue("30s") Duration retryInterval,
        @DefaultValue("3") int callStateAttempts) {

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
