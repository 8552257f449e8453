package com.ivrvideobridge.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.ivrvideobridge.support.Hashes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Signed URLs in Redis (shared by all instances) with a small in-process near cache in front, so
 * that an IVR prompt repeated for the same caller neither signs nor goes to Redis again.
 *
 * <p>The rule: a URL is handed out only while at least {@code min-remaining-fraction} (default
 * 80 %) of its lifetime is left. The Redis entry expires after (1 - fraction) of the lifetime,
 * and every read checks the remaining life against the clock again, so neither a late expiry in
 * Redis nor a clock step can hand out a URL that is about to die. The near cache keeps entries
 * for the same time and applies the same check. Keys hash the session token: no token is stored
 * in clear.
 */
@Component
public class SignedUrlCache {

    private static final Logger log = LoggerFactory.getLogger(SignedUrlCache.class);
    static final String KEY_PREFIX = "bridge:signed-url:";

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final MediaProperties.Cache settings;
    private final Cache<String, SignedUrl> near;

    public SignedUrlCache(StringRedisTemplate redis, ObjectMapper json, Clock clock, MediaProperties media) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.settings = media.getCache();
        this.near = Caffeine.newBuilder()
                .maximumSize(settings.getLocalMaxEntries())
                .expireAfter(Expiry.creating((String key, SignedUrl url) -> ttl(url)))
                .build();
    }

    public Optional<SignedUrl> find(SignRequest request) {
        if (!settings.isEnabled()) {
            return Optional.empty();
        }
        String key = key(request);
        SignedUrl local = near.getIfPresent(key);
        if (local != null && fresh(local)) {
            return Optional.of(local.fromCache());
        }
        String cached = redis.opsForValue().get(key);
        if (cached == null) {
            return Optional.empty();
        }
        try {
            SignedUrl url = json.readValue(cached, SignedUrl.class);
            if (!fresh(url)) {
                return Optional.empty();
            }
            near.put(key, url);
            return Optional.of(url.fromCache());
        } catch (JsonProcessingException e) {
            log.warn("Ignoring an unreadable signed-URL cache entry: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    public void store(SignRequest request, SignedUrl url) {
        if (!settings.isEnabled()) {
            return;
        }
        Duration ttl = ttl(url);
        if (ttl.isZero()) {
            return;
        }
        String key = key(request);
        try {
            redis.opsForValue().set(key, json.writeValueAsString(url), ttl);
            near.put(key, url);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A SignedUrl always serialises", e);
        }
    }

    private boolean fresh(SignedUrl url) {
        return url.hasRemainingShare(clock.instant(), settings.getMinRemainingFraction());
    }

    /** (1 - min-remaining-fraction) of the URL's lifetime: 60 s of a 300 s URL by default. */
    private Duration ttl(SignedUrl url) {
        return Duration.ofMillis(
                (long) Math.floor(url.lifetime().toMillis() * (1 - settings.getMinRemainingFraction())));
    }

    static String key(SignRequest request) {
        String identity = String.join(
                "\u0000",
                request.bucket(),
                request.assetId(),
                request.sessionToken(),
                Integer.toString(request.expirationSeconds()));
        return KEY_PREFIX + Hashes.sha256Hex(identity);
    }
}
