package com.ivrvideobridge.ops;

import com.ivrvideobridge.handoff.DeadLetterReplay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
 * backlog in Redis (shared by all instances);</li>
 * <li>{@code bridge_agent_routing_total{path}}: escalated callers by how they reached an agent
 * ({@code retry}: a failed attempt, tried again); {@code bridge_agent_routing_pending}: escalations
 * not yet routed (all instances).</li>
 * </ul>
 */
@Component
public class BridgeMetrics {

    private final MeterRegistry registry;
    private final Counter deadLetters;

    public BridgeMetrics(MeterRegistry registry, StringRedisTemplate redis, @Lazy DeadLetterReplay deadLetterReplay) {
        this.registry = registry;
        this.deadLetters = Counter.builder("bridge.dead.letters")
                .description("Messages dead-lettered")
                .register(registry);
        Gauge.builder("bridge.deadlines.pending", redis, r -> size(r, "bridge:deadlines"))
                .description("Timeout-to-agent deadlines waiting in Redis")
                .register(registry);
        Gauge.builder("bridge.deadlines.claimed", redis, r -> size(r, "bridge:deadlines:claimed"))
                .description("Deadlines claimed by an instance and not yet done")
                .register(registry);
        Gauge.builder("bridge.agent.routing.pending", redis, r -> size(r, "bridge:agent-routing"))
                .description("Escalated callers waiting to be routed to an agent (retries included)")
                .register(registry);
        Gauge.builder("bridge.outcomes.pending", redis, r -> size(r, "bridge:outcomes"))
                .description("Handoffs whose call outcome is not decided yet (settle and repeat-window waits included)")
                .register(registry);
        Gauge.builder("bridge.dead.letters.waiting", deadLetterReplay, DeadLetterReplay::depth)
                .description("Dead letters not yet replayed")
                .register(registry);
    }

    public void transition(String status) {
        Counter.builder("bridge.handoff.transitions")
                .tag("status", status)
                .description("Handoffs reaching a state")
                .register(registry)
                .increment();
    }

    /** How an escalated caller reached an agent (ivr_transfer, callback, transfer, none), or a retry. */
    public void agentRouting(String path) {
        Counter.builder("bridge.agent.routing")
                .tag("path", path)
                .description("Escalated callers routed to an agent, by path")
                .register(registry)
                .increment();
    }

    /** An outcome decided (outcome.CallOutcomes): resolved_by_video, escalated, repeat_contact, abandoned, unknown. */
    public void outcome(String type) {
        Counter.builder("bridge.outcomes")
                .tag("type", type)
                .description("Outcomes of handoffs' calls, decided from Genesys analytics")
                .register(registry)
                .increment();
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
