package com.ivrvideobridge.sms;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gateway statuses normalised: queued, sent, delivered, undelivered, failed. Receipts arrive late,
 * twice and out of order; a status only replaces one of lower rank, so an old "sent" never
 * overwrites "delivered".
 */
public enum DeliveryStatus {
    QUEUED(0),
    SENT(1),
    DELIVERED(2),
    UNDELIVERED(2),
    FAILED(2);

    private static final Map<String, DeliveryStatus> TWILIO = Map.ofEntries(
            Map.entry("accepted", QUEUED),
            Map.entry("scheduled", QUEUED),
            Map.entry("queued", QUEUED),
            Map.entry("sending", SENT),
            Map.entry("sent", SENT),
            Map.entry("delivered", DELIVERED),
            Map.entry("read", DELIVERED),
            Map.entry("undelivered", UNDELIVERED),
            Map.entry("failed", FAILED),
            Map.entry("canceled", FAILED));

    /**
     * Genesys Open Messaging receipt statuses. Published (handed to the messaging platform) is sent;
     * Read implies delivered. Removed (the message was withdrawn before the caller could rely on
     * it) counts as undelivered, so the caller goes to an agent; after delivered it changes nothing,
     * as undelivered ranks no higher. Queued is not in the receipt enum but in Genesys' delivery
     * statuses, so it is accepted too.
     */
    private static final Map<String, DeliveryStatus> OPEN_MESSAGING = Map.of(
            "queued",
            QUEUED,
            "published",
            SENT,
            "sent",
            SENT,
            "delivered",
            DELIVERED,
            "read",
            DELIVERED,
            "removed",
            UNDELIVERED,
            "failed",
            FAILED);

    /**
     * Genesys message statuses (MessageData {@code status}, as GET
     * /api/v2/conversations/messages/{conversationId}/messages/{messageId} reports an agentless
     * SMS): delivery-success and read are delivered; delivery-failed and failed are failed; removed
     * counts as undelivered, as Open Messaging's Removed does. {@code received} is the status of an
     * inbound message, never of ours: unknown, like any status Genesys adds later.
     */
    private static final Map<String, DeliveryStatus> GENESYS_MESSAGE = Map.of(
            "queued",
            QUEUED,
            "published",
            SENT,
            "sent",
            SENT,
            "delivery-success",
            DELIVERED,
            "read",
            DELIVERED,
            "delivery-failed",
            FAILED,
            "failed",
            FAILED,
            "removed",
            UNDELIVERED);

    /**
     * Open Messaging reason codes (MessageExpired, RateLimited, MessageNotAllowed, GeneralError,
     * UnsupportedMessage, UnknownMessage, InvalidMessageStructure, InvalidDestination, ServerError,
     * MediaTypeNotAllowed, InvalidMediaContentLength, RecipientOptedOut) read as words once split
     * ("message expired"), and so will codes Genesys adds later; these few need more words.
     */
    private static final Map<String, String> OPEN_MESSAGING_REASONS = Map.of(
            "RateLimited",
            "rate limited by the messaging platform",
            "ServerError",
            "messaging platform server error",
            "GeneralError",
            "general delivery error",
            "Generic",
            "general delivery error",
            "InvalidMediaContentLength",
            "attached media too large",
            "RecipientOptedOut",
            "recipient has opted out");

    /** Carrier error codes (Twilio's) in words an agent understands. */
    private static final Map<String, String> REASONS = Map.of(
            "30003", "unreachable destination handset",
            "30004", "message blocked by the recipient or carrier",
            "30005", "unknown destination handset",
            "30006", "landline or unreachable carrier",
            "30007", "message filtered by the carrier",
            "30008", "unknown carrier error",
            "21610", "recipient has opted out (STOP)",
            "21211", "invalid phone number");

    final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public static DeliveryStatus fromTwilio(String status) {
        return status == null ? null : TWILIO.get(status.toLowerCase(Locale.ROOT));
    }

    public static DeliveryStatus fromOpenMessaging(String status) {
        return status == null ? null : OPEN_MESSAGING.get(status.toLowerCase(Locale.ROOT));
    }

    public static DeliveryStatus fromGenesysMessage(String status) {
        return status == null ? null : GENESYS_MESSAGE.get(status.toLowerCase(Locale.ROOT));
    }

    /** Delivered, undelivered or failed: no later receipt can change it. */
    public boolean isFinal() {
        return rank == DELIVERED.rank;
    }

    /** Undelivered or failed: the handoff FAILED, and the caller to an agent. */
    public boolean isFailure() {
        return this == UNDELIVERED || this == FAILED;
    }

    /** The reasons of an Open Messaging receipt in words, each with its code: "recipient has opted out (RecipientOptedOut)". */
    public static String openMessagingReason(List<String> codes) {
        List<String> reasons = codes.stream()
                .filter(code -> code != null && !code.isBlank())
                .distinct()
                .map(code -> OPEN_MESSAGING_REASONS.getOrDefault(code, words(code)) + " (" + code + ")")
                .toList();
        return reasons.isEmpty() ? "no reason given" : String.join("; ", reasons);
    }

    /** "MediaTypeNotAllowed" -> "media type not allowed". */
    private static String words(String code) {
        return code.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
    }

    public static String reason(String errorCode) {
        if (errorCode == null || errorCode.isBlank()) {
            return "no error code given";
        }
        return REASONS.getOrDefault(errorCode, "carrier error") + " (error " + errorCode + ")";
    }
}
