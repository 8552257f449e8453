package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.deadline.Deadlines;
import com.ivrvideobridge.sms.AgentlessReceipts;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.Exchange;
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
    private final Deadlines deadlines;
    private final AgentlessReceipts agentlessReceipts;

    public Deliveries(StringRedisTemplate redis, HandoffStore store, ObjectMapper json, HandoffProperties properties,
                      Deadlines deadlines, AgentlessReceipts agentlessReceipts) {
        this.deadlines = deadlines;
        this.agentlessReceipts = agentlessReceipts;
        this.redis = redis;
        this.store = store;
        this.json = json;
        this.ttl = properties.getStateTtl();
    }

    /** Whether this record still needs sending: not sent on this channel yet, and the handoff not ended. */
    public boolean needsSending(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        String channel = exchange.getProperty("sendingChannel", String.class);
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

    /** After the provider accepted the message: SENT, with what was used. */
    public void recordSent(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        String channel = exchange.getProperty("sendingChannel", String.class);
        JsonNode answer = answer(exchange.getMessage().getBody(String.class));
        String providerId = providerMessageId(answer);
        // From now the caller has the channel's timeout to open the link before an agent takes over.
        // Set first: a crash after the "sent" marker below must not leave a caller with no deadline.
        deadlines.schedule(handoff.id(), channel);
        if (providerId != null) {
            redis.opsForValue().set("bridge:provider-message:" + providerId, handoff.id(), ttl);
        }
        store.transition(handoff.id(), HandoffStatus.SENT, "sent by " + channel
                + (providerId == null ? "" : " (provider message id " + providerId + ")"));
        redis.opsForValue().set(sentKey(handoff.id(), channel), providerId == null ? "-" : providerId, ttl);
        // Genesys agentless SMS sends no receipts: the bridge asks for the message's status instead.
        agentlessReceipts.expect(channel, providerId, answer);
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
        String id = body.path("message").path("id").asText(body.path("sid").asText(body.path("id").asText(null)));
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
