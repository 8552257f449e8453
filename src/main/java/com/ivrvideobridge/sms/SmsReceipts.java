package com.ivrvideobridge.sms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.web.ApiException;
import java.util.List;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Delivery receipts (routes/sms-status.yaml): normalised, idempotent, never moving backwards.
 * Delivered marks the handoff DELIVERED; undelivered or failed marks it FAILED with the reason.
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

    public SmsReceipts(StringRedisTemplate redis, HandoffStore handoffs) {
        this.redis = redis;
        this.handoffs = handoffs;
    }

    /** A Twilio status callback (its form fields arrive as headers); answers what was done with it. */
    public Receipt recordTwilio(@Header("MessageSid") String sid, @Header("MessageStatus") String reported,
                                            @Header("ErrorCode") String errorCode) {
        if (sid == null || sid.isBlank()) {
            throw ApiException.badRequest("MessageSid", "MessageSid is required");
        }
        DeliveryStatus status = DeliveryStatus.fromTwilio(reported);
        if (status == null) {
            throw ApiException.badRequest("MessageStatus", "MessageStatus '" + reported + "' is not a known status");
        }
        String handoffId = redis.opsForValue().get("bridge:provider-message:" + sid);
        if (handoffId == null) {
            log.info("Receipt for a message we did not send (or whose state expired): ignored");
            return new Receipt("ignored", status.name().toLowerCase(), null, null);
        }
        Long newer = redis.execute(NEWER, List.of("bridge:receipt:" + sid),
                Integer.toString(status.rank), status.name(), Long.toString(7 * 24 * 3600));
        if (newer == null || newer == 0) {
            return new Receipt("unchanged", status.name().toLowerCase(), handoffId, null);
        }
        String failure = null;
        switch (status) {
            case DELIVERED -> handoffs.transition(handoffId, HandoffStatus.DELIVERED, "sms delivered (receipt)");
            case UNDELIVERED, FAILED -> {
                failure = "sms " + status.name().toLowerCase() + ": " + DeliveryStatus.reason(errorCode);
                handoffs.transition(handoffId, HandoffStatus.FAILED, failure);
            }
            default -> handoffs.note(handoffId, "sms " + status.name().toLowerCase() + " (receipt)");
        }
        return new Receipt("recorded", status.name().toLowerCase(), handoffId, failure);
    }

    /** What the gateway is told ({@code result}, {@code status}); the rest is for the route. */
    public record Receipt(String result, String status, @JsonIgnore String handoffId, @JsonIgnore String failure) {

        /** A delivery failed for good: the caller goes to an agent at once. */
        public boolean escalate() {
            return failure != null;
        }
    }
}
