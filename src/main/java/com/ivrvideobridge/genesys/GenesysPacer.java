package com.ivrvideobridge.genesys;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Spaces Genesys calls evenly under {@code bridge.genesys.rate-per-minute} (the limit is per
 * token, and each instance has its own token). A burst waits here, its records still safe in
 * Kafka, instead of becoming a storm of 429s. But never longer than
 * {@code bridge.genesys.pacer-max-wait}: a call whose slot is further away fails at once with
 * {@link PacerFullException}, an {@link IOException} that routes/shared/outbound-http.yaml retries with
 * back-off like an outage (and dead-letters when it persists), and its slot is not taken. A thread
 * is then never parked here for minutes behind a backlog.
 */
@Component
public class GenesysPacer {

    /** Paces a little under the limit: Genesys counts in its own window, with its own clock. */
    static final double HEADROOM = 0.98;

    private final long intervalNanos;
    private final long maxWaitNanos;
    private long nextFreeNanos = System.nanoTime();

    @Autowired
    public GenesysPacer(GenesysProperties properties) {
        this(properties.ratePerMinute(), properties.pacerMaxWait());
    }

    /**
     * A pacer of its own, for a share of the budget (outcome.CallOutcomes), used on top of the
     * shared one; a background job may wait up to a minute for its slot.
     */
    public GenesysPacer(int ratePerMinute) {
        this(ratePerMinute, Duration.ofMinutes(1));
    }

    GenesysPacer(int ratePerMinute, Duration maxWait) {
        this.intervalNanos = (long) (TimeUnit.MINUTES.toNanos(1) / (Math.max(1, ratePerMinute) * HEADROOM));
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Blocks until this caller's slot comes, or fails at once when that is more than the maximum wait away. */
    public void acquire() throws PacerFullException {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextFreeNanos);
            if (slot - now > maxWaitNanos) {
                throw new PacerFullException(Duration.ofNanos(slot - now), Duration.ofNanos(maxWaitNanos));
            }
            nextFreeNanos = slot + intervalNanos;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Too many Genesys calls are already waiting for their slot; retried like an outage. */
    public static class PacerFullException extends IOException {
        PacerFullException(Duration wouldWait, Duration maxWait) {
            super("Genesys call not made: it would wait " + wouldWait.toMillis() + " ms for its slot under"
                    + " bridge.genesys.rate-per-minute, over bridge.genesys.pacer-max-wait (" + maxWait.toMillis()
                    + " ms)");
        }
    }
}
