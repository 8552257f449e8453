package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The 80 % rule of SignedUrlCache and SigningWindow, and links that every instance signs alike, on
 * the test bed's real S3 store (which checks each link's signature and expiry).
 */
class SignedUrlCacheTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private S3Client s3;

    @Autowired
    private QuerySigner querySigner;

    @Autowired
    private AwsCredentialsProvider credentials;

    @Autowired
    private MediaProperties media;

    /** 1 s into a signing window (60 s for a 300 s link), so a test's requests share one window. */
    private void startOfAWindow() {
        long intoWindow = Math.floorMod(clock.instant().getEpochSecond(), 60);
        clock.advance(Duration.ofSeconds(61 - intoWindow));
    }

    private JsonNode sign(String session, int expiry) throws Exception {
        return JSON.readTree(postJson(
                        "/api/v1/media/sign-video-url",
                        """
                {"asset_id": "%s", "expiration_seconds": %d, "session_token": "%s"}""".formatted(TestServers.SAMPLE_ASSET, expiry, session),
                        API_KEY)
                .body());
    }

    @Test
    void secondRequestWithinTheWindowReturnsTheCachedUrl() throws Exception {
        startOfAWindow();
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
    void aLinkIsSignedAtTheStartOfItsWindowWithAtLeastEightyPercentOfItsLifeLeft() throws Exception {
        startOfAWindow();
        Instant asked = clock.instant();
        JsonNode answer = sign(UUID.randomUUID().toString(), 300);

        Instant issued = Instant.parse(answer.get("issued_at").asText());
        Instant expires = Instant.parse(answer.get("expires_at").asText());
        assertThat(issued.getEpochSecond() % 60).isZero();
        assertThat(issued).isBetween(asked.minusSeconds(2), asked);
        assertThat(Duration.between(issued, expires)).isEqualTo(Duration.ofSeconds(300));
        assertThat(Duration.between(asked, expires)).isGreaterThanOrEqualTo(Duration.ofSeconds(240));
        assertThat(answer.get("signed_url").asText())
                .contains("X-Amz-Date="
                        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                                .withZone(ZoneOffset.UTC)
                                .format(issued))
                .contains("X-Amz-Expires=300");
    }

    @Test
    void lateInAWindowItsLinkIsStillServedAndTheNextWindowSignsAgain() throws Exception {
        // The test clock is real time plus an offset: 10 s of margin for a slow machine (the
        // window's exact edges are SigningWindowTest's).
        startOfAWindow();
        String session = UUID.randomUUID().toString();
        JsonNode first = sign(session, 300);
        clock.advance(Duration.ofSeconds(49));

        JsonNode sameWindow = sign(session, 300);
        clock.advance(Duration.ofSeconds(11));
        JsonNode nextWindow = sign(session, 300);

        assertThat(sameWindow.get("cached").asBoolean()).isTrue();
        assertThat(sameWindow.get("signed_url")).isEqualTo(first.get("signed_url"));
        assertThat(nextWindow.get("cached").asBoolean()).isFalse();
        assertThat(Instant.parse(nextWindow.get("expires_at").asText()))
                .isEqualTo(Instant.parse(first.get("expires_at").asText()).plusSeconds(60));
    }

    @Test
    void anotherInstanceSignsTheSameUrlWithoutSharingAnything() throws Exception {
        startOfAWindow();
        String session = UUID.randomUUID().toString();
        JsonNode first = sign(session, 300);
        MediaSigner otherInstance =
                new MediaSigner(s3, querySigner, credentials, new SignedUrlCache(clock, media), media, clock);

        SignedUrl other = otherInstance.sign(new SignRequest("tutorials", TestServers.SAMPLE_ASSET, 300, session));

        assertThat(other.cached()).isFalse();
        assertThat(other.url()).isEqualTo(first.get("signed_url").asText());
        assertThat(redis.keys("bridge:signed-url:*")).isEmpty();
    }

    @Test
    void theStoreAcceptsALinkSignedAtItsWindowsStart() throws Exception {
        // Real time (the store checks against its own clock): a 60 s link's window is 12 s, so the
        // link was signed up to 12 s before it was asked for.
        String url = sign(UUID.randomUUID().toString(), 60).get("signed_url").asText();

        assertThat(HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);
    }
}
