package com.ivrvideobridge.deadline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Timeout-to-agent deadlines in Redis, not in a JVM timer, so they outlive any instance.
 * <ul>
 * <li>{@code bridge:deadlines}: handoff ids scored by due time (epoch ms);</li>
 * <li>{@code bridge:deadlines:claimed}: ids an instance has taken, scored by when its lease ends.</li>
 * </ul>
 * Claiming is one Lua script: due ids (and ids whose claimer died, lease over) move to the claimed
 * set with a fresh lease, so each is handed to exactly one instance at a time. {@link #done}
 * removes it after the escalation; the escalation itself happens once (an atomic state change),
 * so an id re-claimed after a crash cannot call the caller back twice.
 */
@Component("deadlines")
public class Deadlines {

    static final String PENDING = "bridge:deadlines";
    static final String CLAIMED = "bridge:deadlines:claimed";

    /** KEYS: pending, claimed. ARGV: now ms, lease end ms, batch size. Returns the claimed ids. */
    private static final RedisScript<List> CLAIM = new DefaultRedisScript<>("""
            local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
            for _, id in ipairs(due) do
              redis.call('ZREM', KEYS[1], id)
              table.insert(ids, id)
            end
            for _, id in ipairs(ids) do
              redis.call('ZADD', KEYS[2], ARGV[2], id)
            end
            return ids
            """, List.class);

    private final StringRedisTemplate redis;
    private final TimeoutProperties timeouts;
    private final Clock clock;

    public Deadlines(StringRedisTemplate redis, TimeoutProperties timeouts, Clock clock) {
        this.redis = redis;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    /** Sets (or moves) the handoff's deadline to its channel's timeout from now. */
    public void schedule(String handoffId, String channel) {
        scheduleAfter(handoffId, timeouts.forChannel(channel));
    }

    /** Sets (or moves) the handoff's deadline to {@code after} from now. */
    public void scheduleAfter(String handoffId, Duration after) {
        redis.opsForZSet().add(PENDING, handoffId, clock.millis() + after.toMillis());
    }

    /** The link was opened in time: no agent needed. */
    public void cancel(String handoffId) {
        redis.opsForZSet().remove(PENDING, handoffId);
        redis.opsForZSet().remove(CLAIMED, handoffId);
    }

    /** Due handoff ids for this instance to escalate (at most batch-size). */
    @SuppressWarnings("unchecked")
    public List<String> claimDue() {
        long now = clock.millis();
        List<String> ids = redis.execute(CLAIM, List.of(PENDING, CLAIMED), Long.toString(now),
                Long.toString(now + timeouts.lease().toMillis()), Integer.toString(timeouts.batchSize()));
        return ids == null ? List.of() : ids;
    }

    public void done(String handoffId) {
        redis.opsForZSet().remove(CLAIMED, handoffId);
    }
}
