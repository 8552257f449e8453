package com.ivrvideobridge.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffProperties;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** What the landing link answers in each state: a clear page and the right status, never a stack trace. */
class LandingLinkStatesTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private HandoffProperties handoffProperties;

    @Autowired
    private StringRedisTemplate redis;

    private String handoffId;
    private String token;

    @BeforeEach
    void sentLink() throws Exception {
        GenesysStubs.allSucceed();
        handoffId = offerToAPhoneBrowser();
        token = linkToken(handoffId);
    }

    @Test
    void aLiveLinkShowsTheTutorialInTheCallersLanguage() throws Exception {
        String spanish = JSON.readTree(
                        callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web")
                                        .replace("\"assetId\"", "\"locale\": \"es-ES\", \"assetId\""))
                                .body())
                .path("handoffId")
                .asText();

        HttpResponse<byte[]> page = fetch(url("/w/" + linkToken(spanish)).toString(), "User-Agent", PHONE_BROWSER);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("script-src 'self'")
                        .contains("media-src 'self' blob: http://127.0.0.1:"));
        assertThat(html(page))
                .contains("lang=\"es-ES\"")
                .contains("Bienvenido: configure su router")
                .contains("Iniciar vídeo")
                .contains("data-state=\"ready\"");
    }

    @Test
    void unknownAndMalformedLinksGetANotFoundPage() throws Exception {
        for (String path : new String[] {"/w/AAAAAAAAAAAAAAAAAAAAAA", "/w/not-a-token", "/w/AAAAAAAAAAAAAAAAAAAAA!"}) {
            HttpResponse<byte[]> page = fetch(url(path).toString(), "User-Agent", PHONE_BROWSER);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(html(page))
                    .contains("This link is not valid")
                    .contains("data-state=\"not-found\"")
                    .doesNotContain("Exception")
                    .doesNotContain("<script>");
        }
    }

    @Test
    void anExpiredLinkSaysSoAndCannotBeOpened() throws Exception {
        // Only the link's expiry: its timeout-to-agent deadline (set when stored) would otherwise
        // race the fetch and revoke the link first. Once SENT: the worker's send may still be
        // under way and set it again (CI saw a revoked page here once).
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status()));
        redis.opsForZSet().remove("bridge:deadlines", handoffId);
        clock.advance(handoffProperties.getLinkTtl().plusSeconds(1));

        HttpResponse<byte[]> page = fetch(url("/w/" + token).toString(), "User-Agent", PHONE_BROWSER);
        HttpResponse<String> opened = handshake(token, PHONE_BROWSER);

        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(html(page)).contains("This link has expired").contains("data-state=\"expired\"");
        assertThat(opened.statusCode()).isEqualTo(410);
        assertThat(JSON.readTree(opened.body()).path("error").asText()).isEqualTo("link_expired");
        assertThat(status()).isNotEqualTo("OPENED");
    }

    @Test
    void aPreviewFetcherRunningTheScriptIsRecordedButNotCounted() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status()));
        HttpResponse<String> opened = handshake(token, "Mozilla/5.0 (compatible; Slackbot-LinkExpanding 1.0)");

        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(opened.body()).path("counted").asBoolean()).isFalse();
        assertThat(status()).isEqualTo("SENT");
        assertThat(redis.opsForZSet().score("bridge:deadlines", handoffId)).isNotNull();
    }

    @Test
    void aSecondDeviceOpensItsOwnSessionOfTheSameHandoff() throws Exception {
        JsonNode phone = JSON.readTree(handshake(token, PHONE_BROWSER).body());
        JsonNode desktop = JSON.readTree(handshake(
                        token,
                        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36")
                .body());

        assertThat(desktop.path("sessionId").asText())
                .isNotEqualTo(phone.path("sessionId").asText());
        assertThat(desktop.path("media").path("mp4").asText()).isNotBlank();
        assertThat(status()).isEqualTo("OPENED");
        long openedEvents = JSON
                .readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("history")
                .findValuesAsText("status")
                .stream()
                .filter("OPENED"::equals)
                .count();
        assertThat(openedEvents).isEqualTo(1);
    }

    private static String html(HttpResponse<byte[]> page) {
        return new String(page.body(), StandardCharsets.UTF_8);
    }

    private String status() throws Exception {
        return JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                .path("status")
                .asText();
    }
}
