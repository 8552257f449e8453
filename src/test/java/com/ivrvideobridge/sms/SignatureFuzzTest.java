package com.ivrvideobridge.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.ivrvideobridge.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two signature checks in front of the delivery receipts, on anything an unsigned caller can
 * send: a yes or a no (a malformed Twilio form: 400), never another exception or a hang; a yes only
 * for the signature of exactly that request. Seeds under
 * src/test/resources/com/ivrvideobridge/sms/SignatureFuzzTestInputs/; fuzz with scripts/fuzz.sh.
 */
class SignatureFuzzTest {

    private static final String TOKEN = "twilio-test-token";
    private static final String URL = "https://video.example.test/api/v1/sms/status";
    private static final String SECRET = "open-messaging-test-secret";

    /** Input: the X-Twilio-Signature header, a newline, the form body. */
    @FuzzTest
    void twilio(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 2);
        String presented = parts[0];
        Map<String, String> form;
        try {
            form = SmsStatusSignatureFilter.parseForm(parts.length > 1 ? parts[1] : "");
        } catch (ApiException malformed) {
            assertThat(malformed.getStatus()).isEqualTo(400);
            assertThat(malformed.getCode()).isEqualTo("malformed_form");
            return;
        }
        boolean verified = TwilioSignature.verify(TOKEN, URL, form, presented);
        String expected = TwilioSignature.compute(TOKEN, URL, form);
        assertThat(verified).isEqualTo(expected.equals(presented.trim()));
        assertThat(TwilioSignature.verify(TOKEN, URL, form, expected)).isTrue();
        assertThat(TwilioSignature.verify("", URL, form, expected)).isFalse();
        Map<String, String> tampered = new LinkedHashMap<>(form);
        tampered.merge("MessageStatus", "x", String::concat);
        assertThat(TwilioSignature.verify(TOKEN, URL, tampered, expected)).isFalse();
    }

    /** Input: the X-Hub-Signature-256 header, a newline, the raw body. */
    @FuzzTest
    void openMessaging(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String presented = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8);
        byte[] body = newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);
        boolean verified = OpenMessagingSignature.verify(SECRET, body, presented);
        String expected = OpenMessagingSignature.compute(SECRET, body);
        assertThat(verified).isEqualTo(expected.equals(presented.trim()));
        assertThat(OpenMessagingSignature.verify(SECRET, body, expected)).isTrue();
        assertThat(OpenMessagingSignature.verify("", body, expected)).isFalse();
        byte[] tampered = Arrays.copyOf(body, body.length + 1);
        assertThat(OpenMessagingSignature.verify(SECRET, tampered, expected)).isFalse();
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
