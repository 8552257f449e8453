package com.ivrvideobridge.security;

import com.ivrvideobridge.support.Hashes;
import java.security.MessageDigest;
import java.util.List;

/**
 * Compares a presented secret with the configured ones without leaking, through timing, which
 * key matched or how many leading characters were right: both sides are hashed to a fixed
 * length and every configured key is compared, match or not.
 */
public final class ConstantTimeMatcher {

    private final List<byte[]> digests;

    public ConstantTimeMatcher(List<String> secrets) {
        this.digests = secrets.stream()
                .filter(s -> s != null && !s.isBlank())
                .map(Hashes::sha256)
                .toList();
    }

    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = Hashes.sha256(presented);
        boolean matched = false;
        for (byte[] digest : digests) {
            matched |= MessageDigest.isEqual(digest, candidate);
        }
        return matched;
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }
}
