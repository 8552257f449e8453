package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.support.ExchangeProperties;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps each (handoff, channel) to one send: the send routes skip a record whose message already
 * went out (a retried webhook, a replayed dead letter, a redelivered Kafka record), and record
 * the send, with the provider's message id for matching delivery receipts.
 */
@Component("deliveries")
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final StringRedisTemplate redis;
    private final HandoffStore store;
    private final ObjectMapper json;
    private final Duration ttl;

    public Deliveries(StringRedisTemplate redis, HandoffStore store, ObjectMapper json, HandoffProperties properties) {
        this.redis = redis;
        this.store = store;
        this.json = json;
        this.ttl = properties.getStateTtl();
    }

    /** Whether this record still needs sending: not sent on this channel yet, and the handoff not ended. */
    public boolean needsSending(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(ExchangeProperties.SENDING_CHANNEL) String channel) {
        if (Boolean.TRUE.equals(redis.hasKey(sentKey(handoff.id(), channel)))) {
            log.info("Handoff {} already sent on {}: skipping a repeated record", handoff.id(), channel);
            return false;
        }
        HandoffStatus status = store.find(handoff.id()).map(Handoff::status).orElse(HandoffStatus.OFFERED);
        if (status == HandoffStatus.FAILED || status == HandoffStatus.ESCALATED || status == HandoffStatus.EXPIRED) {
            log.info("Handoff {} is {}: not sending", handoff.id(), status);
            return false;
        }
        return true;
    }

    /**
     * After the provider accepted the message (its answer in the body): SENT, with what was used,
     * and the provider's message id kept (for receipts) and set as property {@link ExchangeProperties#PROVIDER_MESSAGE_ID}.
     */
    public void recordSent(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(ExchangeProperties.SENDING_CHANNEL) String channel,
            @Body String providerAnswer,
            Exchange exchange) {
        String providerId = providerMessageId(answer(providerAnswer));
        exchange.setProperty(ExchangeProperties.PROVIDER_MESSAGE_ID, providerId);
        if (providerId != null) {
            redis.opsForValue().set("bridge:provider-message:" + providerId, handoff.id(), ttl);
        }
        store.transition(
                handoff.id(),
                HandoffStatus.SENT,
                "sent by " + channel + (providerId == null ? "" : " (provider message id " + providerId + ")"));
        redis.opsForValue().set(sentKey(handoff.id(), channel), providerId == null ? "-" : providerId, ttl);
    }

    private JsonNode answer(String responseBody) {
        try {
            return responseBody == null || responseBody.isBlank() ? null : json.readTree(responseBody);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The id the provider gave the message: Twilio {@code sid}; Genesys {@code message.id} (the sent
     * message, in an agentless send's answer), else {@code id} (the message's id in the answers of
     * both Genesys sends).
     */
    private static String providerMessageId(JsonNode body) {
        if (body == null) {
            return null;
        }
        String id = body.path("message")
                .path("id")
                .asText(body.path("sid").asText(body.path("id").asText(null)));
        return id == null || id.isBlank() ? null : id;
    }

    /** The provider's id of the message sent on this channel, if one was sent and the provider gave one. */
    public Optional<String> providerMessageId(String handoffId, String channel) {
        String id = redis.opsForValue().get(sentKey(handoffId, channel));
        return id == null || id.equals("-") ? Optional.empty() : Optional.of(id);
    }

    private static String sentKey(String handoffId, String channel) {
        return "bridge:sent:" + handoffId + ":" + channel;
    }
}
