package com.ivrvideobridge.landing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.deadline.Deadlines;
import com.ivrvideobridge.deadline.TimeoutProperties;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.handoff.HandoffProperties;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.media.Tutorials;
import com.ivrvideobridge.support.ExchangeProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Telemetry-ingest (routes/telemetry/telemetry-ingest.yaml): events from a landing page, checked against
 * their session (its key, given to the page by the handshake), recorded once per event id
 * however often the page resends them, and kept with the handoff:
 * <ul>
 * <li>{@code bridge:handoff:{id}:telemetry}: the accepted events (JSON, in arrival order);</li>
 * <li>{@code bridge:handoff:{id}:reached}: the first time each stage was credited (once per stage).</li>
 * </ul>
 * STARTED and a credited COMPLETED move the handoff's state; the accepted events that tell the
 * story (not the routine ones: {@link PlaybackEventType#routine()}) land in its history.
 * <p>
 * Never the page's word alone: watched time and milestones are reckoned against the tutorial's
 * length as the store knows it, and an event whose played ranges no real player could report
 * (longer than the tutorial, or more than its session's open time at the fastest playback rate,
 * each with a tolerance: {@link LandingProperties.Played}) is recorded but not credited. It is not
 * refused: the page drops a refused batch, so a tolerance set too tight (or a sidecar with a
 * wrong length) would lose an honest viewer's events, where a credit withheld keeps them, says
 * why, and costs a forger everything. A handoff keeps at most
 * {@code bridge.landing.max-events-per-handoff} events; later ones are dropped before Kafka.
 */
@Component("telemetryIngest")
public class TelemetryIngest {

    /**
     * KEYS: seen ids, events list. ARGV: ttl, most events, then id and JSON per event. Returns per
     * event 1 (new, recorded), 0 (a repeat) or 2 (new, but the handoff has its most events: dropped).
     */
    private static final RedisScript<List> RECORD_NEW = new DefaultRedisScript<>("""
            local added = {}
            local count = redis.call('LLEN', KEYS[2])
            for i = 3, #ARGV, 2 do
              local outcome = 0
              if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then
                if count < tonumber(ARGV[2]) then
                  redis.call('SADD', KEYS[1], ARGV[i])
                  redis.call('RPUSH', KEYS[2], ARGV[i + 1])
                  count = count + 1
                  outcome = 1
                else
                  outcome = 2
                end
              end
              table.insert(added, outcome)
            end
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            return added
            """, List.class);

    /**
     * KEYS: the reached hash. ARGV: ttl, best watched % of the batch, time stalled (ms) in the
     * batch's REBUFFER events, most seconds watched (ms), then stage and time pairs. Keeps the best
     * share watched (and returns it), the most time watched, the total time stalled, and the first
     * value of each stage (its time; for START_CLICKED too, and startupMs: the first start's).
     */
    private static final RedisScript<Long> RECORD_REACHED = new DefaultRedisScript<>("""
            local best = tonumber(redis.call('HGET', KEYS[1], 'watchedPercent') or '-1')
            if tonumber(ARGV[2]) > best then
              best = tonumber(ARGV[2])
              redis.call('HSET', KEYS[1], 'watchedPercent', ARGV[2])
            end
            if tonumber(ARGV[3]) > 0 then redis.call('HINCRBY', KEYS[1], 'rebufferMs', ARGV[3]) end
            if tonumber(ARGV[4]) > tonumber(redis.call('HGET', KEYS[1], 'watchedMs') or '0') then
              redis.call('HSET', KEYS[1], 'watchedMs', ARGV[4])
            end
            for i = 5, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            return best
            """, Long.class);

    /**
     * KEYS: seen ids, events list. ARGV: event ids. Returns 1 per id already recorded, 0 per new
     * one, then how many events the handoff has.
     */
    private static final RedisScript<List> SEEN = new DefaultRedisScript<>("""
            local seen = {}
            for i = 1, #ARGV do table.insert(seen, redis.call('SISMEMBER', KEYS[1], ARGV[i])) end
            table.insert(seen, redis.call('LLEN', KEYS[2]))
            return seen
            """, List.class);

    /** Exchange property: the batch as step 1 accepted it ({@link Batch}). */
    public static final String BATCH = ExchangeProperties.TELEMETRY_BATCH;
    /** Exchange property: what step 2 kept of it ({@link Recorded}). */
    public static final String RECORDED = ExchangeProperties.TELEMETRY_RECORDED;
    /** Exchange property: the best share of the video watched, once recorded (null: nothing credited). */
    public static final String BEST_WATCHED = ExchangeProperties.TELEMETRY_BEST_WATCHED;

    private final TelemetryBatchParser parser;
    private final Deadlines deadlines;
    private final TimeoutProperties timeouts;
    private final LandingLinks links;
    private final LandingSessions sessions;
    private final HandoffStore store;
    private final LandingProperties properties;
    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final long stateTtlSeconds;
    private final HandoffLogContext logContext;
    private final Tutorials tutorials;

    public TelemetryIngest(
            TelemetryBatchParser parser,
            LandingLinks links,
            LandingSessions sessions,
            HandoffStore store,
            LandingProperties properties,
            StringRedisTemplate redis,
            ObjectMapper json,
            Clock clock,
            HandoffProperties handoffProperties,
            Deadlines deadlines,
            TimeoutProperties timeouts,
            HandoffLogContext logContext,
            Tutorials tutorials) {
        this.logContext = logContext;
        this.tutorials = tutorials;
        this.deadlines = deadlines;
        this.timeouts = timeouts;
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

    /**
     * Step 1: checks the batch against its session and keeps the events not seen before, as many
     * as the handoff may still have. Step 2 enforces the most atomically; this early check keeps a
     * flood off Kafka (only batches racing each other at the limit can pass it, and step 2 drops
     * them from Redis). The exchange: for the log context.
     */
    @SuppressWarnings("unchecked")
    public Batch accept(@Body String body, @Header("token") String token, Exchange exchange)
            throws JsonProcessingException {
        TelemetryBatch batch = parser.parse(body);
        Handoff handoff = links.playable(token);
        logContext.tag(exchange, handoff);
        LandingSessions.Session session = sessions.verify(handoff, batch.sessionId(), batch.sessionKey());
        Instant now = clock.instant();
        List<Object> ids = new ArrayList<>(
                batch.events().stream().map(TelemetryBatch.Event::id).toList());
        List<Long> seen = redis.execute(SEEN, List.of(idsKey(handoff.id()), eventsKey(handoff.id())), ids.toArray());
        long room = properties.maxEventsPerHandoff() - seen.get(seen.size() - 1);
        Double length =
                tutorials.find(handoff.bucket(), handoff.call().assetId()).durationSeconds();
        List<PlaybackEvent> fresh = new ArrayList<>();
        List<String> records = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < batch.events().size(); i++) {
            if (seen.get(i) == 1L) {
                continue;
            }
            if (fresh.size() >= room) {
                dropped++;
                continue;
            }
            PlaybackEvent event = enrich(handoff, session, batch.events().get(i), length, now);
            fresh.add(event);
            records.add(json.writeValueAsString(event));
        }
        return new Batch(handoff.id(), fresh, records, batch.events().size(), dropped);
    }

    /**
     * The accepted events for the telemetry bus: one message per record, each keyed by handoff (so
     * one handoff's events stay ordered; Camel's Kafka producer sends an iterable body as separate
     * records, reading the key from each element's headers).
     */
    public List<Message> messages(@ExchangeProperty(BATCH) Batch batch, CamelContext camel) {
        List<Message> messages = new ArrayList<>();
        for (String record : batch.records()) {
            Message message = new DefaultMessage(camel);
            message.setHeader("kafka.KEY", batch.handoffId());
            message.setBody(record);
            messages.add(message);
        }
        return messages;
    }

    /**
     * Step 2, once the bus has the events, the event lock: keeps each the first time (a resent
     * batch racing this one is recorded once), and none past the handoff's most (those are dropped).
     */
    @SuppressWarnings("unchecked")
    public Recorded keepNew(@ExchangeProperty(BATCH) Batch batch) {
        if (batch.fresh().isEmpty()) {
            return new Recorded(batch.handoffId(), List.of(), batch.total(), batch.dropped());
        }
        List<String> args = new ArrayList<>();
        args.add(Long.toString(stateTtlSeconds));
        args.add(Integer.toString(properties.maxEventsPerHandoff()));
        for (int i = 0; i < batch.fresh().size(); i++) {
            args.add(batch.fresh().get(i).eventId());
            args.add(batch.records().get(i));
        }
        List<Long> added = redis.execute(
                RECORD_NEW, List.of(idsKey(batch.handoffId()), eventsKey(batch.handoffId())), args.toArray());
        List<PlaybackEvent> recorded = new ArrayList<>();
        int dropped = batch.dropped();
        for (int i = 0; i < batch.fresh().size(); i++) {
            if (added.get(i) == 1L) {
                recorded.add(batch.fresh().get(i));
            } else if (added.get(i) == 2L) {
                dropped++;
            }
        }
        return new Recorded(batch.handoffId(), recorded, batch.total(), dropped);
    }

    /** The answer to the page: how many were new, how many repeats, how many dropped (not to be resent). */
    public Map<String, Integer> answer(@ExchangeProperty(RECORDED) Recorded recorded) {
        int accepted = recorded.events().size();
        return Map.of(
                "accepted",
                accepted,
                "duplicates",
                recorded.total() - accepted - recorded.dropped(),
                "dropped",
                recorded.dropped());
    }

    /** A batch as step 1 accepted it: its handoff, the new events and their records, how many came, how many dropped. */
    public record Batch(String handoffId, List<PlaybackEvent> fresh, List<String> records, int total, int dropped) {}

    /** What step 2 kept of a batch: the events recorded now, how many came, how many dropped in all. */
    public record Recorded(String handoffId, List<PlaybackEvent> events, int total, int dropped) {}

    /** The first time events of the handoff are dropped, one history line says so (not one per drop). */
    public void noteDropped(@ExchangeProperty(RECORDED) Recorded recorded) {
        if (recorded.dropped() > 0
                && Boolean.TRUE.equals(redis.opsForValue()
                        .setIfAbsent(cappedKey(recorded.handoffId()), "1", Duration.ofSeconds(stateTtlSeconds)))) {
            store.note(
                    recorded.handoffId(),
                    "telemetry reached its most of " + properties.maxEventsPerHandoff()
                            + " events: later events are dropped, not recorded or forwarded");
        }
    }

    private PlaybackEvent enrich(
            Handoff handoff, LandingSessions.Session session, TelemetryBatch.Event event, Double length, Instant now) {
        PlayedRanges played = PlayedRanges.of(event.played());
        // The store's length when it knows one; the page's only for a tutorial it knows nothing of.
        Double duration = length != null ? length : event.duration();
        double watched = duration == null ? played.total() : played.playedBetween(0, duration);
        int percent = duration == null || duration <= 0 ? 0 : (int) Math.floor(100 * Math.min(1, watched / duration));
        String notCredited = notCredited(session, event.type(), played, duration, now);
        boolean credited = notCredited == null;
        boolean complete =
                credited && duration != null && played.coverage(1.0, duration) >= properties.completionThreshold();
        String status =
                event.type() == PlaybackEventType.ENDED ? "skipped_to_end" : complete ? "completed" : "incomplete";
        return new PlaybackEvent(
                event.id(),
                event.type(),
                event.timestamp(),
                now,
                session.id(),
                handoff.id(),
                handoff.call().conversationId(),
                handoff.call().participantId(),
                handoff.call().assetId(),
                handoff.channel(),
                handoff.call().deviceType(),
                event.position(),
                duration,
                Math.round(watched * 100) / 100.0,
                percent,
                status,
                credited,
                notCredited,
                event.rebufferMs(),
                event.detail(),
                event.type() == PlaybackEventType.STARTED ? event.startupMs() : null);
    }

    /**
     * Why an event is not credited, or null when it is. Played ranges no real player reports: past
     * the tutorial's end, or more seconds than the session has been open at the fastest playback
     * rate (a player at 2x plays 20 s of video in 10 s), each with the tolerance of
     * bridge.landing.played (network and clock jitter, a length rounded in the sidecar).
     */
    private String notCredited(
            LandingSessions.Session session,
            PlaybackEventType type,
            PlayedRanges played,
            Double duration,
            Instant now) {
        LandingProperties.Played limits = properties.played();
        if (!session.counted()) {
            return "preview_session";
        }
        if (duration != null && played.end() > limits.withSlack(duration)) {
            return "played_beyond_duration";
        }
        if (session.openedAt() != null) {
            double open = Math.max(0, Duration.between(session.openedAt(), now).toMillis() / 1000.0);
            if (played.total() > limits.withSlack(open * limits.maxRate())) {
                return "played_faster_than_real_time";
            }
        }
        if (type.isMilestone() && played.coverage(type.milestone(), duration) < properties.completionThreshold()) {
            return "milestone_not_covered";
        }
        return null;
    }

    /**
     * The history lines of the events recorded now (not the routine ones), and the state they move
     * the handoff to: a credited STARTED or COMPLETED, when that is forward from where it is.
     */
    public void moveHandoff(@ExchangeProperty(RECORDED) Recorded recorded) {
        if (recorded.events().isEmpty()) {
            return;
        }
        String handoffId = recorded.handoffId();
        List<String> notes = new ArrayList<>();
        for (PlaybackEvent event : recorded.events()) {
            if (event.type().routine()) {
                continue;
            }
            String line = historyLine(event);
            boolean moved = event.credited()
                    && switch (event.type()) {
                        case STARTED -> store.transition(handoffId, HandoffStatus.STARTED, line);
                        case COMPLETED -> store.transition(handoffId, HandoffStatus.COMPLETED, line);
                        default -> false;
                    };
            if (!moved) {
                notes.add(
                        event.credited()
                                ? line
                                : line + ": recorded, not credited ("
                                        + event.notCredited().replace('_', ' ') + ")");
            }
        }
        store.notes(handoffId, notes);
    }

    /**
     * How far the caller got, from the credited events recorded now, in one Redis step: the best
     * share watched (returned: the best of all batches; null when none is credited), the most time
     * watched, the time stalled, the first time each stage was credited and the startup time.
     */
    public Integer recordProgress(@ExchangeProperty(RECORDED) Recorded recorded) {
        Map<String, String> firstReached = new LinkedHashMap<>();
        int bestWatched = -1;
        // The field figures of the caller's experience: presses of Start, startup time, stalls.
        long stalledMs = 0;
        long watchedMs = 0;
        for (PlaybackEvent event : recorded.events()) {
            if (!event.credited()) {
                continue;
            }
            bestWatched = Math.max(bestWatched, event.watchedPercent());
            watchedMs = Math.max(watchedMs, Math.round(event.durationWatched() * 1000));
            if (event.type().isMilestone()
                    || event.type() == PlaybackEventType.STARTED
                    || event.type() == PlaybackEventType.START_CLICKED) {
                firstReached.putIfAbsent(event.type().name(), event.receivedAt().toString());
            }
            if (event.type() == PlaybackEventType.STARTED && event.startupMs() != null) {
                firstReached.putIfAbsent("startupMs", Long.toString(event.startupMs()));
            }
            if (event.type() == PlaybackEventType.REBUFFER && event.rebufferMs() != null) {
                stalledMs += event.rebufferMs();
            }
        }
        if (bestWatched < 0) {
            return null;
        }
        Long best = redis.execute(
                RECORD_REACHED,
                List.of("bridge:handoff:" + recorded.handoffId() + ":reached"),
                reachedArgs(bestWatched, stalledMs, watchedMs, firstReached).toArray());
        return best == null ? bestWatched : best.intValue();
    }

    /**
     * The abandon deadline, after credited events ({@code bestWatched} not null): moved on, or
     * cancelled once the caller has watched enough or completed (see {@link #watchForAbandonment}).
     */
    public void moveAbandonDeadline(
            @ExchangeProperty(RECORDED) Recorded recorded, @ExchangeProperty(BEST_WATCHED) Integer bestWatched) {
        if (bestWatched == null) {
            return;
        }
        watchForAbandonment(
                recorded.handoffId(),
                recorded.events().stream()
                        .filter(PlaybackEvent::credited)
                        .reduce((x, y) -> y)
                        .orElseThrow(),
                bestWatched);
    }

    private static String historyLine(PlaybackEvent event) {
        String where = event.position() == null ? "" : String.format(" at %.1f s", event.position());
        return event.type() + where + ", " + event.watchedPercent() + " % watched (session "
                + LandingSessions.shortId(event.sessionId()) + ")";
    }

    private List<String> reachedArgs(
            int bestWatched, long stalledMs, long watchedMs, Map<String, String> firstReached) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(stateTtlSeconds));
        args.add(Integer.toString(bestWatched));
        args.add(Long.toString(stalledMs));
        args.add(Long.toString(watchedMs));
        firstReached.forEach((stage, at) -> {
            args.add(stage);
            args.add(at);
        });
        return args;
    }

    /**
     * A caller who started and has watched little (the best of all their sessions): each event
     * moves the abandon deadline on, to the time they would reach abandoned-below-percent playing
     * on from here, plus abandoned-idle; past that share (or on completion) there is none.
     */
    private void watchForAbandonment(String handoffId, PlaybackEvent event, int bestWatched) {
        if (timeouts.abandonedIdle().isZero()) {
            return;
        }
        if (bestWatched >= timeouts.abandonedBelowPercent() || event.type() == PlaybackEventType.COMPLETED) {
            deadlines.cancel(handoffId);
        } else if (store.find(handoffId)
                        .map(h -> h.status() == HandoffStatus.STARTED)
                        .orElse(false)
                || event.type() == PlaybackEventType.STARTED) {
            double toThreshold = event.durationSeconds() == null
                    ? 0
                    : Math.max(
                            0,
                            event.durationSeconds() * timeouts.abandonedBelowPercent() / 100.0
                                    - (event.position() == null ? 0 : event.position()));
            deadlines.scheduleAfter(handoffId, timeouts.abandonedIdle().plusMillis((long) (toThreshold * 1000)));
        }
    }

    private static String idsKey(String handoffId) {
        return "bridge:handoff:" + handoffId + ":event-ids";
    }

    private static String eventsKey(String handoffId) {
        return "bridge:handoff:" + handoffId + ":telemetry";
    }

    /** Set once the handoff's events reached their most (so the history says it once). */
    private static String cappedKey(String handoffId) {
        return "bridge:handoff:" + handoffId + ":telemetry-capped";
    }

    /** The accepted events of a handoff, oldest first. */
    public List<PlaybackEvent> events(String handoffId) {
        List<String> entries = redis.opsForList().range(eventsKey(handoffId), 0, -1);
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
