package com.ivrvideobridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.genesys.GenesysProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The sandbox's Genesys answers an agentless SMS in the real shape and then its message-status
 * GET: delivery-success, or what the sandbox page's buttons chose for the next poll.
 */
class SandboxProvidersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxTexts texts = new SandboxTexts();
    private final SandboxProviders providers = new SandboxProviders(new SandboxRecorder(Clock.systemUTC()),
            new GenesysProperties("mypurecloud.com", "", "", "sandbox-client", "sandbox-secret", 300, Duration.ofMinutes(1),
                    Duration.ofSeconds(10)),
            texts);

    private final String token = (String) providers.token(login()).getBody().get("access_token");

    private static MockHttpServletRequest login() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/sandbox-genesys-login/oauth/token");
        request.addHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("sandbox-client:sandbox-secret".getBytes(StandardCharsets.UTF_8)));
        return request;
    }

    private JsonNode call(String method, String path, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/sandbox-genesys" + path);
        request.addHeader("Authorization", "Bearer " + token);
        ResponseEntity<Object> answer = providers.genesys(request, body);
        return JSON.valueToTree(Map.of("status", answer.getStatusCode().value(), "body", answer.getBody() == null ? Map.of() : answer.getBody()));
    }

    @Test
    void anAgentlessSmsIsDeliveredUnlessThePageSaysItFailed() {
        JsonNode sent = call("POST", "/api/v2/conversations/messages/agentless",
                "{\"toAddress\": \"+14155550100\", \"toAddressMessengerType\": \"sms\", \"textBody\": \"hi\"}").path("body");
        String conversationId = sent.path("conversationId").asText();
        String messageId = sent.path("message").path("id").asText();
        assertThat(messageId).isEqualTo(sent.path("id").asText());
        String status = "/api/v2/conversations/messages/" + conversationId + "/messages/" + messageId;

        JsonNode delivered = call("GET", status, null);
        assertThat(delivered.path("status").asInt()).isEqualTo(200);
        assertThat(delivered.path("body").path("status").asText()).isEqualTo("delivery-success");

        assertThat(texts.answerNext(messageId, SandboxTexts.FAILED)).isTrue();
        JsonNode failed = call("GET", status, null).path("body");
        assertThat(failed.path("status").asText()).isEqualTo("delivery-failed");
        assertThat(failed.path("normalizedReceipts").get(0).path("reasons").get(0).path("code").asText()).isEqualTo("RecipientOptedOut");

        assertThat(texts.answerNext("never-sent", SandboxTexts.FAILED)).isFalse();
        assertThat(call("GET", "/api/v2/conversations/messages/" + conversationId + "/messages/never-sent", null)
                .path("status").asInt()).isEqualTo(404);
    }
}
