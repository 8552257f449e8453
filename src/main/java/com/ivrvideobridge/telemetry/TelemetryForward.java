package com.ivrvideobridge.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.landing.PlaybackEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Telemetry-forward (routes/telemetry-forward.yaml): each playback event off the telemetry topic,
 * once per consumer group even when Kafka redelivers it (marked done in Redis by event id only
 * after every step succeeded), to the voice conversation's participant attributes, and to the
 * optional sink and Journey app events.
 */
@Component("telemetryForward")
public class TelemetryForward {

    /** Exchange property holding the event being forwarded. */
    public static final String EVENT = "telemetryEvent";

    private final ObjectMapper json;
    private final StringRedisTemplate redis;
    private final TelemetryProperties properties;
    private final String doneKeyPrefix;
    private final Duration doneTtl;
    private final HandoffLogContext logContext;

    public TelemetryForward(ObjectMapper json, StringRedisTemplate redis, TelemetryProperties properties,
                            HandoffLogContext logContext,
                            @Value("${bridge.kafka.consumer-group}") String consumerGroup,
                            @Value("${bridge.handoff.state-ttl}") Duration stateTtl) {
        this.json = json;
        this.redis = redis;
        this.properties = properties;
        this.doneKeyPrefix = "bridge:telemetry-forwarded:" + consumerGroup + ":";
        this.doneTtl = stateTtl;
        this.logContext = logContext;
    }

    /** The events of an in-process bus batch (a list of messages), each as its JSON record. */
    public List<String> records(List<?> batch) {
        return batch.stream().map(r -> r instanceof Message m ? m.getBody(String.class) : String.valueOf(r)).toList();
    }

    public PlaybackEvent read(String record, Exchange exchange) throws JsonProcessingException {
        PlaybackEvent event = json.readValue(record, PlaybackEvent.class);
        logContext.tag(exchange, event.handoffId(), event.conversationId());
        return event;
    }

    /** Whether the event goes anywhere (attributes, sink, Journey) and was not forwarded before. */
    public boolean needsForwarding(Exchange exchange) {
        return (updatesAttributes(exchange) || hasSink() || hasJourney())
                && !Boolean.TRUE.equals(redis.hasKey(doneKeyPrefix + event(exchange).eventId()));
    }

    public void markDone(Exchange exchange) {
        redis.opsForValue().set(doneKeyPrefix + event(exchange).eventId(), "1", doneTtl);
    }

    public boolean updatesAttributes(Exchange exchange) {
        return properties.attributeEvents().contains(event(exchange).type().name());
    }

    public boolean hasSink() {
        return !properties.sink().url().isBlank();
    }

    public boolean hasJourney() {
        return !properties.journey().deploymentId().isBlank();
    }

    /** How far the caller got, for the agent's sidebar: flat string attributes on the voice conversation. */
    public void progressAttributes(Exchange exchange) throws JsonProcessingException {
        PlaybackEvent event = event(exchange);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("video_status", event.type().name());
        attributes.put("video_watched_pct", Integer.toString(event.watchedPercent()));
        attributes.put("video_last_event_at", event.receivedAt().toString());
        setJson(exchange, Map.of("attributes", attributes));
    }

    /** The event as the sink gets it: the seed's datastream shape and our ids (the stored event as is). */
    public void sinkRecord(Exchange exchange) throws JsonProcessingException {
        setJson(exchange, event(exchange));
    }

    /** {@code POST /api/v2/journey/deployments/{id}/appevents}: the event as a Journey app event. */
    public void journeyAppEvent(Exchange exchange) throws JsonProcessingException {
        PlaybackEvent event = event(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventName", "video_" + event.type().name().toLowerCase(Locale.ROOT));
        body.put("screenName", "video-landing-page");
        body.put("app", Map.of("name", "ivr-video-bridge", "namespace", "com.ivrvideobridge", "version", "1",
                "buildNumber", "1"));
        boolean mobile = event.deviceType() != null && event.deviceType().startsWith("mobile");
        body.put("device", Map.of("category", mobile ? "mobile" : "desktop", "type", "other", "osFamily", "other",
                "osVersion", "unknown"));
        body.put("customerCookieId", UUID.nameUUIDFromBytes(event.sessionId().getBytes(StandardCharsets.UTF_8)).toString());
        body.put("createdDate", event.receivedAt().toString());
        body.put("externalId", event.eventId());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("handoffId", Map.of("dataType", "String", "value", event.handoffId()));
        attributes.put("conversationId", Map.of("dataType", "String", "value", event.conversationId()));
        attributes.put("assetId", Map.of("dataType", "String", "value", event.assetId()));
        attributes.put("watchedPercent", Map.of("dataType", "Number", "value", event.watchedPercent()));
        body.put("attributes", attributes);
        setJson(exchange, body);
    }

    private static PlaybackEvent event(Exchange exchange) {
        return exchange.getProperty(EVENT, PlaybackEvent.class);
    }

    private void setJson(Exchange exchange, Object body) throws JsonProcessingException {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }
}
