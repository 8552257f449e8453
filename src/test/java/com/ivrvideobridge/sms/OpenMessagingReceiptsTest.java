package com.ivrvideobridge.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Genesys Open Messaging receipts (POST /api/v1/messaging/receipts): signed with X-Hub-Signature-256,
 * normalised, idempotent, never backwards, a failure sending the caller to an agent at once.
 */
class OpenMessagingReceiptsTest extends DeliveryReceiptTest {

    private static final String PATH = "/api/v1/messaging/receipts";
    /** testbed.properties' bridge.sms.open-messaging.secret. */
    private static final String SECRET = "open-messaging-test-secret";

    /** Genesys message ids are UUIDs. */
    @Override
    protected String newMessageId() {
        return UUID.randomUUID().toString();
    }

    /** An outbound Receipt as the Open Messaging webhook posts it. */
    private static String receiptBody(String id, String status, String... reasonCodes) throws Exception {
        Map<String, Object> channel = Map.of(
                "id",
                "om-integration",
                "platform",
                "Open",
                "type",
                "Private",
                "to",
                Map.of("id", "+14155550100"),
                "from",
                Map.of("id", "video-bridge"),
                "time",
                "2026-11-25T10:00:00.000Z",
                "messageId",
                "provider-" + id);
        List<Map<String, String>> reasons = Arrays.stream(reasonCodes)
                .map(code -> Map.of("code", code, "message", "Genesys says: " + code))
                .toList();
        return JSON.writeValueAsString(Map.of(
                "id",
                id,
                "channel",
                channel,
                "type",
                "Receipt",
                "status",
                status,
                "reasons",
                reasons,
                "isFinalReceipt",
                true,
                "direction",
                "Outbound"));
    }

    private HttpResponse<String> post(String body, String signature, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        if (signature != null) {
            request.header(OpenMessagingSignature.HEADER, signature);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) {
        return OpenMessagingSignature.compute(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> signedReceipt(String status, String... reasonCodes) throws Exception {
        String body = receiptBody(messageId, status, reasonCodes);
        return post(body, sign(body));
    }

    private static String result(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("result").asText();
    }

    @Test
    void deliveredReceiptMarksTheHandoffDelivered() throws Exception {
        HttpResponse<String> response = signedReceipt("Delivered");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"result\":\"recorded\",\"status\":\"delivered\"}"));
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(status()).isEqualTo("DELIVERED");
        assertThat(history()).contains("open messaging delivered (receipt)");
    }

    @Test
    void failedReceiptSendsTheCallerToAnAgentAtOnceWithTheReason() throws Exception {
        HttpResponse<String> response = signedReceipt("Failed", "RecipientOptedOut");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("failed");

        // Not the 5-minute timeout of testbed.properties: the receipt itself escalates.
        await().atMost(Duration.ofSeconds(15)).until(() -> "ESCALATED".equals(status()));
        await().atMost(Duration.ofSeconds(15)).until(() -> !callbacks().isEmpty());
        assertThat(callbacks()).hasSize(1);
        JsonNode callback = JSON.readTree(callbacks().get(0).getBodyAsString());
        assertThat(callback.path("queueId").asText()).isEqualTo("queue-sms-failures");
        assertThat(callback.path("callbackNumbers").toString()).isEqualTo("[\"+14155550100\"]");
        assertThat(callback.path("data").path("video_note").asText())
                .isEqualTo(
                        "Video tutorial offered but not delivered (open messaging failed: recipient has opted out (RecipientOptedOut))");
        assertThat(callback.path("data").path("video_reason").asText()).isEqualTo("delivery_failed");
        assertThat(callback.path("data").path("video_delivery_status").asText()).isEqualTo("FAILED");
        assertThat(history()).contains("open messaging failed: recipient has opted out (RecipientOptedOut)");

        // Genesys retrying the same receipt makes no second callback.
        assertThat(result(signedReceipt("Failed", "RecipientOptedOut"))).isEqualTo("unchanged");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(callbacks()).hasSize(1));
    }

    @Test
    void aFailedReceiptAfterTheLinkWasOpenedIsOnlyNoted() throws Exception {
        openLink();
        assertThat(signedReceipt("Failed", "RecipientOptedOut").statusCode()).isEqualTo(200);
        assertOnlyNoted("open messaging failed: recipient has opted out (RecipientOptedOut)");
    }

    @Test
    void reasonCodesReadAsWords() throws Exception {
        assertThat(signedReceipt("Failed", "MessageExpired", "RateLimited").statusCode())
                .isEqualTo(200);
        assertThat(history())
                .contains("open messaging failed: message expired (MessageExpired); "
                        + "rate limited by the messaging platform (RateLimited)");
    }

    @Test
    void removedBeforeDeliveryCountsAsUndelivered() throws Exception {
        assertThat(signedReceipt("Removed").statusCode()).isEqualTo(200);
        assertThat(history()).contains("open messaging undelivered: no reason given");
        await().atMost(Duration.ofSeconds(15)).until(() -> callbacks().size() == 1);
    }

    @Test
    void duplicateDeliveredIsIdempotent() throws Exception {
        assertThat(result(signedReceipt("Delivered"))).isEqualTo("recorded");
        HttpResponse<String> duplicate = signedReceipt("Delivered");

        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(result(duplicate)).isEqualTo("unchanged");
        assertThat(status()).isEqualTo("DELIVERED");
        assertThat(history().split("open messaging delivered", -1)).hasSize(2);
    }

    @Test
    void anOlderStatusNeverOverwritesANewerOne() throws Exception {
        assertThat(result(signedReceipt("Delivered"))).isEqualTo("recorded");
        HttpResponse<String> late = signedReceipt("Sent");
        HttpResponse<String> published = signedReceipt("Published");
        HttpResponse<String> read = signedReceipt("Read");
        HttpResponse<String> contradicting = signedReceipt("Failed", "GeneralError");

        assertThat(List.of(late, published, read, contradicting)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(result(response)).isEqualTo("unchanged");
        });
        assertThat(status()).isEqualTo("DELIVERED");
        assertThat(callbacks()).isEmpty();
    }

    @Test
    void publishedThenReadMovesForward() throws Exception {
        HttpResponse<String> published = signedReceipt("Published");
        assertThat(JSON.readTree(published.body()).path("status").asText()).isEqualTo("sent");
        assertThat(status()).isEqualTo("SENT");
        assertThat(result(signedReceipt("Read"))).isEqualTo("recorded");
        assertThat(status()).isEqualTo("DELIVERED");
    }

    @Test
    void tamperedBodyIs403AndChangesNothing() throws Exception {
        String signed = receiptBody(messageId, "Delivered");
        String tampered = receiptBody(messageId, "Failed", "GeneralError");

        HttpResponse<String> response = post(tampered, sign(signed));

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error").asText()).isEqualTo("invalid_signature");
        assertThat(error.path("field").asText()).isEqualTo("X-Hub-Signature-256");
        assertNothingChanged();
    }

    @Test
    void missingSignatureIs403AndChangesNothing() throws Exception {
        HttpResponse<String> response = post(receiptBody(messageId, "Failed", "GeneralError"), null);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_signature");
        assertNothingChanged();
    }

    @Test
    void signatureWithAnotherSecretIs403AndChangesNothing() throws Exception {
        String body = receiptBody(messageId, "Failed", "GeneralError");
        String otherSecret = OpenMessagingSignature.compute("not-the-secret", body.getBytes(StandardCharsets.UTF_8));
        assertThat(post(body, otherSecret).statusCode()).isEqualTo(403);
        assertNothingChanged();
    }

    @Test
    void anApiKeyIsNoSubstituteForTheSignature() throws Exception {
        HttpResponse<String> response =
                post(receiptBody(messageId, "Delivered"), null, "Authorization", "Bearer " + API_KEY);
        assertThat(response.statusCode()).isEqualTo(403);
        assertNothingChanged();
    }

    @Test
    void unsignedBodyIsRefusedBeforeItsContentTypeIsLookedAt() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url(PATH))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
    }

    private void assertNothingChanged() throws Exception {
        assertThat(status()).isEqualTo("SENT");
        assertThat(redis.hasKey("bridge:receipt:" + messageId)).isFalse();
        assertThat(callbacks()).isEmpty();
    }

    @Test
    void malformedJsonWithAValidSignatureIs400() throws Exception {
        String body = "{\"id\": \"" + messageId + "\", \"type\": \"Receipt\", \"status\": ";
        HttpResponse<String> response = post(body, sign(body));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("malformed_json");
        assertNothingChanged();
    }

    @Test
    void unknownStatusIs400() throws Exception {
        HttpResponse<String> response = signedReceipt("Teleported");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo("status");
        assertNothingChanged();
    }

    @Test
    void receiptWithoutAnIdIs400() throws Exception {
        String body = "{\"type\": \"Receipt\", \"status\": \"Delivered\"}";
        HttpResponse<String> response = post(body, sign(body));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo("id");
    }

    /** 200, not 404: Genesys retries only 5xx and 429, and a receipt for a message we did not send (or forgot) is no error. */
    @Test
    void unknownMessageIdIsAnsweredAndChangesNothing() throws Exception {
        String unknown = UUID.randomUUID().toString();
        String body = receiptBody(unknown, "Failed", "GeneralError");

        HttpResponse<String> response = post(body, sign(body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(result(response)).isEqualTo("ignored");
        assertThat(redis.hasKey("bridge:receipt:" + unknown)).isFalse();
        assertNothingChanged();
    }

    @Test
    void otherMessageTypesAreAnsweredAndIgnored() throws Exception {
        String body =
                "{\"id\": \"" + messageId + "\", \"type\": \"Text\", \"text\": \"Hello\", \"direction\": \"Outbound\"}";
        HttpResponse<String> response = post(body, sign(body));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(result(response)).isEqualTo("ignored");
        assertNothingChanged();
    }

    @Test
    void inboundHeadersAreNotEchoed() throws Exception {
        String body = receiptBody(messageId, "Delivered");
        HttpResponse<String> signed = post(body, sign(body), "Cookie", "session=secret", "X-Trace", "abc");

        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.headers().map().keySet())
                .noneMatch(name -> name.equalsIgnoreCase("Cookie")
                        || name.equalsIgnoreCase("X-Trace")
                        || name.equalsIgnoreCase(OpenMessagingSignature.HEADER));
    }
}
