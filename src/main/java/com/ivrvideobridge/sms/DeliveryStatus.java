package com.ivrvideobridge.sms;

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
            Map.entry("accepted", QUEUED), Map.entry("scheduled", QUEUED), Map.entry("queued", QUEUED),
            Map.entry("sending", SENT), Map.entry("sent", SENT),
            Map.entry("delivered", DELIVERED), Map.entry("read", DELIVERED),
            Map.entry("undelivered", UNDELIVERED),
            Map.entry("failed", FAILED), Map.entry("canceled", FAILED));

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

    public static String reason(String errorCode) {
        if (errorCode == null || errorCode.isBlank()) {
            return "no error code given";
        }
        return REASONS.getOrDefault(errorCode, "carrier error") + " (error " + errorCode + ")";
    }
}
