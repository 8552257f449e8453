package com.ivrvideobridge.sms;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC of a gateway's request signature, and the constant-time comparison of what was presented. */
final class Hmac {

    private Hmac() {}

    /** base64(HMAC-{algorithm}(key, data)); algorithm as the JRE names it (HmacSHA1, HmacSHA256). */
    static String base64(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(data));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(algorithm + " is part of every JRE", e);
        }
    }

    /** Whether the presented signature is the expected one, in time that does not depend on where they differ. */
    static boolean matches(String expected, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        presented.trim().getBytes(StandardCharsets.UTF_8));
    }
}
