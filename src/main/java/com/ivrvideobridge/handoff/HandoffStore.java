package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.ops.BridgeMetrics;
import com.ivrvideobridge.support.Hashes;
import com.ivrvideobridge.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Handoffs in Redis, shared by every instance.
 * <ul>
 * <li>{@code bridge:handoff:{id}}: the handoff as JSON plus its current {@code status} (a hash);</li>
 * <li>{@code bridge:handoff:{id}:history}: its timestamped events (a list);</li>
 * <li>{@code bridge:link:{token}}: the landing-link token's handoff id;</li>
 * <li>{@code bridge:offer:{sha256(conversationId, assetId)}}: the idempotency key of the webhook;</li>
 * <li>{@code bridge:handoffs:offered}: every handoff id scored by its offer time (the funnel's index).</li>
 * </ul>
 * Status changes run as one Lua script, so concurrent instances can only move a handoff forward.
 * The history keeps every transition but at most {@code bridge.handoff.max-history-lines} lines in
 * all for notes: one link flooded with events cannot grow it without bound.
 */
@Component
public class HandoffStore {

    private static final Logger log = LoggerFactory.getLogger(HandoffStore.class);
    private static final String PREFIX = "bridge:handoff:";
    public static final String OFFERED_INDEX = "bridge:handoffs:offered";

    /** KEYS: hash, history. ARGV: new status, event JSON, ttl seconds, then every status it may move from. */
    private static final RedisScript<Long> TRANSITION = new DefaultRedisScript<>("""
            local current = redis.call('HGET', KEYS[1], 'status')
            if not current then return -1 end
            for i = 4, #ARGV do
              if ARGV[i] == current then
                redis.call('HSET', KEYS[1], 'status', ARGV[1])
                redis.call('RPUSH', KEYS[2], ARGV[2])
                redis.call('EXPIRE', KEYS[2], ARGV[3])
                return 1
              end
            end
            return 0
            """, Long.class);

    /**
     * Appends notes while the history has fewer than its most lines; the first time one is
     * dropped, a line says so (once: the mark key). KEYS: history, truncated mark. ARGV: ttl
     * seconds, most lines, the "truncated" line, then the notes. Returns how many were kept.
     */
    private static final RedisScript<Long> NOTES = new DefaultRedisScript<>("""
            local room = tonumber(ARGV[2]) - redis.call('LLEN', KEYS[1])
            local kept = 0
            for i = 4, #ARGV do
              if kept >= room then
                if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then redis.call('RPUSH', KEYS[1], ARGV[3]) end
                break
              end
              redis.call('RPUSH', KEYS[1], ARGV[i])
              kept = kept + 1
            end
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            return kept
            """, Long.class);

    /**
     * One round trip for a new handoff: claims the idempotency key (KEYS[1]) and, only if it was
     * free, writes the handoff (hash), its link token, its first history line and its place in the
     * funnel's index (which forgets what Redis itself has forgotten: state-ttl), and returns an
     * empty list. If the same call and asset were offered before, writes nothing and returns that
     * handoff instead: its id, JSON and status (nil JSON if its state has expired meanwhile).
     * A new handoff also gets its entries in due sets (its timeout-to-agent deadline, its outbox
     * entry), so that nothing stored can be left without a deadline or unpublished.
     * KEYS: offer key, hash, link key, history, index, then the due sets. ARGV: id, ttl, JSON,
     * status, history line, offered at (ms), index cut-off (ms), the hash key prefix (for the
     * earlier handoff's hash), then the due time (ms) in each due set.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> STORE_ONCE = new DefaultRedisScript<>("""
            if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
              local earlier = redis.call('GET', KEYS[1])
              local fields = redis.call('HMGET', ARGV[8] .. earlier, 'handoff', 'status')
              return {earlier, fields[1], fields[2]}
            end
            redis.call('HSET', KEYS[2], 'handoff', ARGV[3], 'status', ARGV[4])
            redis.call('EXPIRE', KEYS[2], ARGV[2])
            redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
            redis.call('RPUSH', KEYS[4], ARGV[5])
            redis.call('EXPIRE', KEYS[4], ARGV[2])
            redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', ARGV[7])
            for i = 6, #KEYS do
              redis.call('ZADD', KEYS[i], ARGV[i + 3], ARGV[1])
            end
            return {}
            """, List.class);

    /**
     * Escalation in one step, so that no crash can leave a caller ESCALATED with nobody routing them:
     * moves the handoff to ESCALATED (only from one of the allowed states), records why (hash
     * fields) and the history line, and puts the agent routing job in its due set, all or nothing.
     * KEYS: hash, history, routing due set. ARGV: event JSON, ttl seconds, due at (ms), member,
     * field count n, n field/value pairs, then every status it may move from.
     */
    private static final RedisScript<Long> ESCALATE = new DefaultRedisScript<>("""
            local current = redis.call('HGET', KEYS[1], 'status')
            if not current then return -1 end
            local n = tonumber(ARGV[5])
            for i = 6 + 2 * n, #ARGV do
              if ARGV[i] == current then
                redis.call('HSET', KEYS[1], 'status', 'ESCALATED')
                for f = 0, n - 1 do
                  redis.call('HSET', KEYS[1], ARGV[6 + 2 * f], ARGV[7 + 2 * f])
                end
                redis.call('RPUSH', KEYS[2], ARGV[1])
                redis.call('EXPIRE', KEYS[2], ARGV[2])
                redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
                return 1
              end
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final HandoffProperties properties;
    private final BridgeMetrics metrics;

    public HandoffStore(
            StringRedisTemplate redis,
            ObjectMapper json,
            Clock clock,
            HandoffProperties properties,
            BridgeMetrics metrics) {
        this.metrics = metrics;
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Stores a new handoff unless the same (conversation, asset) was offered before, in which case
     * that one is returned and this one discarded: a retried webhook never makes two. A new one
     * is put in each of {@code dueSets} (sorted set key to due time, ms) in the same step.
     */
    public Handoff storeOnce(Handoff handoff, Map<String, Long> dueSets) {
        long ttl = properties.getStateTtl().toSeconds();
        String offered = write(
                new HandoffEvent(handoff.createdAt(), handoff.status(), "offered on channel " + handoff.channel()));
        long created = handoff.createdAt().toEpochMilli();
        List<String> keys = new ArrayList<>(List.of(
                offerKey(handoff.call().conversationId(), handoff.call().assetId()),
                PREFIX + handoff.id(),
                "bridge:link:" + handoff.token(),
                PREFIX + handoff.id() + ":history",
                OFFERED_INDEX));
        List<String> args = new ArrayList<>(List.of(
                handoff.id(),
                Long.toString(ttl),
                write(handoff),
                handoff.status().name(),
                offered,
                Long.toString(created),
                Long.toString(created - ttl * 1000),
                PREFIX));
        dueSets.forEach((key, due) -> {
            keys.add(key);
            args.add(Long.toString(due));
        });
        List<?> earlier = redis.execute(STORE_ONCE, keys, args.toArray());
        if (earlier == null || earlier.isEmpty()) {
            return handoff;
        }
        if (earlier.get(1) == null) {
            // The offer key outlived the handoff's state by a moment (both expire after state-ttl).
            throw new ApiException(
                    409,
                    "offer_expired",
                    "conversationId",
                    "This call's earlier handoff of the asset has expired; retry with a new conversation");
        }
        return read((String) earlier.get(1)).withStatus(HandoffStatus.valueOf((String) earlier.get(2)));
    }

    public Optional<Handoff> find(String id) {
        List<Object> fields = redis.opsForHash().multiGet(PREFIX + id, List.of("handoff", "status"));
        if (fields.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(read((String) fields.get(0)).withStatus(HandoffStatus.valueOf((String) fields.get(1))));
    }

    public Optional<Handoff> findByToken(String token) {
        String id = redis.opsForValue().get("bridge:link:" + token);
        return id == null ? Optional.empty() : find(id);
    }

    /** The largest share of the video the caller has watched, per credited telemetry (0 if none). */
    public int watchedPercent(String id) {
        Object value = redis.opsForHash().get(PREFIX + id + ":reached", "watchedPercent");
        return value == null ? 0 : Integer.parseInt((String) value);
    }

    /** Sets one more field of the handoff's hash (e.g. {@code escalationReason}, read by the funnel). */
    public void tag(String id, String field, String value) {
        redis.opsForHash().put(PREFIX + id, field, value);
    }

    /** Moves the handoff to {@code next} if that is forward from where it is; records the event if it moved. */
    public boolean transition(String id, HandoffStatus next, String detail) {
        return transitionFrom(
                id,
                next,
                Arrays.stream(HandoffStatus.values())
                        .filter(s -> s.canMoveTo(next))
                        .toList(),
                detail);
    }

    /** Moves the handoff to {@code next} only from one of {@code allowed} (checked and set atomically). */
    public boolean transitionFrom(String id, HandoffStatus next, List<HandoffStatus> allowed, String detail) {
        String[] from =
                allowed.stream().filter(s -> s.canMoveTo(next)).map(Enum::name).toArray(String[]::new);
        Object[] args = new Object[3 + from.length];
        args[0] = next.name();
        args[1] = write(new HandoffEvent(clock.instant(), next, detail));
        args[2] = Long.toString(properties.getStateTtl().toSeconds());
        System.arraycopy(from, 0, args, 3, from.length);
        Long result = redis.execute(TRANSITION, List.of(PREFIX + id, PREFIX + id + ":history"), args);
        boolean moved = result != null && result == 1;
        if (moved) {
            metrics.transition(next.name());
            log.info("Handoff {} is now {}: {}", id, next, detail);
        }
        return moved;
    }

    /**
     * Moves the handoff to ESCALATED from one of {@code allowed}, with {@code fields} set on its hash
     * and {@code member} due in the sorted set {@code dueSet} at {@code dueAtMillis}, atomically.
     * False when the handoff was not in an allowed state (already escalated, opened meanwhile...).
     */
    public boolean escalateOnce(
            String id,
            List<HandoffStatus> allowed,
            String detail,
            Map<String, String> fields,
            String dueSet,
            String member,
            long dueAtMillis) {
        List<String> args = new ArrayList<>();
        args.add(write(new HandoffEvent(clock.instant(), HandoffStatus.ESCALATED, detail)));
        args.add(Long.toString(properties.getStateTtl().toSeconds()));
        args.add(Long.toString(dueAtMillis));
        args.add(member);
        args.add(Integer.toString(fields.size()));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        allowed.stream()
                .filter(s -> s.canMoveTo(HandoffStatus.ESCALATED))
                .map(Enum::name)
                .forEach(args::add);
        Long result = redis.execute(ESCALATE, List.of(PREFIX + id, PREFIX + id + ":history", dueSet), args.toArray());
        boolean moved = result != null && result == 1;
        if (moved) {
            metrics.transition(HandoffStatus.ESCALATED.name());
            log.info("Handoff {} is now {}: {}", id, HandoffStatus.ESCALATED, detail);
        }
        return moved;
    }

    /** Fields of the handoff's hash (absent ones as null), e.g. what its escalation recorded. */
    public Map<String, String> fields(String id, List<String> names) {
        List<Object> values = redis.opsForHash().multiGet(PREFIX + id, new ArrayList<>(names));
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            fields.put(names.get(i), (String) values.get(i));
        }
        return fields;
    }

    /** Adds one to a counter field of the handoff's hash. */
    public void increment(String id, String field) {
        redis.opsForHash().increment(PREFIX + id, field, 1);
    }

    /** Sets a field of the handoff's hash unless it is set already; true when this call set it. */
    public boolean tagOnce(String id, String field, String value) {
        return Boolean.TRUE.equals(redis.opsForHash().putIfAbsent(PREFIX + id, field, value));
    }

    /** Records a note (a retry, a fallback) in the history without changing the state. */
    public void note(String id, String detail) {
        notes(id, List.of(detail));
    }

    /**
     * Several notes at once (one round trip): a batch of playback events. Past the history's most
     * lines ({@code bridge.handoff.max-history-lines}) they are dropped, and the history says so once.
     */
    public void notes(String id, List<String> details) {
        if (details.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        int most = properties.getMaxHistoryLines();
        List<String> args = new ArrayList<>(details.size() + 3);
        args.add(Long.toString(properties.getStateTtl().toSeconds()));
        args.add(Integer.toString(most));
        args.add(write(new HandoffEvent(
                now,
                null,
                "history truncated at " + most + " lines: later notes are dropped, state changes still recorded")));
        details.forEach(d -> args.add(write(new HandoffEvent(now, null, d))));
        redis.execute(NOTES, List.of(PREFIX + id + ":history", PREFIX + id + ":history-truncated"), args.toArray());
    }

    public List<HandoffEvent> history(String id) {
        List<String> entries = redis.opsForList().range(PREFIX + id + ":history", 0, -1);
        return entries == null
                ? List.of()
                : entries.stream().map(e -> readValue(e, HandoffEvent.class)).toList();
    }

    static String offerKey(String conversationId, String assetId) {
        return "bridge:offer:" + Hashes.sha256Hex(conversationId + "\u0000" + assetId);
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Handoff values always serialise", e);
        }
    }

    Handoff read(String value) {
        return readValue(value, Handoff.class);
    }

    /** A handoff as stored in its hash's {@code handoff} field (for readers that fetch in bulk). */
    public Handoff readHandoff(String value) {
        return read(value);
    }

    /** One line of a handoff's history as stored. */
    public HandoffEvent readEvent(String value) {
        return readValue(value, HandoffEvent.class);
    }

    private <T> T readValue(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable " + type.getSimpleName() + " in Redis", e);
        }
    }
}
