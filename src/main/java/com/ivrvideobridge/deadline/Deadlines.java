package com.ivrvideobridge.deadline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Timeout-to-agent deadlines in Redis ({@code bridge:deadlines}, a {@link DueSet}), not in a JVM
 * timer, so they outlive any instance. {@link #done} removes one after its escalation; the
 * escalation itself happens once (an atomic state change), so a deadline re-claimed after a crash
 * cannot send the caller to an agent twice.
 */
@Component("deadlines")
public class Deadlines {

    static final String PENDING = "bridge:deadlines";
    static final String CLAIMED = "bridge:deadlines:claimed";

    private final DueSet due;
    private final TimeoutProperties timeouts;
    private final Clock clock;

    public Deadlines(StringRedisTemplate redis, TimeoutProperties timeouts, Clock clock) {
        this.due = new DueSet(redis, PENDING);
        this.timeouts = timeouts;
        this.clock = clock;
    }

    /** The sorted set of deadlines (for a step that sets one atomically with other writes). */
    public String key() {
        return due.pendingKey();
    }

    /** When a deadline set now on this channel comes due (epoch ms). */
    public long dueAt(String channel) {
        return clock.millis() + timeouts.forChannel(channel).toMillis();
    }

    /** Sets (or moves) the handoff's deadline to its channel's timeout from now. */
    public void schedule(String handoffId, String channel) {
        scheduleAfter(handoffId, timeouts.forChannel(channel));
    }

    /** Sets (or moves) the handoff's deadline to {@code after} from now. */
    public void scheduleAfter(String handoffId, Duration after) {
        due.schedule(handoffId, clock.millis() + after.toMillis());
    }

    /** No agent needed any more (the video was watched far enough). */
    public void cancel(String handoffId) {
        due.cancel(handoffId);
    }

    /** Due handoff ids for this instance to escalate (at most batch-size). */
    public List<String> claimDue() {
        long now = clock.millis();
        return due.claim(now, now + timeouts.lease().toMillis(), timeouts.batchSize());
    }

    public void done(String handoffId) {
        due.done(handoffId);
    }
}
