package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        return JSON.readTree(postJson(
                        "/api/v1/media/sign-video-url",
                        """
                {"asset_id": "%s", "expiration_seconds": %d, "session_token": "%s"}""".formatted(TestServers.SAMPLE_ASSET, expiry, session),
                        API_KEY)
                .body());
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
        JsonNode first = sign(session, 300);
        // 70 s of 300 s later only 77 % is left, while Redis (60 s TTL in real time) and the near cache still hold it.
        clock.advance(Duration.ofSeconds(70));

        JsonNode second = sign(session, 300);

        assertThat(second.get("cached").asBoolean()).isFalse();
        assertThat(Instant.parse(second.get("expires_at").asText()))
                .isAfter(Instant.parse(first.get("expires_at").asText()).plusSeconds(60));
        assertThat(sign(session, 300).get("cached").asBoolean()).isTrue();
    }

    @Test
    void entryWithJustEnoughLifeLeftIsStillServed() throws Exception {
        String session = UUID.randomUUID().toString();
        JsonNode first = sign(session, 300);
        clock.advance(Duration.ofSeconds(50));

        JsonNode second = sign(session, 300);

        assertThat(second.get("cached").asBoolean()).isTrue();
        assertThat(second.get("signed_url")).isEqualTo(first.get("signed_url"));
    }

    @Test
    void anotherInstanceFindsTheUrlInRedis() throws Exception {
        String session = UUID.randomUUID().toString();
        JsonNode first = sign(session, 300);
        String key = SignedUrlCache.key(new SignRequest("tutorials", TestServers.SAMPLE_ASSET, 300, session));
        MediaProperties media = new MediaProperties();
        SignedUrlCache otherInstance = new SignedUrlCache(
                redis, new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules(), clock, media);

        assertThat(otherInstance.find(new SignRequest("tutorials", TestServers.SAMPLE_ASSET, 300, session)))
                .hasValueSatisfying(url ->
                        assertThat(url.url()).isEqualTo(first.get("signed_url").asText()));
        assertThat(redis.hasKey(key)).isTrue();
    }
}
