package com.ivrvideobridge.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The agentless SMS the sandbox's Genesys stand-in accepted (the last 1,000), and the status its
 * message-status GET answers for each: {@code delivery-success}, unless the sandbox page's buttons
 * chose otherwise for the next poll.
 */
@Component
@ConditionalOnProperty("bridge.sandbox.enabled")
public class SandboxTexts {

    private static final int KEEP = 1000;
    static final String DELIVERED = "delivery-success";
    static final String FAILED = "delivery-failed";

    private final Map<String, String> statuses = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEEP;
        }
    };

    synchronized void sent(String messageId) {
        statuses.put(messageId, DELIVERED);
    }

    /** What a status poll of this message answers; null when the sandbox never sent it. */
    synchronized String status(String messageId) {
        return statuses.get(messageId);
    }

    /** From now on a status poll of this message answers {@code status}; false when the sandbox never sent it. */
    synchronized boolean answerNext(String messageId, String status) {
        return statuses.replace(messageId, status) != null;
    }

    /** The message as Genesys answers it (MessageData); a failed one with its reason in the normalised receipt. */
    Map<String, Object> message(String conversationId, String messageId, String status) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", messageId);
        message.put("conversationId", conversationId);
        message.put("direction", "outbound");
        message.put("messengerType", "sms");
        message.put("status", status);
        message.put("timestamp", Instant.now().toString());
        if (status.equals(FAILED)) {
            message.put("normalizedReceipts", List.of(receipt(messageId, false)));
        }
        message.put("selfUri", "/api/v2/conversations/messages/" + conversationId + "/messages/" + messageId);
        return message;
    }

    /** A final normalised receipt as Open Messaging sends it: Delivered, or Failed with its reason. */
    static Map<String, Object> receipt(String messageId, boolean delivered) {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("id", messageId);
        receipt.put("type", "Receipt");
        receipt.put("status", delivered ? "Delivered" : "Failed");
        receipt.put("direction", "Outbound");
        receipt.put("isFinalReceipt", true);
        if (!delivered) {
            receipt.put("reasons", List.of(Map.of("code", "RecipientOptedOut", "message", "Recipient opted out")));
        }
        return receipt;
    }
}
