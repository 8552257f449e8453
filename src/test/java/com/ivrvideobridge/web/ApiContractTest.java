package com.ivrvideobridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.sms.OpenMessagingSignature;
import com.ivrvideobridge.sms.TwilioSignature;
import com.ivrvideobridge.testbed.ApiContractCheck;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.PageEvents;
import com.ivrvideobridge.testbed.TestServers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP endpoint, called live, agrees with the contract the service serves
 * (docs/openapi.yaml): valid calls in both directions, refusals by their answers (status, content
 * type, the Error body). A field added, renamed or retyped on either side fails here.
 */
class ApiContractTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK = "Basic " + base64("architect:webhook-secret");
    private static final String BEARER = "Bearer " + API_KEY;
    private static final String TWILIO_TOKEN = "twilio-test-token";
    private static final String OPEN_MESSAGING_SECRET = "open-messaging-test-secret";

    private final ApiContractCheck contract = ApiContractCheck.ofDocument();

    private String handoffId;

    @BeforeEach
    void aCallerWasOffered() throws Exception {
        GenesysStubs.allSucceed();
        HttpResponse<String> offer = exchange(post(
                "/api/v1/handoffs",
                WEBHOOK,
                ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web")));
        assertThat(offer.statusCode()).as(offer.body()).isEqualTo(200);
        handoffId = JSON.readTree(offer.body()).path("handoffId").asText();
    }

    @Test
    void theServiceServesTheDocumentItIsCheckedAgainstWithTheApiKey() throws Exception {
        HttpResponse<String> served = exchange(get("/api/v1/openapi.yaml", BEARER));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(Files.readString(ApiContractCheck.DOCUMENT));

        assertThat(refused(get("/api/v1/openapi.yaml", null)).statusCode()).isEqualTo(401);
        assertThat(refused(get("/api/v1/openapi.yaml", "Bearer wrong-key")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theWebhookAnswersAndRefusesAsDocumented() throws Exception {
        assertThat(refused(post("/api/v1/handoffs", WEBHOOK, "{\"conversationId\": \"conv-1\"}"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(refused(post("/api/v1/handoffs", WEBHOOK, "{\"conversationId\": "))
                        .statusCode())
                .isEqualTo(400);
        assertThat(refused(post(
                                "/api/v1/handoffs",
                                WEBHOOK,
                                "{\"conversationId\": \"conv-1\", \"assetId\": \"missing/nothing.mp4\"}"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(refused(post(
                                "/api/v1/handoffs",
                                "Basic " + base64("architect:wrong"),
                                "{\"conversationId\": \"conv-1\", \"assetId\": \"welcome/welcome.mp4\"}"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(refused(request("/api/v1/handoffs", WEBHOOK)
                                .header("Content-Type", "text/xml")
                                .POST(HttpRequest.BodyPublishers.ofString("<call/>"))
                                .build())
                        .statusCode())
                .isEqualTo(415);
    }

    @Test
    void theDecisionTheStatusAndTheEventsAnswerAsDocumented() throws Exception {
        assertThat(exchange(get("/api/v1/handoffs/" + handoffId + "/decision", WEBHOOK))
                        .statusCode())
                .isEqualTo(200);
        assertThat(refused(get("/api/v1/handoffs/unknown-id/decision", WEBHOOK)).statusCode())
                .isEqualTo(404);
        assertThat(refused(get("/api/v1/handoffs/" + handoffId + "/decision", null))
                        .statusCode())
                .isEqualTo(401);

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        JSON.readTree(getJson("/api/v1/handoffs/" + handoffId).body())
                                        .path("history")
                                        .size()
                                > 1);
        assertThat(exchange(get("/api/v1/handoffs/" + handoffId, BEARER)).statusCode())
                .isEqualTo(200);
        assertThat(refused(get("/api/v1/handoffs/unknown-id", BEARER)).statusCode())
                .isEqualTo(404);
        assertThat(exchange(get("/api/v1/handoffs/" + handoffId + "/events", BEARER))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theLandingPagesCallsAnswerAsDocumented() throws Exception {
        String token = linkToken(handoffId);
        assertThat(exchange(get("/w/" + token, null)).statusCode()).isEqualTo(200);
        assertThat(refused(get("/w/not-a-real-token", null)).statusCode()).isEqualTo(404);

        HttpResponse<String> handshake = exchange(
                request("/w/" + token + "/session", null)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", PHONE_BROWSER)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                "{}");
        assertThat(handshake.statusCode()).as(handshake.body()).isEqualTo(200);
        JsonNode session = JSON.readTree(handshake.body());
        String sessionId = session.path("sessionId").asText();

        assertThat(exchange(get("/w/" + token + "/media?s=" + sessionId, null)).statusCode())
                .isEqualTo(200);
        assertThat(refused(get("/w/" + token + "/media?s=someone-else", null)).statusCode())
                .isEqualTo(403);
        URI playlist = URI.create(session.path("media").path("hls").asText());
        assertThat(exchange(get(playlist.getRawPath() + "?" + playlist.getRawQuery(), null))
                        .statusCode())
                .isEqualTo(200);

        String batch = PageEvents.batch(
                sessionId,
                session.path("sessionKey").asText(),
                PageEvents.event("START_CLICKED", "[]"),
                PageEvents.event("STARTED", "[[0, 0.2]]"));
        assertThat(exchange(post("/w/" + token + "/events", null, batch)).statusCode())
                .isEqualTo(200);
        assertThat(refused(post(
                                "/w/" + token + "/events",
                                null,
                                PageEvents.batch(
                                        sessionId, session.path("sessionKey").asText())))
                        .statusCode())
                .isEqualTo(400);
        assertThat(refused(post(
                                "/w/" + token + "/events",
                                null,
                                PageEvents.batch(sessionId, "forged-key", PageEvents.event("PAUSED", "[[0, 1]]"))))
                        .statusCode())
                .isEqualTo(403);
        assertThat(exchange(get("/api/v1/handoffs/" + handoffId + "/events", BEARER))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theSignEndpointAnswersAndRefusesAsDocumented() throws Exception {
        String sign = "{\"asset_id\": \"%s\", \"expiration_seconds\": %d, \"session_token\": \"contract-test\"%s}";
        assertThat(exchange(post(
                                "/api/v1/media/sign-video-url",
                                BEARER,
                                sign.formatted(TestServers.SAMPLE_ASSET, 300, "")))
                        .statusCode())
                .isEqualTo(200);
        assertThat(refused(post(
                                "/api/v1/media/sign-video-url",
                                BEARER,
                                sign.formatted(TestServers.SAMPLE_ASSET, 90_000, "")))
                        .statusCode())
                .isEqualTo(400);
        assertThat(refused(post(
                                "/api/v1/media/sign-video-url",
                                BEARER,
                                sign.formatted(TestServers.SAMPLE_ASSET, 300, ", \"bucket_name\": \"elsewhere\"")))
                        .statusCode())
                .isEqualTo(403);
        assertThat(refused(post(
                                "/api/v1/media/sign-video-url",
                                null,
                                sign.formatted(TestServers.SAMPLE_ASSET, 300, "")))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theReceiptsAnswerAndRefuseAsDocumented() throws Exception {
        Map<String, String> form = new TreeMap<>(Map.of(
                "MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""), "MessageStatus", "delivered"));
        String formBody = "MessageSid=" + form.get("MessageSid") + "&MessageStatus=delivered";
        String signature = TwilioSignature.compute(TWILIO_TOKEN, "https://video.example.test/api/v1/sms/status", form);
        assertThat(exchange(
                                request("/api/v1/sms/status", null)
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .header("X-Twilio-Signature", signature)
                                        .POST(HttpRequest.BodyPublishers.ofString(formBody))
                                        .build(),
                                formBody)
                        .statusCode())
                .isEqualTo(200);
        assertThat(refused(request("/api/v1/sms/status", null)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("X-Twilio-Signature", "forged")
                                .POST(HttpRequest.BodyPublishers.ofString(formBody))
                                .build())
                        .statusCode())
                .isEqualTo(403);

        String receipt =
                "{\"id\": \"%s\", \"type\": \"Receipt\", \"status\": \"Delivered\", \"direction\": \"Outbound\"}"
                        .formatted(UUID.randomUUID());
        String hub = OpenMessagingSignature.compute(OPEN_MESSAGING_SECRET, receipt.getBytes(StandardCharsets.UTF_8));
        assertThat(exchange(
                                request("/api/v1/messaging/receipts", null)
                                        .header("Content-Type", "application/json")
                                        .header(OpenMessagingSignature.HEADER, hub)
                                        .POST(HttpRequest.BodyPublishers.ofString(receipt))
                                        .build(),
                                receipt)
                        .statusCode())
                .isEqualTo(200);
        assertThat(refused(request("/api/v1/messaging/receipts", null)
                                .header("Content-Type", "application/json")
                                .header(OpenMessagingSignature.HEADER, "sha256=forged")
                                .POST(HttpRequest.BodyPublishers.ofString(receipt))
                                .build())
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theReportsReplayAndPingAnswerAsDocumented() throws Exception {
        assertThat(exchange(get("/api/v1/reports/funnel", BEARER)).statusCode()).isEqualTo(200);
        HttpResponse<String> lines = exchange(get("/api/v1/reports/funnel?format=jsonl", BEARER));
        assertThat(lines.statusCode()).isEqualTo(200);
        assertThat(lines.body()).contains(handoffId);
        assertThat(refused(get("/api/v1/reports/funnel?format=xml", BEARER)).statusCode())
                .isEqualTo(400);
        assertThat(exchange(get("/dashboard/funnel", "Basic " + base64("analyst:" + API_KEY)))
                        .statusCode())
                .isEqualTo(200);

        assertThat(exchange(
                                request("/api/v1/dead-letters/replay?max=10", BEARER)
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(refused(request("/api/v1/dead-letters/replay?max=none", BEARER)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode())
                .isEqualTo(400);

        assertThat(exchange(get("/api/v1/ping", BEARER)).statusCode()).isEqualTo(200);
        assertThat(refused(get("/api/v1/ping", null)).statusCode()).isEqualTo(401);
    }

    /** A call meant to be valid: request and answer are both checked. */
    private HttpResponse<String> exchange(HttpRequest request, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        contract.exchange(request, body, response);
        return response;
    }

    private HttpResponse<String> exchange(Call call) throws Exception {
        return exchange(call.request(), call.body());
    }

    private HttpResponse<String> exchange(HttpRequest request) throws Exception {
        return exchange(request, null);
    }

    /** A call the service must refuse: its answer is checked. */
    private HttpResponse<String> refused(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        contract.answer(request, response);
        return response;
    }

    private HttpResponse<String> refused(Call call) throws Exception {
        return refused(call.request());
    }

    private record Call(HttpRequest request, String body) {}

    private Call post(String path, String authorization, String body) {
        return new Call(
                request(path, authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                body);
    }

    private HttpRequest get(String path, String authorization) {
        return request(path, authorization).GET().build();
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
