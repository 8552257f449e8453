package com.ivrvideobridge.sms;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's request signature: base64(HMAC-SHA1(auth token, the full URL Twilio called + every
 * POST parameter name and value, sorted by name)). The URL is the public one, not the address the
 * service sees behind a proxy.
 */
public final class TwilioSignature {

    private TwilioSignature() {}

    public static String compute(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        return Hmac.base64("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verify(String authToken, String url, Map<String, String> params, String presented) {
        if (authToken == null || authToken.isEmpty()) {
            return false;
        }
        return Hmac.matches(compute(authToken, url, params), presented);
    }
}
