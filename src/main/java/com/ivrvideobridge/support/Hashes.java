package com.ivrvideobridge.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 for keys and tags that must not hold a secret or a phone number in clear, and for CSP hashes. */
public final class Hashes {

    /** Cloned for each hash (a provider lookup less); itself never fed, so threads can share it. */
    private static final MessageDigest SHA_256 = newSha256();

    private Hashes() {}

    public static byte[] sha256(String value) {
        return sha256Digest().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256Digest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256(); // a provider whose digest cannot be cloned
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
