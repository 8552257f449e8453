package com.ivrvideobridge.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.media.MediaSigner;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * HLS through the service: playlists rewritten per session so that every segment is its own
 * presigned URL, checked against the S3-compatible server (which verifies SigV4 and expiry).
 */
class PlaylistSigningTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("src/main/resources/samples");

    @Autowired
    private MediaSigner signer;

    @Autowired
    private S3Client s3;

    private String token;
    private JsonNode session;

    @BeforeEach
    void openedLink() throws Exception {
        GenesysStubs.allSucceed();
        String handoffId = offerToAPhoneBrowser();
        token = linkToken(handoffId);
        session = JSON.readTree(handshake(token, PHONE_BROWSER).body());
    }

    @Test
    void everySegmentOfEveryRenditionIsPresignedAndFetchable() throws Exception {
        String master = get(session.path("media").path("hls").asText()).body();
        List<String> variants = uris(master);
        assertThat(variants).hasSize(3).allMatch(u -> u.startsWith("/w/" + token + "/playlist.m3u8?s="));
        // The handshake names the variant a player starts on (the lowest, listed first), for the page to fetch early.
        assertThat(session.path("media").path("hlsStart").asText())
                .endsWith("p=welcome%2Fhls%2Flow%2Findex.m3u8")
                .isIn(variants);
        assertThat(master)
                .contains("RESOLUTION=320x180")
                .contains("RESOLUTION=640x360")
                .contains("TYPE=SUBTITLES");

        int segments = 0;
        for (String variant : variants) {
            HttpResponse<String> playlist = get(variant);
            assertThat(playlist.statusCode()).isEqualTo(200);
            assertThat(playlist.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).contains("mpegurl"));
            // Kept by this browser only, a tenth of the segments' 300 s life; and never "Vary: Accept-Encoding"
            // (not compressed): a browser's own player asks with another Accept-Encoding than the page did.
            assertThat(playlist.headers().allValues("Cache-Control")).containsExactly("private, max-age=30");
            assertThat(playlist.headers().firstValue("Vary")).isEmpty();
            for (String segment : uris(playlist.body())) {
                assertThat(segment)
                        .startsWith(TestServers.s3Endpoint() + "/tutorials/welcome/")
                        .contains("X-Amz-Signature=")
                        .contains("X-Amz-Expires=");
                HttpResponse<byte[]> fetched = fetch(segment);
                assertThat(fetched.statusCode()).isEqualTo(200);
                String key =
                        segment.substring((TestServers.s3Endpoint() + "/tutorials/").length(), segment.indexOf('?'));
                assertThat(fetched.body()).isEqualTo(Files.readAllBytes(SAMPLES.resolve(key)));
                segments++;
            }
        }
        assertThat(segments).isEqualTo(9); // 4 + 4 video segments (1 s, 2 s, 2 s, 1 s), 1 captions file
    }

    @Test
    void aSegmentUrlWithAnAlteredSignatureIsRefused() throws Exception {
        String segment = firstSegment();
        String signature = segment.replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
        String altered = segment.replace(signature, (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1));
        assertThat(fetch(altered).statusCode()).isEqualTo(403);
        // ...and so is the same segment for another session (the signed session tag changed).
        assertThat(fetch(segment.replaceAll("x-bridge-session=[0-9a-f]+", "x-bridge-session=00000000000000000000"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aSegmentUrlPastItsLifeIsRefused() throws Exception {
        String segment = firstSegment();
        String key = segment.substring((TestServers.s3Endpoint() + "/tutorials/").length(), segment.indexOf('?'));
        // The same signing as the playlist's, with a three-second life, then waited out. (Not one
        // second: X-Amz-Date has whole seconds, so up to a second of the life is gone when signed.)
        String shortLived = signer.presign("tutorials", key, 3, token).url();
        assertThat(fetch(shortLived).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> fetch(shortLived).statusCode() == 403);
    }

    @Test
    void theObjectsAreNotPublic() throws Exception {
        String segment = firstSegment();
        assertThat(fetch(segment.substring(0, segment.indexOf('?'))).statusCode())
                .isEqualTo(403);
    }

    @Test
    void playlistsOnlyForThisLinksSessionAndTutorial() throws Exception {
        String sessionId = session.path("sessionId").asText();
        HttpResponse<String> refused =
                get("/w/" + token + "/playlist.m3u8?s=" + UUID.randomUUID() + "&p=welcome%2Fwelcome.m3u8");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().allValues("Cache-Control"))
                .as("an error is never kept")
                .containsExactly("no-store");
        assertThat(get("/w/" + token + "/playlist.m3u8?p=welcome%2Fwelcome.m3u8")
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/w/" + token + "/playlist.m3u8?s=" + sessionId + "&p=" + enc("welcome/welcome.mp4"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("/w/" + token + "/playlist.m3u8?s=" + sessionId + "&p=" + enc("welcome/../other/x.m3u8"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("/w/" + token + "/playlist.m3u8?s=" + sessionId + "&p=" + enc("other/x.m3u8"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/w/" + token + "/playlist.m3u8?s=" + sessionId + "&p=" + enc("welcome/missing.m3u8"))
                        .statusCode())
                .isEqualTo(404);
        // Another link's session does not open this link's playlists.
        String otherToken = linkToken(offerToAPhoneBrowser());
        assertThat(get("/w/" + otherToken + "/playlist.m3u8?s=" + sessionId + "&p=welcome%2Fwelcome.m3u8")
                        .statusCode())
                .isEqualTo(403);
    }

    /**
     * A tutorial at the bucket's root ({@code intro.mp4}) reaches the folder named after it and its
     * own companions, not {@code intro-internal/} (same prefix, another folder), and its playlists
     * cannot point the player anywhere else in the bucket.
     */
    @Test
    void aRootLevelTutorialReachesNothingOutsideItsOwnScope() throws Exception {
        byte[] mp4 = Files.readAllBytes(TestServers.SAMPLE_FILE);
        put("intro.mp4", mp4);
        put("intro-internal/secret.m3u8", "#EXTM3U\n#EXTINF:2.0,\nsecret.ts\n".getBytes(StandardCharsets.UTF_8));
        put("intro-internal/secret.ts", mp4);
        put("intro/low.m3u8", "#EXTM3U\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n".getBytes(StandardCharsets.UTF_8));
        put("intro.m3u8", """
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=100000
                intro/low.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=200000
                /intro-internal/secret.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=300000
                intro-internal/secret.m3u8
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="s",NAME="x",URI="../intro-internal/secret.ts"
                """.getBytes(StandardCharsets.UTF_8));
        String handoffId = JSON.readTree(
                        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web")
                                        .replace(TestServers.SAMPLE_ASSET, "intro.mp4"))
                                .body())
                .path("handoffId")
                .asText();
        String introToken = linkToken(handoffId);
        JsonNode introSession =
                JSON.readTree(handshake(introToken, PHONE_BROWSER).body());
        String playlist = "/w/" + introToken + "/playlist.m3u8?s="
                + introSession.path("sessionId").asText() + "&p=";

        assertThat(get(playlist + enc("intro-internal/secret.m3u8")).statusCode())
                .isEqualTo(404);
        HttpResponse<String> master = get(introSession.path("media").path("hls").asText());
        assertThat(master.statusCode()).as(master.body()).isEqualTo(200);
        assertThat(master.body())
                .doesNotContain("intro-internal")
                .doesNotContain("BANDWIDTH=200000")
                .doesNotContain("BANDWIDTH=300000")
                .doesNotContain("SUBTITLES");
        assertThat(uris(master.body())).containsExactly(playlist + enc("intro/low.m3u8"));
        assertThat(uris(get(playlist + enc("intro/low.m3u8")).body()))
                .singleElement()
                .satisfies(segment ->
                        assertThat(segment).startsWith(TestServers.s3Endpoint() + "/tutorials/intro/seg0.ts?"));
    }

    private void put(String key, byte[] content) {
        s3.putObject(b -> b.bucket("tutorials").key(key), RequestBody.fromBytes(content));
    }

    @Test
    void freshUrlsOnlyForThisLinksSession() throws Exception {
        HttpResponse<String> fresh =
                get("/w/" + token + "/media?s=" + session.path("sessionId").asText());
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body())
                .contains("\"mp4\":\"" + TestServers.s3Endpoint())
                .contains("\"hls\":\"/w/" + token + "/playlist.m3u8?s=");
        assertThat(get("/w/" + token + "/media?s=" + UUID.randomUUID()).statusCode())
                .isEqualTo(403);
        assertThat(get("/w/" + token + "/media").statusCode()).isEqualTo(403);
        assertThat(get("/w/AAAAAAAAAAAAAAAAAAAAAA/media?s="
                                + session.path("sessionId").asText())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theMp4FallbackServesByteRanges() throws Exception {
        HttpResponse<byte[]> range = fetch(session.path("media").path("mp4").asText(), "Range", "bytes=0-99");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).hasSize(100);
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        fetch(session.path("media").path("captions").asText()).statusCode() == 200);
    }

    private String firstSegment() throws Exception {
        String master = get(session.path("media").path("hls").asText()).body();
        String low =
                uris(master).stream().filter(u -> u.contains("low")).findFirst().orElseThrow();
        return uris(get(low).body()).get(0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                java.net.http.HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every URI in a playlist: its non-comment lines and URI="..." attributes. */
    private static List<String> uris(String playlist) {
        return Arrays.stream(playlist.split("\n"))
                .map(line -> line.contains("URI=\"") ? line.replaceAll(".*URI=\"([^\"]+)\".*", "$1") : line)
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
