package com.ivrvideobridge.telemetry;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.landing.PlaybackEvent;
import com.ivrvideobridge.landing.PlaybackEventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Telemetry-forward (routes/telemetry/telemetry-forward.yaml): each playback event off the telemetry topic,
 * once per consumer group even when Kafka redelivers it (marked done in Redis by event id only
 * after every step succeeded), to the voice conversation's participant attributes, and to the
 * optional sink and Journey app events.
 * <p>
 * Genesys (attributes and Journey) hears only how far the caller got: a credited event that moves
 * the handoff past the furthest stage already forwarded (STARTED, then each quartile, then
 * COMPLETED; a skip to the end once, unless it had completed), kept per handoff in Redis. So one
 * update per stage reached however many events, sessions or replays arrive: a flood of pauses,
 * errors, repeats or forged milestones (not credited) costs Genesys nothing. The sink, the
 * customer's own store, gets every recorded event with its {@code credited} flag (bounded per
 * handoff by bridge.landing.max-events-per-handoff).
 */
@Component("telemetryForward")
public class TelemetryForward {

    /** Exchange property holding the event being forwarded. */
    public static final String EVENT = "telemetryEvent";
    /** The dead-letter record's key (DeadLetters): the event's handoff, so a replay keeps its order. */
    private static final String RECORD_KEY = "bridgeRecordKey";
    /** Exchange property: this exchange holds the event's claim (see {@link #claim}). */
    private static final String CLAIM_HELD = "telemetryClaimHeld";
    /** The done-mark's value while a consumer is forwarding the event ("1" once forwarded). */
    private static final String CLAIMED = "forwarding";
    /** Exchange property: the event goes to Genesys, so its stage is recorded once forwarded. */
    private static final String TO_GENESYS = "telemetryToGenesys";
    /** Progress hash fields: the furthest stage forwarded, and whether a skip to the end was. */
    private static final String FURTHEST = "furthest";

    private static final String SKIPPED = "ENDED";

    /**
     * KEYS: the handoff's progress hash. ARGV: stage (0 for a skip to the end), ttl. Records what
     * was forwarded: the furthest stage only ever grows (a replay racing a later stage never moves
     * it back).
     */
    private static final RedisScript<Long> FORWARDED = new DefaultRedisScript<>("""
            if tonumber(ARGV[1]) == 0 then
              redis.call('HSET', KEYS[1], 'ENDED', '1')
            elseif tonumber(ARGV[1]) > tonumber(redis.call('HGET', KEYS[1], 'furthest') or '0') then
              redis.call('HSET', KEYS[1], 'furthest', ARGV[1])
            end
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return 1
            """, Long.class);

    private final ObjectMapper json;
    private final StringRedisTemplate redis;
    private final String doneKeyPrefix;
    private final String progressKeyPrefix;
    private final Duration doneTtl;
    private final Duration forwardClaim;
    private final HandoffLogContext logContext;
    // Where events go, fixed by configuration: worked out once, not per event.
    private final Set<String> attributeEvents;
    private final boolean toSink;
    private final boolean toJourney;

    public TelemetryForward(
            ObjectMapper json,
            StringRedisTemplate redis,
            TelemetryProperties properties,
            HandoffLogContext logContext,
            @Value("${bridge.kafka.consumer-group}") String consumerGroup,
            @Value("${bridge.handoff.state-ttl}") Duration stateTtl) {
        this.json = json;
        this.redis = redis;
        this.doneKeyPrefix = "bridge:telemetry-forwarded:" + consumerGroup + ":";
        this.progressKeyPrefix = "bridge:telemetry-progress:" + consumerGroup + ":";
        this.doneTtl = stateTtl;
        this.forwardClaim = properties.forwardClaim();
        this.logContext = logContext;
        this.attributeEvents = Set.copyOf(properties.attributeEvents());
        this.toSink = !properties.sink().url().isBlank();
        this.toJourney = !properties.journey().deploymentId().isBlank();
    }

    /**
     * The records of a batch that may still have somewhere to go: every one when a sink is
     * configured, otherwise the stages (for Journey) and the events in attribute-events. Read for
     * their type only (the full
     * event is read once an event gets its own exchange, where the done-marks are checked).
     * A batch is Kafka's (exchanges, one per record) or the in-process bus's (messages); a single
     * record (a dead letter replayed onto the in-process bus) is a batch of one.
     */
    public List<String> pending(Object batch) {
        List<?> items = batch instanceof List<?> list ? list : List.of(batch);
        List<String> pending = new ArrayList<>();
        for (Object item : items) {
            String record = item instanceof Exchange e
                    ? e.getMessage().getBody(String.class)
                    : item instanceof Message m ? m.getBody(String.class) : String.valueOf(item);
            if (toSink || mayGoToGenesys(record)) {
                pending.add(record);
            }
        }
        return pending;
    }

    private boolean mayGoToGenesys(String record) {
        // Unreadable or without a type: its own exchange fails to read it and dead-letters it alone
        // (failing here would fail, and so stall, the whole batch).
        try {
            String type = type(record);
            return type == null
                    || (stage(PlaybackEventType.valueOf(type)) >= 0 && (toJourney || attributeEvents.contains(type)));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * How far an event type says the caller got: 1 STARTED to 5 COMPLETED, 0 for a skip to the
     * end (forwarded once, see {@link #advances}), -1 for the rest (pauses, errors...: never Genesys').
     */
    private static int stage(PlaybackEventType type) {
        return switch (type) {
            case STARTED -> 1;
            case QUARTILE_25 -> 2;
            case QUARTILE_50 -> 3;
            case QUARTILE_75 -> 4;
            case COMPLETED -> 5;
            case ENDED -> 0;
            default -> -1;
        };
    }

    /**
     * Whether a credited event tells Genesys something new: a stage past the furthest forwarded,
     * or a first skip to the end of a handoff that has not completed. Checked here, recorded in
     * {@link #markDone} once forwarded: a failed forward (dead-lettered) is still new on replay.
     */
    private boolean advances(PlaybackEvent event) {
        int stage = stage(event.type());
        if (!event.credited() || stage < 0) {
            return false;
        }
        List<Object> progress =
                redis.opsForHash().multiGet(progressKeyPrefix + event.handoffId(), List.of(FURTHEST, SKIPPED));
        int furthest = progress.get(0) == null ? 0 : Integer.parseInt((String) progress.get(0));
        return stage == 0 ? progress.get(1) == null && furthest < stage(PlaybackEventType.COMPLETED) : stage > furthest;
    }

    /** The {@code type} of an event record, read up to that field only (most events stop here). */
    private String type(String record) throws IOException {
        try (JsonParser parser = json.getFactory().createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "A telemetry record must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("type".equals(field)) {
                    return parser.getValueAsString();
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    /**
     * A Kafka batch is done (each event forwarded or dead-lettered): commits, per partition, the
     * offset after its last record. Nothing to do for the in-process bus.
     */
    public void commit(Object batch) {
        if (!(batch instanceof List<?> items)) {
            return;
        }
        Map<Object, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
        for (Object item : items) {
            if (item instanceof Exchange record
                    && record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT)
                            instanceof KafkaManualCommit commit) {
                lastPerPartition.put(record.getMessage().getHeader(KafkaConstants.PARTITION), commit);
            }
        }
        lastPerPartition.values().forEach(KafkaManualCommit::commit);
    }

    /**
     * The event of a record, and where it still has to go, as exchange properties the route
     * filters on (cheap property reads, where a bean predicate per destination would copy the
     * exchange each time): {@code forwardPending} and one flag per destination. An event that
     * goes nowhere is not looked up in the done-marks; one that was forwarded before goes nowhere.
     * Takes the exchange: it tags the log context and sets those several properties at once.
     */
    public PlaybackEvent read(String record, Exchange exchange) throws JsonProcessingException {
        PlaybackEvent event = json.readValue(record, PlaybackEvent.class);
        logContext.tag(exchange, event.handoffId(), event.conversationId());
        exchange.setProperty(EVENT, event);
        exchange.setProperty(RECORD_KEY, event.handoffId());
        boolean attributesWanted = attributeEvents.contains(event.type().name());
        boolean genesys = (attributesWanted || toJourney) && advances(event);
        boolean pending = (genesys || toSink) && claim(event, exchange);
        exchange.setProperty(TO_GENESYS, pending && genesys);
        exchange.setProperty("forwardPending", pending);
        exchange.setProperty("forwardAttributes", pending && genesys && attributesWanted);
        exchange.setProperty("forwardSink", pending && toSink);
        exchange.setProperty("forwardJourney", pending && genesys && toJourney);
        return event;
    }

    /**
     * Takes the event for this consumer (true), or finds it done (false). Atomic, so two consumers
     * of the group never both forward it: one that finds it claimed by another (a rebalance
     * handed the same records over mid-batch, or an instance died forwarding it) fails it, and it
     * is dead-lettered, to be replayed, where a check-then-set would have forwarded it twice.
     */
    private boolean claim(PlaybackEvent event, Exchange exchange) {
        String key = doneKeyPrefix + event.eventId();
        if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, CLAIMED, forwardClaim))) {
            exchange.setProperty(CLAIM_HELD, true);
            return true;
        }
        if (CLAIMED.equals(redis.opsForValue().get(key))) {
            throw new IllegalStateException(
                    "Event " + event.eventId() + " is being forwarded by another consumer of the group");
        }
        return false;
    }

    /** The event forwarded: marked done for the group, and (sent to Genesys) the furthest stage recorded. */
    public void markDone(
            @ExchangeProperty(EVENT) PlaybackEvent event, @ExchangeProperty(TO_GENESYS) Boolean toGenesys) {
        if (Boolean.TRUE.equals(toGenesys)) {
            redis.execute(
                    FORWARDED,
                    List.of(progressKeyPrefix + event.handoffId()),
                    Integer.toString(stage(event.type())),
                    Long.toString(doneTtl.toSeconds()));
        }
        redis.opsForValue().set(doneKeyPrefix + event.eventId(), "1", doneTtl);
    }

    /** A claimed event that is being dead-lettered: free it, so that its replay is forwarded. */
    public void release(@ExchangeProperty(EVENT) PlaybackEvent event, @ExchangeProperty(CLAIM_HELD) Boolean claimHeld) {
        if (event != null && Boolean.TRUE.equals(claimHeld)) {
            redis.delete(doneKeyPrefix + event.eventId());
        }
    }

    /** How far the caller got, for the agent's sidebar: flat string attributes on the voice conversation. */
    public void progressAttributes(@ExchangeProperty(EVENT) PlaybackEvent event, Message message)
            throws JsonProcessingException {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("video_status", event.type().name());
        attributes.put("video_watched_pct", Integer.toString(event.watchedPercent()));
        attributes.put("video_last_event_at", event.receivedAt().toString());
        setJson(message, Map.of("attributes", attributes));
    }

    /** The event as the sink gets it: the seed's datastream shape and our ids (the stored event as is). */
    public void sinkRecord(@ExchangeProperty(EVENT) PlaybackEvent event, Message message)
            throws JsonProcessingException {
        setJson(message, event);
    }

    /** {@code POST /api/v2/journey/deployments/{id}/appevents}: the event as a Journey app event. */
    public void journeyAppEvent(@ExchangeProperty(EVENT) PlaybackEvent event, Message message)
            throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventName", "video_" + event.type().name().toLowerCase(Locale.ROOT));
        body.put("screenName", "video-landing-page");
        body.put(
                "app",
                Map.of(
                        "name",
                        "ivr-video-bridge",
                        "namespace",
                        "com.ivrvideobridge",
                        "version",
                        "1",
                        "buildNumber",
                        "1"));
        boolean mobile = event.deviceType() != null && event.deviceType().startsWith("mobile");
        body.put(
                "device",
                Map.of(
                        "category",
                        mobile ? "mobile" : "desktop",
                        "type",
                        "other",
                        "osFamily",
                        "other",
                        "osVersion",
                        "unknown"));
        body.put(
                "customerCookieId",
                UUID.nameUUIDFromBytes(event.sessionId().getBytes(StandardCharsets.UTF_8))
                        .toString());
        body.put("createdDate", event.receivedAt().toString());
        body.put("externalId", event.eventId());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("handoffId", Map.of("dataType", "String", "value", event.handoffId()));
        attributes.put("conversationId", Map.of("dataType", "String", "value", event.conversationId()));
        attributes.put("assetId", Map.of("dataType", "String", "value", event.assetId()));
        attributes.put("watchedPercent", Map.of("dataType", "Number", "value", event.watchedPercent()));
        body.put("attributes", attributes);
        setJson(message, body);
    }

    private void setJson(Message message, Object body) throws JsonProcessingException {
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsString(body));
    }
}
