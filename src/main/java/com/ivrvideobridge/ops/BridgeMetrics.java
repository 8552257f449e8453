package com.ivrvideobridge.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import com.ivrvideobridge.handoff.DeadLetterReplay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Lazy;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The service's own metrics beside Camel's per-route ones (GET /actuator/prometheus, API key):
 * <ul>
 * <li>{@code bridge_handoff_transitions_total{status}}: handoffs reaching each state (this instance);</li>
 * <li>{@code bridge_dead_letters_total}: messages this instance dead-lettered;</li>
 * <li>{@code bridge_dead_letters_waiting}: dead letters not yet replayed (all instances);</li>
 * <li>{@code bridge_deadlines_pending} / {@code bridge_deadlines_claimed}: the timeout-to-agent
 * backlog in Redis (shared by all instances).</li>
 * </ul>
 */
@Component
public class BridgeMetrics {

    private final MeterRegistry registry;
    private final Counter deadLetters;

    public BridgeMetrics(MeterRegistry registry, StringRedisTemplate redis, @Lazy DeadLetterReplay deadLetterReplay) {
        this.registry = registry;
        this.deadLetters = Counter.builder("bridge.dead.letters").description("Messages dead-lettered").register(registry);
        Gauge.builder("bridge.deadlines.pending", redis, r -> size(r, "bridge:deadlines"))
                .description("Timeout-to-agent deadlines waiting in Redis").register(registry);
        Gauge.builder("bridge.deadlines.claimed", redis, r -> size(r, "bridge:deadlines:claimed"))
                .description("Deadlines claimed by an instance and not yet done").register(registry);
        Gauge.builder("bridge.dead.letters.waiting", deadLetterReplay, DeadLetterReplay::depth)
                .description("Dead letters not yet replayed").register(registry);
    }

    public void transition(String status) {
        Counter.builder("bridge.handoff.transitions").tag("status", status)
                .description("Handoffs reaching a state").register(registry).increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    private static double size(StringRedisTemplate redis, String key) {
        try {
            Long size = redis.opsForZSet().zCard(key);
            return size == null ? 0 : size;
        } catch (RuntimeException e) {
            return Double.NaN; // Redis down: the redis health component says so
        }
    }
}
