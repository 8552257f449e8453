package com.ivrvideobridge.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Signed URLs in Redis, so that an IVR prompt repeated for the same caller does not sign again.
 *
 * <p>The rule: a URL is handed out only while at least {@code min-remaining-fraction} (default
 * 80 %) of its lifetime is left. The Redis entry expires after (1 - fraction) of the lifetime,
 * and every read checks the remaining life against the clock again, so neither a late expiry in
 * Redis nor a clock step can hand out a URL that is about to die. Keys hash the session token:
 * no token is stored in clear.
 */
@Component
public class SignedUrlCache {

    private static final Logger log = LoggerFactory.getLogger(SignedUrlCache.class);
    static final String KEY_PREFIX = "bridge:signed-url:";

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final MediaProperties.Cache settings;

    public SignedUrlCache(StringRedisTemplate redis, ObjectMapper json, Clock clock, MediaProperties media) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.settings = media.getCache();
    }

    public Optional<SignedUrl> find(SignRequest request) {
        if (!settings.isEnabled()) {
            return Optional.empty();
        }
        String cached = redis.opsForValue().get(key(request));
        if (cached == null) {
            return Optional.empty();
        }
        try {
            SignedUrl url = json.readValue(cached, SignedUrl.class);
            return url.hasRemainingShare(clock.instant(), settings.getMinRemainingFraction())
                    ? Optional.of(url.fromCache()) : Optional.empty();
        } catch (JsonProcessingException e) {
            log.warn("Ignoring an unreadable signed-URL cache entry: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    public void store(SignRequest request, SignedUrl url) {
        if (!settings.isEnabled()) {
            return;
        }
        long ttlMillis = (long) Math.floor(url.lifetime().toMillis() * (1 - settings.getMinRemainingFraction()));
        if (ttlMillis <= 0) {
            return;
        }
        try {
            redis.opsForValue().set(key(request), json.writeValueAsString(url), Duration.ofMillis(ttlMillis));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A SignedUrl always serialises", e);
        }
    }

    static String key(SignRequest request) {
        String identity = String.join("\u0000", request.bucket(), request.assetId(), request.sessionToken(),
                Integer.toString(request.expirationSeconds()));
        return KEY_PREFIX + sha256Hex(identity);
    }

    static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
