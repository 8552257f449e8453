package com.ivrvideobridge.handoff;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Opaque landing-link tokens: 128 random bits, URL-safe. They reveal nothing; the server resolves them. */
public final class LinkTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 128 bits in URL-safe base64 without padding. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");

    private LinkTokens() {}

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code value} is shaped like a token (or a session id, made the same way): anything else is not looked up. */
    public static boolean isToken(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}
