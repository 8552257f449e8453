package com.ivrvideobridge.support;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Work due at a given time, kept in Redis rather than in JVM timers, so it outlives any instance
 * and is shared by all of them (deadline.Deadlines, sms.AgentlessReceipts, agent.AgentRouting,
 * handoff.Outbox):
 * <ul>
 * <li>{@code {pending}}: members scored by due time (epoch ms);</li>
 * <li>{@code {claimed}}: members an instance has taken, scored by when its lease ends.</li>
 * </ul>
 * Claiming is one Lua script: due members (and members whose claimer died, lease over) move to
 * the claimed set with a fresh lease, so each is handed to exactly one instance at a time.
 * {@link #done} removes a member once its work is done; a member re-claimed after a crash is
 * worked on again, so the work must be idempotent.
 */
public final class DueSet {

    /** KEYS: pending, claimed. ARGV: now ms, lease end ms, batch size. Returns the claimed members. */
    @SuppressWarnings("rawtypes")
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
    private final Clock clock;
    private final String pending;
    private final String claimed;

    public DueSet(StringRedisTemplate redis, Clock clock, String pending, String claimed) {
        this.redis = redis;
        this.clock = clock;
        this.pending = pending;
        this.claimed = claimed;
    }

    /** A due set named {@code name}, its claims in {@code name:claimed}. */
    public DueSet(StringRedisTemplate redis, Clock clock, String name) {
        this(redis, clock, name, name + ":claimed");
    }

    /** The sorted set of pending members (for a step that adds one atomically with other writes). */
    public String pendingKey() {
        return pending;
    }

    /** Sets (or moves) the member's due time to {@code after} from now. */
    public void scheduleAfter(String member, Duration after) {
        scheduleAt(member, clock.millis() + after.toMillis());
    }

    /** Sets (or moves) the member's due time (epoch ms). */
    public void scheduleAt(String member, long dueAtMillis) {
        redis.opsForZSet().add(pending, member, dueAtMillis);
    }

    /** Hands a claimed member back, due again at {@code dueAtMillis} (a retry later). */
    public void reschedule(String member, long dueAtMillis) {
        scheduleAt(member, dueAtMillis);
        redis.opsForZSet().remove(claimed, member);
    }

    /** Forgets the member, pending or claimed. */
    public void cancel(String member) {
        redis.opsForZSet().remove(pending, member);
        redis.opsForZSet().remove(claimed, member);
    }

    /** Due members for this instance (at most {@code batchSize}), each leased to it for {@code lease}. */
    @SuppressWarnings("unchecked")
    public List<String> claimDue(Duration lease, int batchSize) {
        long now = clock.millis();
        List<String> members = redis.execute(
                CLAIM,
                List.of(pending, claimed),
                Long.toString(now),
                Long.toString(now + lease.toMillis()),
                Integer.toString(batchSize));
        return members == null ? List.of() : members;
    }

    /** The member's work is done: it is not claimed again. */
    public void done(String member) {
        redis.opsForZSet().remove(claimed, member);
    }
}
