package com.ivrvideobridge.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.web.JsonErrorWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** X-Hub-Signature-256: "sha256=" + base64(HMAC-SHA256(secret, raw body)), against vectors computed outside Java. */
class OpenMessagingSignatureTest {

    /**
     * Computed with openssl, not with this code:
     * {@code printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'It is a secret to everybody' -binary | base64}.
     */
    private static final String SECRET = "It is a secret to everybody";

    private static final String BODY = "{\"id\":\"5f2a1c9e-0b1d-4d3e-9a7b-6c1e2f3a4b5c\",\"type\":\"Receipt\","
            + "\"status\":\"Delivered\",\"isFinalReceipt\":true,\"direction\":\"Outbound\"}";
    private static final String SIGNATURE = "sha256=uYlAR5ZjhiO5bnWOZfpuBc0dDnUk2yMGDt9Vmryaby4=";
    /** The same HMAC in hex, as GitHub-style webhooks would send it: not what Genesys sends. */
    private static final String HEX_SIGNATURE =
            "sha256=b989404796638623b96e758e65fa6e05cd1d0e7524db23060edf559abc9a6f2e";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesAVectorComputedWithOpenssl() {
        assertThat(OpenMessagingSignature.compute(SECRET, bytes(BODY))).isEqualTo(SIGNATURE);
        assertThat(OpenMessagingSignature.verify(SECRET, bytes(BODY), SIGNATURE))
                .isTrue();
    }

    @Test
    void matchesRfc4231TestCase2InBase64() {
        // RFC 4231 4.3: key "Jefe", HMAC-SHA256 5bdcc146...64ec3843, here base64-encoded.
        assertThat(OpenMessagingSignature.compute("Jefe", bytes("what do ya want for nothing?")))
                .isEqualTo("sha256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
    }

    @Test
    void signsTheRawUtf8Bytes() {
        // printf '%s' 'Grüße' | openssl dgst -sha256 -hmac 'clé' -binary | base64
        assertThat(OpenMessagingSignature.compute("cl\u00e9", bytes("Gr\u00fc\u00dfe")))
                .isEqualTo("sha256=0aeVdRB51iC4ODXZ732xqfJO3UJhwqLCanT9peDa96E=");
    }

    @Test
    void refusesAnotherSecretBodyOrEncodingAndNoSignature() {
        assertThat(OpenMessagingSignature.verify("another secret", bytes(BODY), SIGNATURE))
                .isFalse();
        assertThat(OpenMessagingSignature.verify(SECRET, bytes(BODY.replace("Delivered", "Failed")), SIGNATURE))
                .isFalse();
        assertThat(OpenMessagingSignature.verify(SECRET, bytes(BODY), HEX_SIGNATURE))
                .isFalse();
        assertThat(OpenMessagingSignature.verify(SECRET, bytes(BODY), SIGNATURE.substring("sha256=".length())))
                .isFalse();
        assertThat(OpenMessagingSignature.verify(SECRET, bytes(BODY), null)).isFalse();
        assertThat(OpenMessagingSignature.verify("", bytes(BODY), SIGNATURE)).isFalse();
    }

    private static MockHttpServletResponse filter(String secret, String signature) throws Exception {
        SmsProperties sms = new SmsProperties(
                "genesys",
                "",
                765,
                new SmsProperties.Twilio("", "", ""),
                new SmsProperties.OpenMessaging(secret),
                new SmsProperties.AgentlessReceipts(List.of(), 1000, 20, Duration.ofMinutes(2)));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", OpenMessagingSignatureFilter.PATH);
        request.setContentType("application/json");
        request.setContent(bytes(BODY));
        if (signature != null) {
            request.addHeader(OpenMessagingSignature.HEADER, signature);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new OpenMessagingSignatureFilter(sms, new JsonErrorWriter(new ObjectMapper()))
                .doFilter(request, response, chain);
        // The route (the rest of the chain) runs only for a signed receipt.
        assertThat(chain.getRequest() != null).isEqualTo(response.getStatus() == 200);
        return response;
    }

    @Test
    void filterPassesOnlySignedReceipts() throws Exception {
        assertThat(filter(SECRET, SIGNATURE).getStatus()).isEqualTo(200);
        MockHttpServletResponse refused = filter(SECRET, HEX_SIGNATURE);
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString())
                .contains("\"error\":\"invalid_signature\"")
                .contains("\"field\":\"X-Hub-Signature-256\"");
    }

    @Test
    void withoutASecretTheEndpointIsOff() throws Exception {
        MockHttpServletResponse response = filter("", SIGNATURE);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getContentAsString())
                .contains("\"error\":\"not_found\"")
                .contains("not enabled");
    }
}
