package com.ivrvideobridge.genesys;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Spaces Genesys calls evenly under {@code bridge.genesys.rate-per-minute} (the limit is per
 * token, and each instance has its own token). A burst waits here, its records still safe in
 * Kafka, instead of becoming a storm of 429s.
 */
@Component
public class GenesysPacer {

    /** Paces a little under the limit: Genesys counts in its own window, with its own clock. */
    static final double HEADROOM = 0.98;

    private final long intervalNanos;
    private long nextFreeNanos = System.nanoTime();

    @Autowired
    public GenesysPacer(GenesysProperties properties) {
        this(properties.ratePerMinute());
    }

    /** A pacer of its own, for a share of the budget (outcome.CallOutcomes), used on top of the shared one. */
    public GenesysPacer(int ratePerMinute) {
        this.intervalNanos = (long) (TimeUnit.MINUTES.toNanos(1) / (Math.max(1, ratePerMinute) * HEADROOM));
    }

    /** Blocks until this caller's slot comes. */
    public void acquire() {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextFreeNanos);
            nextFreeNanos = slot + intervalNanos;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
