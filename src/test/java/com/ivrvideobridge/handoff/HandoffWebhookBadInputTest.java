package com.ivrvideobridge.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The webhook refuses bad calls at the door: 4xx, a JSON body naming the field, never a 5xx, nothing stored. */
class HandoffWebhookBadInputTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSET = TestServers.SAMPLE_ASSET;

    private static String call(String conversationId, String phone, String device, String asset) {
        return """
                {"conversationId": "%s", "participantId": "part-1", "phoneNumber": %s, "deviceType": "%s",
                 "hasVideoCapability": false, "assetId": "%s"}""".formatted(conversationId, phone, device, asset);
    }

    static Stream<Arguments> badCalls() {
        return Stream.of(
                Arguments.of(
                        "missing conversationId",
                        "{\"participantId\": \"p\", \"assetId\": \"" + ASSET + "\"}",
                        400,
                        "conversationId"),
                Arguments.of(
                        "phone number as a sip URI",
                        "{\"conversationId\": \"c\", \"assetId\": \"" + ASSET
                                + "\", \"phoneNumber\": \"sip:+14155550100@example.com\"}",
                        400,
                        "phoneNumber"),
                Arguments.of(
                        "missing assetId", "{\"conversationId\": \"c\", \"participantId\": \"p\"}", 400, "assetId"),
                Arguments.of(
                        "phone without plus", call("c1", "\"4155550100\"", "mobile_app", ASSET), 400, "phoneNumber"),
                Arguments.of(
                        "phone with letters", call("c2", "\"+1415CALLME\"", "mobile_app", ASSET), 400, "phoneNumber"),
                Arguments.of(
                        "phone too long", call("c3", "\"+1234567890123456\"", "mobile_app", ASSET), 400, "phoneNumber"),
                Arguments.of("phone as number", call("c4", "14155550100", "mobile_app", ASSET), 400, "phoneNumber"),
                Arguments.of(
                        "unknown device type",
                        call("c5", "\"+14155550100\"", "smart_fridge", ASSET),
                        400,
                        "deviceType"),
                Arguments.of(
                        "nested object",
                        "{\"conversationId\": {\"id\": \"c\"}, \"participantId\": \"p\", \"assetId\": \"" + ASSET
                                + "\"}",
                        400,
                        "conversationId"),
                Arguments.of(
                        "nested array",
                        "{\"conversationId\": \"c\", \"participantId\": \"p\", \"assetId\": \"" + ASSET
                                + "\", \"phoneNumber\": [\"+14155550100\"]}",
                        400,
                        "phoneNumber"),
                Arguments.of(
                        "video flag not boolean",
                        "{\"conversationId\": \"c\", \"participantId\": \"p\", \"assetId\": \"" + ASSET
                                + "\", \"hasVideoCapability\": \"yes\"}",
                        400,
                        "hasVideoCapability"),
                Arguments.of(
                        "half a messaging session",
                        "{\"conversationId\": \"c\", \"participantId\": \"p\", \"assetId\": \"" + ASSET
                                + "\", \"messagingConversationId\": \"m\"}",
                        400,
                        "messagingCommunicationId"),
                Arguments.of(
                        "bad locale",
                        "{\"conversationId\": \"c\", \"participantId\": \"p\", \"assetId\": \"" + ASSET
                                + "\", \"locale\": \"<script>\"}",
                        400,
                        "locale"),
                Arguments.of(
                        "traversal asset",
                        call("c6", "\"+14155550100\"", "mobile_app", "../secret.mp4"),
                        400,
                        "assetId"),
                Arguments.of(
                        "unknown asset",
                        call("c7", "\"+14155550100\"", "mobile_app", "welcome/missing.mp4"),
                        404,
                        "asset_id"),
                Arguments.of(
                        "bad conversation id",
                        call("c 8;drop", "\"+14155550100\"", "mobile_app", ASSET),
                        400,
                        "conversationId"),
                // Genesys ids go into outbound URL paths: no '.', '..', '/' or '%' in any profile.
                Arguments.of(
                        "conversation id '..'",
                        call("..", "\"+14155550100\"", "mobile_app", ASSET),
                        400,
                        "conversationId"),
                Arguments.of(
                        "conversation id '.'",
                        call(".", "\"+14155550100\"", "mobile_app", ASSET),
                        400,
                        "conversationId"),
                Arguments.of(
                        "participant id with a dot",
                        call("c9", "\"+14155550100\"", "mobile_app", ASSET).replace("part-1", "part.1"),
                        400,
                        "participantId"),
                Arguments.of(
                        "participant id with a slash",
                        call("c10", "\"+14155550100\"", "mobile_app", ASSET).replace("part-1", "part/../1"),
                        400,
                        "participantId"),
                Arguments.of(
                        "messaging id with a percent",
                        "{\"conversationId\": \"c11\", \"participantId\": \"p\", \"assetId\": \"" + ASSET
                                + "\", \"messagingConversationId\": \"m%2F..\", \"messagingCommunicationId\": \"comm-1\"}",
                        400,
                        "messagingConversationId"),
                Arguments.of(
                        "messaging id '..'",
                        "{\"conversationId\": \"c12\", \"participantId\": \"p\", \"assetId\": \"" + ASSET
                                + "\", \"messagingConversationId\": \"m\", \"messagingCommunicationId\": \"..\"}",
                        400,
                        "messagingCommunicationId"),
                Arguments.of("malformed JSON", "{\"conversationId\": ", 400, null),
                Arguments.of("array body", "[]", 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusedWithTheFieldNamed(String scenario, String body, int status, String field) throws Exception {
        HttpResponse<String> response = callWebhook(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(error.path("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        HttpResponse<String> response = callWebhook(call("big", "\"+14155550100\"", "mobile_app", ASSET)
                .replace("}", ", \"customerId\": \"" + "x".repeat(20_000) + "\"}"));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void wrongBasicCredentialsAre401() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/handoffs"))
                        .header("Content-Type", "application/json")
                        .header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString("architect:guess".getBytes()))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                call("auth", "\"+14155550100\"", "mobile_app", ASSET)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void anApiKeyIsNotAWebhookCredential() throws Exception {
        HttpResponse<String> response =
                postJson("/api/v1/handoffs", call("key", "\"+14155550100\"", "mobile_app", ASSET), API_KEY);
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void handoffStatusNeedsAnApiKeyAndKnowsUnknownIds() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/handoffs/nope")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = getJson("/api/v1/handoffs/00000000-0000-0000-0000-000000000000");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("handoff_not_found");
    }

    /** Handoff ids are UUIDs we mint: any other shape is 404 before Redis is asked (here: another key of that handoff). */
    @Test
    void handoffIdsOfAnotherShapeAreNotLookedUp() throws Exception {
        GenesysStubs.allSucceed();
        String handoffId = JSON.readTree(callWebhook(ArchitectCalls.smsCall(
                                java.util.UUID.randomUUID().toString(), "mobile_app"))
                        .body())
                .path("handoffId")
                .asText();
        for (String id : new String[] {handoffId + ":history", handoffId + ".", "x.y", handoffId.toUpperCase() + "0"}) {
            for (String path : new String[] {"/api/v1/handoffs/", "/api/v1/handoffs/%s/events"}) {
                HttpResponse<String> response = getJson(path.contains("%s") ? path.formatted(id) : path + id);
                assertThat(response.statusCode())
                        .as(path + id + " " + response.body())
                        .isEqualTo(404);
            }
        }
        assertThat(getJson("/api/v1/handoffs/" + handoffId).statusCode()).isEqualTo(200);
    }
}
