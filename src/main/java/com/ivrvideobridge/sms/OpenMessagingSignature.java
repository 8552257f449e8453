package com.ivrvideobridge.sms;

/**
 * The signature of Genesys Open Messaging webhooks: header {@code X-Hub-Signature-256} =
 * {@code sha256=} + base64 (not hex) of HMAC-SHA256(the integration's secret token, the raw JSON
 * body exactly as received).
 */
public final class OpenMessagingSignature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private OpenMessagingSignature() {}

    /** The header value Genesys sends for this body. */
    public static String compute(String secret, byte[] body) {
        return PREFIX + Hmac.base64("HmacSHA256", secret, body);
    }

    public static boolean verify(String secret, byte[] body, String presented) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        return Hmac.matches(compute(secret, body), presented);
    }
}
