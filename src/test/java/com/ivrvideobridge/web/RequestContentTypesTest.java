package com.ivrvideobridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.sms.OpenMessagingSignature;
import com.ivrvideobridge.sms.TwilioSignature;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.PageEvents;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every POST endpoint reads only the body type it documents, in UTF-8: anything else (another
 * type, a bogus charset, a wildcard, a multipart or form body where JSON is expected) is 415 with a
 * JSON body naming Content-Type, a malformed body a 4xx, never a 500.
 */
class RequestContentTypesTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Twilio signs the public URL (testbed.properties). */
    private static final String TWILIO_URL = "https://video.example.test/api/v1/sms/status";

    /** Refused by every endpoint that reads JSON (the landing page's ones included). */
    private static final List<String> NOT_JSON = List.of(
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=bogus",
            "multipart/form-data",
            "multipart/form-data; boundary=xyz",
            "*/*",
            "application/*",
            ";;;",
            "application/json; charset=bogus",
            "application/json; charset=\"",
            "application/json; charset=UTF-16",
            "text/plain; charset=bogus",
            "text/plain; charset=x-user-defined",
            "application/xml",
            "application/x-java-serialized-object");

    private String token;
    private String events;

    @BeforeEach
    void openedLink() throws Exception {
        GenesysStubs.allSucceed();
        token = linkToken(offerToAPhoneBrowser());
        JsonNode session = JSON.readTree(handshake(token, PHONE_BROWSER).body());
        events = PageEvents.batch(
                session.path("sessionId").asText(),
                session.path("sessionKey").asText(),
                PageEvents.event("PAUSED", "[[0, 0.2]]"));
    }

    @Test
    void theApiTakesJsonInUtf8Only() throws Exception {
        String sign = "{\"asset_id\": \"" + TestServers.SAMPLE_ASSET + "\", \"session_token\": \"s1\"}";
        String receipt = "{\"id\":\"x\",\"type\":\"Receipt\",\"status\":\"Delivered\"}";
        String receiptSignature =
                OpenMessagingSignature.compute("open-messaging-test-secret", receipt.getBytes(StandardCharsets.UTF_8));
        SoftAssertions softly = new SoftAssertions();
        for (String type :
                Stream.concat(NOT_JSON.stream(), Stream.of("text/plain")).toList()) {
            assertRefused(
                    softly,
                    type,
                    post("/api/v1/media/sign-video-url", type, sign, "Authorization", "Bearer " + API_KEY));
            assertRefused(softly, type, post("/api/v1/handoffs", type, call(), "Authorization", architect()));
            assertRefused(
                    softly,
                    type,
                    post("/api/v1/messaging/receipts", type, receipt, OpenMessagingSignature.HEADER, receiptSignature));
            assertRefused(
                    softly,
                    type,
                    post("/api/v1/dead-letters/replay?max=1", type, "{}", "Authorization", "Bearer " + API_KEY));
        }
        for (String type :
                List.of("application/json", "application/json; charset=UTF-8", "application/json;charset=utf-8")) {
            assertAnswered(
                    softly,
                    type,
                    post("/api/v1/media/sign-video-url", type, sign, "Authorization", "Bearer " + API_KEY),
                    200);
            assertAnswered(softly, type, post("/api/v1/handoffs", type, call(), "Authorization", architect()), 200);
            assertAnswered(
                    softly,
                    type,
                    post("/api/v1/messaging/receipts", type, receipt, OpenMessagingSignature.HEADER, receiptSignature),
                    200);
        }
        softly.assertAll();
    }

    @Test
    void theLandingPageTakesJsonOrPlainTextInUtf8Only() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String type : NOT_JSON) {
            assertRefused(softly, type, post("/w/" + token + "/events", type, events));
            assertRefused(softly, type, post("/w/" + token + "/session", type, "{}"));
        }
        // What the page sends: fetch with JSON, sendBeacon with a text/plain Blob.
        for (String type : List.of("application/json", "text/plain", "text/plain;charset=UTF-8")) {
            assertAnswered(softly, type, post("/w/" + token + "/events", type, events), 200);
            assertAnswered(softly, type, post("/w/" + token + "/session", type, "{}"), 200);
        }
        softly.assertAll();
    }

    @Test
    void gatewayReceiptsAreFormsInUtf8Only() throws Exception {
        Map<String, String> form = Map.of("MessageSid", "SMx", "MessageStatus", "delivered");
        String signature = TwilioSignature.compute("twilio-test-token", TWILIO_URL, form);
        SoftAssertions softly = new SoftAssertions();
        for (String type : List.of(
                "application/json",
                "text/plain",
                "multipart/form-data",
                "multipart/form-data; boundary=xyz",
                "*/*",
                "application/x-www-form-urlencoded; charset=bogus",
                "application/x-www-form-urlencoded; charset=UTF-16")) {
            assertRefused(
                    softly,
                    type,
                    post(
                            "/api/v1/sms/status",
                            type,
                            "MessageSid=SMx&MessageStatus=delivered",
                            "X-Twilio-Signature",
                            signature));
        }
        for (String type :
                List.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8")) {
            assertAnswered(
                    softly,
                    type,
                    post(
                            "/api/v1/sms/status",
                            type,
                            "MessageSid=SMx&MessageStatus=delivered",
                            "X-Twilio-Signature",
                            signature),
                    200);
        }
        softly.assertAll();
    }

    /** Bodies camel-http could not read as a form (a part without '=', a bad %-escape), or with a field twice. */
    @Test
    void aMalformedFormIs400() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (String body : List.of(
                "MessageSid=SMx&&MessageStatus=delivered",
                "garbage",
                "MessageSid=%zz&MessageStatus=delivered",
                "MessageSid=SMx&MessageStatus=delivered&MessageStatus=failed",
                "&MessageSid=SMx")) {
            HttpResponse<String> response = post(
                    "/api/v1/sms/status",
                    "application/x-www-form-urlencoded",
                    body,
                    "X-Twilio-Signature",
                    TwilioSignature.compute("twilio-test-token", TWILIO_URL, Map.of("MessageSid", "SMx")));
            softly.assertThat(response.statusCode())
                    .as(body + " " + response.body())
                    .isEqualTo(400);
            softly.assertThat(response.body()).as(body).contains("\"error\":\"malformed_form\"");
        }
        softly.assertAll();
    }

    @Test
    void bytesThatAreNotUtf8Json() throws Exception {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x7b, 0x00, (byte) 0xc3, 0x28};
        SoftAssertions softly = new SoftAssertions();
        for (String path : List.of("/w/" + token + "/events", "/api/v1/media/sign-video-url", "/api/v1/handoffs")) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(url(path))
                            .header("Content-Type", "application/json")
                            .header("Authorization", path.endsWith("handoffs") ? architect() : "Bearer " + API_KEY)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(garbage))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            softly.assertThat(response.statusCode())
                    .as(path + " " + response.body())
                    .isEqualTo(400);
        }
        softly.assertAll();
    }

    /** Spring's multipart parsing is off: a GET declaring a multipart body is served like any GET. */
    @Test
    void aMultipartContentTypeOnAGetChangesNothing() throws Exception {
        for (String path : List.of("/w/" + token, "/api/v1/ping", "/actuator/health")) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(url(path))
                            .header("Content-Type", "multipart/form-data")
                            .header("Authorization", "Bearer " + API_KEY)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        }
    }

    private static void assertRefused(SoftAssertions softly, String type, HttpResponse<String> response) {
        softly.assertThat(response.statusCode())
                .as(type + " " + response.uri() + " " + response.body())
                .isEqualTo(415);
        softly.assertThat(response.body())
                .as(type + " " + response.uri())
                .contains("\"error\":\"unsupported_media_type\"")
                .contains("\"field\":\"Content-Type\"");
    }

    private static void assertAnswered(SoftAssertions softly, String type, HttpResponse<String> response, int status) {
        softly.assertThat(response.statusCode())
                .as(type + " " + response.uri() + " " + response.body())
                .isEqualTo(status);
    }

    private static String call() {
        return ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web");
    }

    private static String architect() {
        return "Basic "
                + Base64.getEncoder().encodeToString("architect:webhook-secret".getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String type, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
