package com.ivrvideobridge.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.ivrvideobridge.testbed.TestServers;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Delivery receipts: signed, normalised, idempotent, never backwards. */
class SmsStatusTest extends DeliveryReceiptTest {

    /** What Twilio signs: the public URL (testbed.properties' bridge.public-base-url), not 127.0.0.1. */
    private static final String PUBLIC_URL = "https://video.example.test/api/v1/sms/status";

    private static final String AUTH_TOKEN = "twilio-test-token";

    /** The gateway's message id, as Twilio would report it. */
    @Override
    protected String newMessageId() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private HttpResponse<String> receipt(Map<String, String> form, String signature) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/api/v1/sms/status"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signedReceipt(String status, String errorCode) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", messageId);
        form.put("MessageStatus", status);
        form.put("AccountSid", "AC-test");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return receipt(form, TwilioSignature.compute(AUTH_TOKEN, PUBLIC_URL, form));
    }

    @Test
    void deliveredReceiptMarksTheHandoffDelivered() throws Exception {
        HttpResponse<String> response = signedReceipt("delivered", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(status()).isEqualTo("DELIVERED");
    }

    @Test
    void undeliveredReceiptFailsTheHandoffWithAReadableReason() throws Exception {
        assertThat(signedReceipt("undelivered", "30003").statusCode()).isEqualTo(200);
        assertThat(status()).isIn("FAILED", "ESCALATED");
        assertThat(history()).contains("unreachable destination handset (error 30003)");
    }

    @Test
    void undeliveredSmsSendsTheCallerToAnAgentAtOnceWithTheReason() throws Exception {
        assertThat(signedReceipt("undelivered", "30003").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> "ESCALATED".equals(status()));
        await().atMost(Duration.ofSeconds(15)).until(() -> !callbacks().isEmpty());
        var callbacks = callbacks();
        assertThat(callbacks).hasSize(1);
        JsonNode callback = JSON.readTree(callbacks.get(0).getBodyAsString());
        assertThat(callback.path("queueId").asText()).isEqualTo("queue-sms-failures");
        assertThat(callback.path("callbackNumbers").toString()).isEqualTo("[\"+14155550100\"]");
        assertThat(callback.path("data").path("video_note").asText())
                .startsWith("Video tutorial offered but not delivered")
                .contains("unreachable destination handset");
        assertThat(callback.path("data").path("video_reason").asText()).isEqualTo("delivery_failed");
        assertThat(callback.path("data").path("video_delivery_status").asText()).isEqualTo("FAILED");
        assertThat(callback.path("data").path("video_asset_id").asText()).isEqualTo(TestServers.SAMPLE_ASSET);
        // A second failure receipt makes no second callback.
        signedReceipt("failed", "30003");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(callbacks()).hasSize(1));
    }

    @Test
    void failedReceiptFailsTheHandoff() throws Exception {
        assertThat(signedReceipt("failed", "30007").statusCode()).isEqualTo(200);
        assertThat(status()).isIn("FAILED", "ESCALATED");
        assertThat(history()).contains("message filtered by the carrier");
    }

    @Test
    void anUndeliveredReceiptAfterTheLinkWasOpenedIsOnlyNoted() throws Exception {
        openLink();
        assertThat(signedReceipt("undelivered", "30003").statusCode()).isEqualTo(200);
        assertOnlyNoted("sms undelivered: unreachable destination handset (error 30003)");
    }

    @Test
    void duplicatedAndOutOfOrderReceiptsNeverMoveBackwards() throws Exception {
        assertThat(signedReceipt("delivered", null).statusCode()).isEqualTo(200);
        HttpResponse<String> duplicate = signedReceipt("delivered", null);
        HttpResponse<String> late = signedReceipt("sent", null);
        HttpResponse<String> contradicting = signedReceipt("undelivered", "30003");

        assertThat(JSON.readTree(duplicate.body()).path("result").asText()).isEqualTo("unchanged");
        assertThat(JSON.readTree(late.body()).path("result").asText()).isEqualTo("unchanged");
        assertThat(JSON.readTree(contradicting.body()).path("result").asText()).isEqualTo("unchanged");
        assertThat(status()).isEqualTo("DELIVERED");
        assertThat(history().split("sms delivered", -1)).hasSize(2);
    }

    @Test
    void tamperedSignatureIs403AndChangesNothing() throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("MessageSid", messageId, "MessageStatus", "failed"));
        String signedForDelivered = TwilioSignature.compute(
                AUTH_TOKEN, PUBLIC_URL, Map.of("MessageSid", messageId, "MessageStatus", "delivered"));

        HttpResponse<String> response = receipt(form, signedForDelivered);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_signature");
        assertThat(status()).isEqualTo("SENT");
    }

    @Test
    void signatureOverTheInternalAddressIsRefused() throws Exception {
        Map<String, String> form = Map.of("MessageSid", messageId, "MessageStatus", "delivered");
        String overInternal =
                TwilioSignature.compute(AUTH_TOKEN, url("/api/v1/sms/status").toString(), form);
        assertThat(receipt(new LinkedHashMap<>(form), overInternal).statusCode())
                .isEqualTo(403);
        assertThat(status()).isEqualTo("SENT");
    }

    @Test
    void aSignedReceiptWithAForgedHeaderIsRefused() throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("MessageSid", messageId, "MessageStatus", "sent"));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/sms/status"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", TwilioSignature.compute(AUTH_TOKEN, PUBLIC_URL, form))
                        .header("MessageStatus", "delivered")
                        .POST(HttpRequest.BodyPublishers.ofString("MessageSid=" + messageId + "&MessageStatus=sent"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(status()).isEqualTo("SENT");
    }

    /**
     * A validly signed failure receipt (Twilio sends no ErrorCode field when it has none), replayed
     * with an added ErrorCode header: the header would stand in for the missing field and forge the
     * carrier's reason. Only the signed form counts.
     */
    @Test
    void aReplayedReceiptCannotGainAnErrorCodeHeader() throws Exception {
        Map<String, String> form = Map.of("MessageSid", messageId, "MessageStatus", "undelivered");
        String signature = TwilioSignature.compute(AUTH_TOKEN, PUBLIC_URL, form);
        for (String header : new String[] {"ErrorCode", "errorcode"}) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(url("/api/v1/sms/status"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-Twilio-Signature", signature)
                            .header(header, "30007")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "MessageSid=" + messageId + "&MessageStatus=undelivered"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        }
        assertThat(status()).isEqualTo("SENT");
        assertThat(history()).doesNotContain("30007").doesNotContain("filtered by the carrier");
    }

    @Test
    void missingSignatureIs403AndChangesNothing() throws Exception {
        assertThat(receipt(new LinkedHashMap<>(Map.of("MessageSid", messageId, "MessageStatus", "delivered")), null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(status()).isEqualTo("SENT");
    }

    @Test
    void unknownStatusIs400() throws Exception {
        HttpResponse<String> response = signedReceipt("teleported", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo("MessageStatus");
    }
}
