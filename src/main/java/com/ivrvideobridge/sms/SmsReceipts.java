package com.ivrvideobridge.sms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Delivery receipts (routes/delivery/sms-status-http.yaml: Twilio; routes/delivery/messaging-receipts-http.yaml: Genesys Open
 * Messaging; routes/delivery/poll-agentless-receipts.yaml: the polled status of a Genesys agentless SMS):
 * normalised, idempotent, never moving backwards. Delivered marks the handoff DELIVERED;
 * undelivered or failed marks it FAILED with the reason (routes/delivery/delivery-receipt.yaml then sends
 * the caller to an agent), unless the caller has opened the link meanwhile: then the late failure
 * is only noted.
 */
@Component("smsReceipts")
public class SmsReceipts {

    private static final Logger log = LoggerFactory.getLogger(SmsReceipts.class);

    /** KEYS: receipt key. ARGV: rank, status, ttl seconds. 1 when the status is newer than what we had. */
    private static final RedisScript<Long> NEWER = new DefaultRedisScript<>("""
            local current = tonumber(redis.call('HGET', KEYS[1], 'rank') or '-1')
            if tonumber(ARGV[1]) <= current then return 0 end
            redis.call('HSET', KEYS[1], 'rank', ARGV[1], 'status', ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final HandoffStore handoffs;
    private final ObjectMapper json;
    private final HandoffLogContext logContext;

    public SmsReceipts(
            StringRedisTemplate redis, HandoffStore handoffs, ObjectMapper json, HandoffLogContext logContext) {
        this.redis = redis;
        this.handoffs = handoffs;
        this.json = json;
        this.logContext = logContext;
    }

    /** A Twilio status callback (its form fields arrive as headers); answers what was done with it. */
    public Receipt recordTwilio(
            @Header("MessageSid") String sid,
            @Header("MessageStatus") String reported,
            @Header("ErrorCode") String errorCode,
            Exchange exchange) {
        if (sid == null || sid.isBlank()) {
            throw ApiException.badRequest("MessageSid", "MessageSid is required");
        }
        DeliveryStatus status = DeliveryStatus.fromTwilio(reported);
        if (status == null) {
            throw ApiException.badRequest("MessageStatus", "MessageStatus '" + reported + "' is not a known status");
        }
        return record(exchange, "sms", sid, status, DeliveryStatus.reason(errorCode));
    }

    /**
     * A Genesys Open Messaging receipt, its signature already checked: {@code {"id": <the message id
     * we got back when sending>, "type": "Receipt", "status", "reasons": [{"code", "message"}], ...}}.
     * Other message types that reach the webhook are answered and ignored. Malformed JSON is 400.
     */
    public Receipt recordOpenMessaging(@Body String body, Exchange exchange) throws JsonProcessingException {
        JsonNode receipt = body == null || body.isBlank() ? null : json.readTree(body);
        if (receipt == null || !receipt.isObject()) {
            throw ApiException.badRequest(null, "The body must be a JSON object: an Open Messaging receipt");
        }
        if (!"Receipt".equalsIgnoreCase(receipt.path("type").asText())) {
            // The integration's webhook also carries other outbound messages (Text, Event): not receipts.
            return new Receipt("ignored", null, null, null);
        }
        String id = receipt.path("id").asText("");
        if (id.isBlank()) {
            throw ApiException.badRequest("id", "id (the id of the message the receipt is for) is required");
        }
        String reported = receipt.path("status").asText(null);
        DeliveryStatus status = DeliveryStatus.fromOpenMessaging(reported);
        if (status == null) {
            throw ApiException.badRequest("status", "status '" + reported + "' is not a known receipt status");
        }
        List<String> codes = new ArrayList<>();
        receipt.path("reasons").forEach(reason -> codes.add(reason.path("code").asText(null)));
        return record(exchange, "open messaging", id, status, DeliveryStatus.openMessagingReason(codes));
    }

    /**
     * The status Genesys reports for an agentless SMS (MessageData {@code status}, normalised by
     * AgentlessReceipts), with {@code reason} in words should it be a failure.
     */
    public Receipt recordGenesysMessage(String messageId, DeliveryStatus status, String reason, Exchange exchange) {
        return record(exchange, "genesys sms", messageId, status, reason);
    }

    /** The handoff whose message the provider knows by this id (Deliveries.recordSent), if its state is still kept. */
    public String handoffOf(String messageId) {
        return redis.opsForValue().get("bridge:provider-message:" + messageId);
    }

    /**
     * Any provider's receipt, normalised: matched to its handoff by the provider's message id
     * (Deliveries.recordSent), applied only when newer than what we had. {@code channel} names the
     * provider in the history; {@code reason} says in words why, should the status be a failure.
     */
    private Receipt record(Exchange exchange, String channel, String messageId, DeliveryStatus status, String reason) {
        String handoffId = handoffOf(messageId);
        if (handoffId == null) {
            log.info("Receipt for a message we did not send (or whose state expired): ignored");
            return new Receipt("ignored", status.name().toLowerCase(), null, null);
        }
        handoffs.find(handoffId).ifPresent(handoff -> logContext.tag(exchange, handoff));
        Long newer = redis.execute(
                NEWER,
                List.of("bridge:receipt:" + messageId),
                Integer.toString(status.rank),
                status.name(),
                Long.toString(7 * 24 * 3600));
        if (newer == null || newer == 0) {
            return new Receipt("unchanged", status.name().toLowerCase(), handoffId, null);
        }
        String failure = null;
        switch (status) {
            case DELIVERED -> handoffs.transition(handoffId, HandoffStatus.DELIVERED, channel + " delivered (receipt)");
            case UNDELIVERED, FAILED -> {
                String detail = channel + " " + status.name().toLowerCase() + ": " + reason;
                if (handoffs.transition(handoffId, HandoffStatus.FAILED, detail)) {
                    failure = detail;
                } else {
                    // The caller opened the link (or the handoff ended) before the failure was
                    // reported: kept for the record, but a caller who is watching stays watching.
                    handoffs.note(handoffId, detail + " (reported after the handoff had moved on: not escalated)");
                }
            }
            default -> handoffs.note(handoffId, channel + " " + status.name().toLowerCase() + " (receipt)");
        }
        return new Receipt("recorded", status.name().toLowerCase(), handoffId, failure);
    }

    /** What the gateway is told ({@code result}, {@code status}); the rest is for the route. */
    public record Receipt(
            String result,
            String status,
            @JsonIgnore String handoffId,
            @JsonIgnore String failure) {

        /** A delivery failed for good: the caller goes to an agent at once. */
        public boolean escalate() {
            return failure != null;
        }
    }
}
