package com.ivrvideobridge.deadline;

import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Work due at a time, in Redis, shared by every instance and outliving any of them: timeout-to-agent
 * deadlines ({@link Deadlines}) and the agent routing of escalated callers
 * ({@code agent/AgentRouting}) each keep one.
 * <ul>
 * <li>{@code <name>}: members scored by due time (epoch ms);</li>
 * <li>{@code <name>:claimed}: members an instance has taken, scored by when its lease ends.</li>
 * </ul>
 * Claiming is one Lua script: due members (and members whose claimer died, lease over) move to the
 * claimed set with a fresh lease, so each is handed to exactly one instance at a time. {@link #done}
 * removes a member once its work is finished; until then a crash only delays it by the lease.
 */
public class DueSet {

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
    private final String pending;
    private final String claimed;

    public DueSet(StringRedisTemplate redis, String name) {
        this.redis = redis;
        this.pending = name;
        this.claimed = name + ":claimed";
    }

    public String pendingKey() {
        return pending;
    }

    public String claimedKey() {
        return claimed;
    }

    /** Sets (or moves) the member's due time. */
    public void schedule(String member, long dueAtMillis) {
        redis.opsForZSet().add(pending, member, dueAtMillis);
    }

    /** Hands back a claimed member to be due again at {@code dueAtMillis} (a retry later). */
    public void reschedule(String member, long dueAtMillis) {
        schedule(member, dueAtMillis);
        redis.opsForZSet().remove(claimed, member);
    }

    /** Forgets the member, pending or claimed. */
    public void cancel(String member) {
        redis.opsForZSet().remove(pending, member);
        redis.opsForZSet().remove(claimed, member);
    }

    /** Due members for this instance (at most {@code batchSize}), each leased until {@code leaseEndMillis}. */
    @SuppressWarnings("unchecked")
    public List<String> claim(long nowMillis, long leaseEndMillis, int batchSize) {
        List<String> ids = redis.execute(CLAIM, List.of(pending, claimed), Long.toString(nowMillis),
                Long.toString(leaseEndMillis), Integer.toString(batchSize));
        return ids == null ? List.of() : ids;
    }

    /** The claimed member's work is finished. */
    public void done(String member) {
        redis.opsForZSet().remove(claimed, member);
    }
}
