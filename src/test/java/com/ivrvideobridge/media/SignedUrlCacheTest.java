package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The 80 % rule of SignedUrlCache, against the real Redis of the test bed. */
class SignedUrlCacheTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private StringRedisTemplate redis;

    private JsonNode sign(String session, int expiry) throws Exception {
        return JSON.readTree(postJson("/api/v1/media/sign-video-url", """
                {"asset_id": "%s", "expiration_seconds": %d, "session_token": "%s"}"""
                .formatted(TestServers.SAMPLE_ASSET, expiry, session), API_KEY).body());
    }

    @Test
    void secondRequestWithinTheTtlReturnsTheCachedUrl() throws Exception {
        String session = UUID.randomUUID().toString();
        JsonNode first = sign(session, 300);
        JsonNode second = sign(session, 300);

        assertThat(first.get("cached").asBoolean()).isFalse();
        assertThat(second.get("cached").asBoolean()).isTrue();
        assertThat(second.get("signed_url")).isEqualTo(first.get("signed_url"));
    }

    @Test
    void anotherSessionGetsItsOwnUrl() throws Exception {
        JsonNode first = sign(UUID.randomUUID().toString(), 300);
        JsonNode other = sign(UUID.randomUUID().toString(), 300);
        assertThat(other.get("cached").asBoolean()).isFalse();
        assertThat(other.get("signed_url")).isNotEqualTo(first.get("signed_url"));
    }

    @Test
    void cacheEntryLivesAtMostTwentyPercentOfTheUrlLifetimeAndHoldsNoTokenInClear() throws Exception {
        String session = "visible-session-" + UUID.randomUUID();
        sign(session, 300);

        String key = SignedUrlCache.key(new SignRequest("tutorials", TestServers.SAMPLE_ASSET, 300, session));
        Long ttlMillis = redis.getExpire(key, TimeUnit.MILLISECONDS);
        assertThat(ttlMillis).isPositive().isLessThanOrEqualTo(60_000L);
        assertThat(redis.keys(SignedUrlCache.KEY_PREFIX + "*")).noneMatch(k -> k.contains(session));
        assertThat(redis.opsForValue().get(key)).doesNotContain(session);
    }

    @Test
    void entryWithLessThanTheGuaranteedLifeLeftIsSignedAgain() throws Exception {
        String session = UUID.randomUUID().toString();
        sign(session, 300);
        // Age the cached entry as if 70 s of its 300 s had passed (only 77 % left) while Redis still holds it.
        String key = SignedUrlCache.key(new SignRequest("tutorials", TestServers.SAMPLE_ASSET, 300, session));
        ObjectNode aged = (ObjectNode) JSON.readTree(redis.opsForValue().get(key));
        aged.put("issued_at", Instant.parse(aged.get("issued_at").asText()).minusSeconds(70).toString());
        aged.put("expires_at", Instant.parse(aged.get("expires_at").asText()).minusSeconds(70).toString());
        redis.opsForValue().set(key, aged.toString(), Duration.ofSeconds(30));

        JsonNode second = sign(session, 300);

        assertThat(second.get("cached").asBoolean()).isFalse();
        // (Signed in the same second, the URL text may be identical: SigV4 dates have 1 s resolution.)
        assertThat(Instant.parse(second.get("expires_at").asText()))
                .isAfter(Instant.parse(aged.get("expires_at").asText()));
        Instant expiresAt = Instant.parse(second.get("expires_at").asText());
        assertThat(Duration.between(Instant.now(), expiresAt)).isGreaterThan(Duration.ofSeconds(240));
    }

    @Test
    void entryWithJustEnoughLifeLeftIsStillServed() throws Exception {
        String session = UUID.randomUUID().toString();
        sign(session, 300);
        String key = SignedUrlCache.key(new SignRequest("tutorials", TestServers.SAMPLE_ASSET, 300, session));
        ObjectNode aged = (ObjectNode) JSON.readTree(redis.opsForValue().get(key));
        aged.put("issued_at", Instant.parse(aged.get("issued_at").asText()).minusSeconds(50).toString());
        aged.put("expires_at", Instant.parse(aged.get("expires_at").asText()).minusSeconds(50).toString());
        redis.opsForValue().set(key, aged.toString(), Duration.ofSeconds(30));

        assertThat(sign(session, 300).get("cached").asBoolean()).isTrue();
    }
}
