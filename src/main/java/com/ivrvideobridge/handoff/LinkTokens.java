package com.ivrvideobridge.handoff;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque landing-link tokens: 128 random bits, URL-safe. They reveal nothing; the server resolves them. */
public final class LinkTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LinkTokens() {
    }

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
