package com.ivrvideobridge.deadline;

import com.ivrvideobridge.support.DueSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Timeout-to-agent deadlines in Redis, not in a JVM timer, so they outlive any instance: a
 * {@link DueSet} of handoff ids.
 * <ul>
 * <li>{@code bridge:deadlines}: handoff ids scored by due time (epoch ms);</li>
 * <li>{@code bridge:deadlines:claimed}: ids an instance has taken, scored by when its lease ends.</li>
 * </ul>
 * Each due id is handed to exactly one instance at a time (and again when its claimer died,
 * lease over). {@link #done} removes it after the escalation; the escalation itself happens once
 * (an atomic state change), so an id re-claimed after a crash cannot call the caller back twice.
 */
@Component("deadlines")
public class Deadlines {

    static final String PENDING = "bridge:deadlines";
    static final String CLAIMED = "bridge:deadlines:claimed";

    private final DueSet due;
    private final TimeoutProperties timeouts;
    private final Clock clock;

    public Deadlines(StringRedisTemplate redis, TimeoutProperties timeouts, Clock clock) {
        this.due = new DueSet(redis, clock, PENDING, CLAIMED);
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
        due.scheduleAfter(handoffId, after);
    }

    /**
     * The link was opened: the deadline moves to bridge.timeout.opened from now. Opening only
     * extends it (a scanner that runs the page's script opens links too): not started by then, an
     * agent ("opened but not started").
     */
    public void scheduleOpened(String handoffId) {
        scheduleAfter(handoffId, timeouts.opened());
    }

    /** No agent needed any more (the video was watched far enough). */
    public void cancel(String handoffId) {
        due.cancel(handoffId);
    }

    /** Due handoff ids for this instance to escalate (at most batch-size). */
    public List<String> claimDue() {
        return due.claimDue(timeouts.lease(), timeouts.batchSize());
    }

    public void done(String handoffId) {
        due.done(handoffId);
    }
}
