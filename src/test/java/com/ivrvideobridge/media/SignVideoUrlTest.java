package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.TestServers;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The signing promise, proven against S3Proxy, which checks SigV4 signatures and expiry like S3. */
class SignVideoUrlTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonNode sign(String body) throws Exception {
        HttpResponse<String> response = postJson("/api/v1/media/sign-video-url", body, API_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode signSample(int expirySeconds) throws Exception {
        return sign("""
                {"asset_id": "%s", "bucket_name": "tutorials", "expiration_seconds": %d, "session_token": "%s"}
                """.formatted(TestServers.SAMPLE_ASSET, expirySeconds, UUID.randomUUID()));
    }

    @Test
    void signedUrlDownloadsTheExactObject() throws Exception {
        JsonNode signed = signSample(300);
        String url = signed.get("signed_url").asText();

        assertThat(url)
                .contains(
                        "X-Amz-Algorithm=AWS4-HMAC-SHA256",
                        "X-Amz-Credential=",
                        "X-Amz-Signature=",
                        "X-Amz-Expires=300");
        HttpResponse<byte[]> download = fetch(url);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Files.readAllBytes(TestServers.SAMPLE_FILE));
        Instant expiresAt = Instant.parse(signed.get("expires_at").asText());
        // Signed at the start of its 60 s signing window (SigningWindow): at least 80 % of it left.
        assertThat(Duration.between(Instant.now(), expiresAt))
                .isBetween(Duration.ofSeconds(239), Duration.ofSeconds(301));
    }

    @Test
    void defaultLifetimeIs300Seconds() throws Exception {
        JsonNode signed = sign("""
                {"asset_id": "%s", "session_token": "s-%s"}""".formatted(TestServers.SAMPLE_ASSET, UUID.randomUUID()));
        assertThat(signed.get("signed_url").asText()).contains("X-Amz-Expires=300");
        assertThat(signed.get("bucket_name").asText()).isEqualTo("tutorials");
    }

    @Test
    void urlWorksFromAnotherDeviceBecauseItIsNotBoundToIpOrUserAgent() throws Exception {
        String url = signSample(300).get("signed_url").asText();
        assertThat(fetch(url, "User-Agent", "Mozilla/5.0 (iPhone)").statusCode())
                .isEqualTo(200);
        assertThat(fetch(url, "User-Agent", "Mozilla/5.0 (Windows NT 10.0)", "X-Forwarded-For", "203.0.113.9")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void oneChangedSignatureCharacterIsRefused() throws Exception {
        String url = signSample(300).get("signed_url").asText();
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(at) == 'a' ? 'b' : 'a';
        String tampered = url.substring(0, at) + flipped + url.substring(at + 1);

        assertThat(fetch(tampered).statusCode()).isEqualTo(403);
    }

    @Test
    void stretchedExpiryIsRefused() throws Exception {
        String url = signSample(60).get("signed_url").asText();
        assertThat(fetch(url.replace("X-Amz-Expires=60", "X-Amz-Expires=604800"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void urlCarriesASignedTagOfTheSessionThatCannotBeSwapped() throws Exception {
        String url = signSample(300).get("signed_url").asText();
        assertThat(url).contains(MediaSigner.SESSION_PARAMETER + "=");
        String swapped = url.replaceAll(
                MediaSigner.SESSION_PARAMETER + "=[0-9a-f]+",
                MediaSigner.SESSION_PARAMETER + "=" + MediaSigner.sessionTag("someone-else"));
        String dropped = url.replaceAll("&?" + MediaSigner.SESSION_PARAMETER + "=[0-9a-f]+", "");

        assertThat(fetch(url).statusCode()).isEqualTo(200);
        assertThat(fetch(swapped).statusCode()).isEqualTo(403);
        assertThat(fetch(dropped).statusCode()).isEqualTo(403);
    }

    @Test
    void objectWithoutSignatureIsRefused() throws Exception {
        String url = signSample(300).get("signed_url").asText();
        String bare = url.substring(0, url.indexOf('?'));
        assertThat(fetch(bare).statusCode()).isEqualTo(403);
    }

    @Test
    void expiredUrlIsRefused() throws Exception {
        // Three seconds, not one or two: X-Amz-Date has whole seconds, so up to one is gone when signed.
        String url = signSample(3).get("signed_url").asText();
        assertThat(fetch(url).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> fetch(url).statusCode() == 403);
    }

    @Test
    void rangeRequestSeeksIntoTheVideo() throws Exception {
        String url = signSample(300).get("signed_url").asText();
        byte[] whole = Files.readAllBytes(TestServers.SAMPLE_FILE);

        HttpResponse<byte[]> part = fetch(url, "Range", "bytes=1000-1999");

        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + whole.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(whole, 1000, 2000));
    }

    @Test
    void responseNeverEchoesTheCallersCredentials() throws Exception {
        HttpResponse<String> response =
                postJson("/api/v1/media/sign-video-url", """
                {"asset_id": "%s", "session_token": "echo-check"}""".formatted(TestServers.SAMPLE_ASSET), API_KEY);

        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        assertThat(response.body()).doesNotContain(API_KEY);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void signedUrlPointsAtTheConfiguredStore() throws Exception {
        URI url = URI.create(signSample(300).get("signed_url").asText());
        assertThat("http://" + url.getHost() + ":" + url.getPort()).isEqualTo(TestServers.s3Endpoint());
        assertThat(url.getPath()).isEqualTo("/tutorials/" + TestServers.SAMPLE_ASSET);
    }
}
