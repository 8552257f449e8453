package com.ivrvideobridge.handoff;

import com.ivrvideobridge.deadline.TimeoutProperties;
import com.ivrvideobridge.support.DueSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Handoffs stored but not yet acknowledged by the bus ({@code bridge:outbox}, a {@link DueSet}):
 * the webhook stores a handoff and its outbox entry in one step, and removes the entry once Kafka
 * acknowledged the record. An entry still there after {@code bridge.outbox.sweep-after} (the
 * webhook answered 503, or its instance died before publishing) is published by the outbox sweep
 * (routes/inbound/outbox-sweep.yaml) on a worker. The worker sends each handoff once, so publishing twice
 * is harmless.
 */
@Component("outbox")
public class Outbox {

    private final DueSet entries;
    private final Duration sweepAfter;
    private final TimeoutProperties timeouts;
    private final Clock clock;

    public Outbox(
            StringRedisTemplate redis,
            @Value("${bridge.outbox.sweep-after:5s}") Duration sweepAfter,
            TimeoutProperties timeouts,
            Clock clock) {
        this.entries = new DueSet(redis, clock, "bridge:outbox");
        this.sweepAfter = sweepAfter;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    String key() {
        return entries.pendingKey();
    }

    /** When a handoff stored now is swept if the bus has not acknowledged it by then. */
    long sweepAt() {
        return clock.millis() + sweepAfter.toMillis();
    }

    /** The bus acknowledged the handoff's record: nothing to sweep. */
    public void published(Handoff handoff) {
        entries.cancel(handoff.id());
    }

    /** Entries left unpublished past the sweep time (handoff ids), leased to this instance. */
    public List<String> claimDue() {
        return entries.claimDue(timeouts.lease(), timeouts.batchSize());
    }

    /** Whether a swept handoff still waits for a worker (it may have been sent or escalated meanwhile). */
    public boolean stillOffered(Handoff handoff) {
        return handoff != null && handoff.status() == HandoffStatus.OFFERED;
    }

    public void done(String handoffId) {
        entries.done(handoffId);
    }
}
