package com.ivrvideobridge.sms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.support.ExchangeProperties;
import com.ivrvideobridge.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
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
 * read into a {@link Report}, then recorded one route step at a time (routes/delivery/delivery-receipt.yaml,
 * route record-receipt): normalised, idempotent, never moving backwards. Delivered marks the handoff DELIVERED;
 * undelivered or failed marks it FAILED with the reason (route delivery-receipt then sends
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

    /**
     * A Twilio status callback (its form fields arrive as headers), read: the receipt as reported,
     * not yet recorded (routes/delivery/delivery-receipt.yaml, route record-receipt, does that).
     */
    public Report readTwilio(
            @Header("MessageSid") String sid,
            @Header("MessageStatus") String reported,
            @Header("ErrorCode") String errorCode) {
        if (sid == null || sid.isBlank()) {
            throw ApiException.badRequest("MessageSid", "MessageSid is required");
        }
        DeliveryStatus status = DeliveryStatus.fromTwilio(reported);
        if (status == null) {
            throw ApiException.badRequest("MessageStatus", "MessageStatus '" + reported + "' is not a known status");
        }
        return new Report("sms", sid, status, reported, DeliveryStatus.reason(errorCode));
    }

    /**
     * A Genesys Open Messaging receipt, its signature already checked: {@code {"id": <the message id
     * we got back when sending>, "type": "Receipt", "status", "reasons": [{"code", "message"}], ...}}.
     * Other message types that reach the webhook are a report with no status (answered "ignored").
     * Malformed JSON is 400.
     */
    public Report readOpenMessaging(@Body String body) throws JsonProcessingException {
        JsonNode receipt = body == null || body.isBlank() ? null : json.readTree(body);
        if (receipt == null || !receipt.isObject()) {
            throw ApiException.badRequest(null, "The body must be a JSON object: an Open Messaging receipt");
        }
        if (!"Receipt".equalsIgnoreCase(receipt.path("type").asText())) {
            // The integration's webhook also carries other outbound messages (Text, Event): not receipts.
            return new Report("open messaging", null, null, null, null);
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
        return new Report("open messaging", id, status, reported, DeliveryStatus.openMessagingReason(codes));
    }

    /** The handoff whose message the provider knows by this id (Deliveries.recordSent), if its state is still kept. */
    public String handoffOf(String messageId) {
        return redis.opsForValue().get("bridge:provider-message:" + messageId);
    }

    /**
     * The handoff a receipt is for, matched by the provider's message id (Deliveries.recordSent);
     * null when the message is not ours or its state expired. The exchange: for the log context.
     */
    public String match(@Body Report report, Exchange exchange) {
        String handoffId = handoffOf(report.messageId());
        if (handoffId != null) {
            handoffs.find(handoffId).ifPresent(handoff -> logContext.tag(exchange, handoff));
        }
        return handoffId;
    }

    /** A message of the webhook that is not a receipt: answered, ignored. */
    public Receipt notAReceipt() {
        return new Receipt("ignored", null, null, null);
    }

    /** A receipt for a message we did not send (or whose state expired): answered, ignored. */
    public Receipt notOurs(@Body Report report) {
        log.info("Receipt for a message we did not send (or whose state expired): ignored");
        return new Receipt("ignored", report.statusName(), null, null);
    }

    /**
     * The receipt lock: the reported status is kept (per message, a week) only when it ranks above
     * the one we had; true then. A repeat, or an older status arriving late, is false: it changes
     * nothing, so a receipt is applied once and never moves the handoff backwards.
     */
    public boolean keepIfNewer(@Body Report report) {
        Long newer = redis.execute(
                NEWER,
                List.of("bridge:receipt:" + report.messageId()),
                Integer.toString(report.status().rank),
                report.status().name(),
                Long.toString(7 * 24 * 3600));
        return newer != null && newer != 0;
    }

    /** A repeated or older status: nothing changed. */
    public Receipt unchanged(@Body Report report, @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String handoffId) {
        return new Receipt("unchanged", report.statusName(), handoffId, null);
    }

    /** Delivered: the handoff DELIVERED (when that is forward from where it is). */
    public Receipt markDelivered(
            @Body Report report, @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String handoffId) {
        handoffs.transition(handoffId, HandoffStatus.DELIVERED, report.provider() + " delivered (receipt)");
        return new Receipt("recorded", report.statusName(), handoffId, null);
    }

    /**
     * Undelivered or failed: the handoff FAILED with the reason (the receipt's {@code failure}: the
     * caller then goes to an agent), unless the caller has opened the link (or the handoff ended)
     * meanwhile: then the late failure is only noted.
     */
    public Receipt markFailed(@Body Report report, @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String handoffId) {
        String detail = report.provider() + " " + report.statusName() + ": " + report.reason();
        if (handoffs.transition(handoffId, HandoffStatus.FAILED, detail)) {
            return new Receipt("recorded", report.statusName(), handoffId, detail);
        }
        // Kept for the record, but a caller who is watching stays watching.
        handoffs.note(handoffId, detail + " (reported after the handoff had moved on: not escalated)");
        return new Receipt("recorded", report.statusName(), handoffId, null);
    }

    /** Queued or sent: a note in the handoff's history, no state change. */
    public Receipt noteStatus(@Body Report report, @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String handoffId) {
        handoffs.note(handoffId, report.provider() + " " + report.statusName() + " (receipt)");
        return new Receipt("recorded", report.statusName(), handoffId, null);
    }

    /**
     * A receipt as a provider reported it, normalised, not yet recorded: {@code provider} names it
     * in the history, {@code messageId} is the provider's id of our message, {@code reported} its
     * own word for the status, {@code reason} says in words why, should the status be a failure.
     * No status: not a receipt (another message type of the Open Messaging webhook).
     */
    public record Report(String provider, String messageId, DeliveryStatus status, String reported, String reason) {

        String statusName() {
            return status.name().toLowerCase();
        }
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
