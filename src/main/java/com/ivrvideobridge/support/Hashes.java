package com.ivrvideobridge.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 for keys and tags that must not hold a secret or a phone number in clear, and for CSP hashes. */
public final class Hashes {

    private Hashes() {}

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    /** Base64, as a Content-Security-Policy hash source wants it ({@code 'sha256-...'}). */
    public static String sha256Base64(String value) {
        return Base64.getEncoder().encodeToString(sha256(value));
    }
}
