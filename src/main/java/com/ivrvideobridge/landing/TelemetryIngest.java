package com.ivrvideobridge.landing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffProperties;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Telemetry-ingest (routes/telemetry-ingest.yaml): events from a landing page, checked against
 * their session (its key, given to the page by the handshake), recorded once per event id
 * however often the page resends them, and kept with the handoff:
 * <ul>
 * <li>{@code bridge:handoff:{id}:telemetry}: the accepted events (JSON, in arrival order);</li>
 * <li>{@code bridge:handoff:{id}:reached}: the first time each stage was credited (once per stage).</li>
 * </ul>
 * STARTED and a credited COMPLETED move the handoff's state; every accepted event lands in its history.
 */
@Component("telemetryIngest")
public class TelemetryIngest {

    /** KEYS: seen ids, events list. ARGV: ttl, then id and JSON per event. Returns 1 per new event, 0 per repeat. */
    private static final RedisScript<List> RECORD_NEW = new DefaultRedisScript<>("""
            local added = {}
            for i = 2, #ARGV, 2 do
              local new = redis.call('SADD', KEYS[1], ARGV[i])
              if new == 1 then redis.call('RPUSH', KEYS[2], ARGV[i + 1]) end
              table.insert(added, new)
            end
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            return added
            """, List.class);

    private final TelemetryBatchParser parser;
    private final LandingLinks links;
    private final LandingSessions sessions;
    private final HandoffStore store;
    private final LandingProperties properties;
    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final long stateTtlSeconds;

    public TelemetryIngest(TelemetryBatchParser parser, LandingLinks links, LandingSessions sessions, HandoffStore store,
                           LandingProperties properties, StringRedisTemplate redis, ObjectMapper json, Clock clock,
                           HandoffProperties handoffProperties) {
        this.parser = parser;
        this.links = links;
        this.sessions = sessions;
        this.store = store;
        this.properties = properties;
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.stateTtlSeconds = handoffProperties.getStateTtl().toSeconds();
    }

    /** Records a batch; answers how many events were new and how many were repeats (ignored). */
    @SuppressWarnings("unchecked")
    public Map<String, Integer> ingest(Exchange exchange) throws JsonProcessingException {
        TelemetryBatch batch = parser.parse(exchange.getMessage().getBody(String.class));
        Handoff handoff = links.playable(exchange.getMessage().getHeader("token", String.class));
        LandingSessions.Session session = sessions.verify(handoff, batch.sessionId(), batch.sessionKey());
        Instant now = clock.instant();
        List<PlaybackEvent> events = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(stateTtlSeconds));
        for (TelemetryBatch.Event event : batch.events()) {
            PlaybackEvent recorded = enrich(handoff, session, event, now);
            events.add(recorded);
            args.add(event.id());
            args.add(json.writeValueAsString(recorded));
        }
        String prefix = "bridge:handoff:" + handoff.id();
        List<Long> added = redis.execute(RECORD_NEW, List.of(prefix + ":event-ids", prefix + ":telemetry"), args.toArray());
        int accepted = 0;
        for (int i = 0; i < events.size(); i++) {
            if (added != null && added.get(i) == 1L) {
                accepted++;
                apply(handoff, events.get(i));
            }
        }
        return Map.of("accepted", accepted, "duplicates", events.size() - accepted);
    }

    private PlaybackEvent enrich(Handoff handoff, LandingSessions.Session session, TelemetryBatch.Event event,
                                 Instant now) {
        PlayedRanges played = PlayedRanges.of(event.played());
        Double duration = event.duration();
        double watched = duration == null ? played.playedBetween(0, Double.MAX_VALUE) : played.playedBetween(0, duration);
        int percent = duration == null || duration <= 0 ? 0 : (int) Math.floor(100 * Math.min(1, watched / duration));
        boolean complete = duration != null && played.coverage(1.0, duration) >= properties.completionThreshold();
        boolean credited = session.counted() && (!event.type().isMilestone()
                || played.coverage(event.type().milestone(), duration) >= properties.completionThreshold());
        String status = event.type() == PlaybackEventType.ENDED ? "skipped_to_end" : complete ? "completed" : "incomplete";
        return new PlaybackEvent(event.id(), event.type(), event.timestamp(), now, session.id(), handoff.id(),
                handoff.call().conversationId(), handoff.call().assetId(), handoff.channel(), handoff.call().deviceType(),
                event.position(), duration, Math.round(watched * 100) / 100.0, percent, status, credited,
                event.rebufferMs(), event.detail());
    }

    private void apply(Handoff handoff, PlaybackEvent event) {
        String where = event.position() == null ? "" : String.format(" at %.1f s", event.position());
        String line = event.type() + where + ", " + event.watchedPercent() + " % watched (session "
                + LandingSessions.shortId(event.sessionId()) + ")";
        if (!event.credited()) {
            store.note(handoff.id(), line + ": recorded, not credited");
            return;
        }
        if (event.type().isMilestone() || event.type() == PlaybackEventType.STARTED) {
            String reached = "bridge:handoff:" + handoff.id() + ":reached";
            redis.opsForHash().putIfAbsent(reached, event.type().name(), event.receivedAt().toString());
            redis.expire(reached, Duration.ofSeconds(stateTtlSeconds));
        }
        boolean moved = switch (event.type()) {
            case STARTED -> store.transition(handoff.id(), HandoffStatus.STARTED, line);
            case COMPLETED -> store.transition(handoff.id(), HandoffStatus.COMPLETED, line);
            default -> false;
        };
        if (!moved) {
            store.note(handoff.id(), line);
        }
    }

    /** The accepted events of a handoff, oldest first. */
    public List<PlaybackEvent> events(String handoffId) {
        List<String> entries = redis.opsForList().range("bridge:handoff:" + handoffId + ":telemetry", 0, -1);
        List<PlaybackEvent> events = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            try {
                events.add(json.readValue(entry, PlaybackEvent.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Unreadable telemetry event in Redis", e);
            }
        }
        return events;
    }
}
