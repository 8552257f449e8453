package com.ivrvideobridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.genesys.GenesysProperties;
import com.ivrvideobridge.testbed.MutableClock;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationQueryResponse;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationWithoutAttributes;
import com.mypurecloud.sdk.v2.model.WrapupCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final MutableClock clock = new MutableClock();
    private final SandboxAnalytics analytics = new SandboxAnalytics(new ObjectMapper(), clock);
    private final SandboxProviders providers = new SandboxProviders(
            new SandboxRecorder(Clock.systemUTC()),
            new GenesysProperties(
                    "mypurecloud.com",
                    "",
                    "",
                    "sandbox-client",
                    "sandbox-secret",
                    300,
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(10)),
            texts,
            analytics);

    private final String token = (String) providers.token(login()).getBody().get("access_token");

    private static MockHttpServletRequest login() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/sandbox-genesys-login/oauth/token");
        request.addHeader(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("sandbox-client:sandbox-secret".getBytes(StandardCharsets.UTF_8)));
        return request;
    }

    private JsonNode call(String method, String path, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/sandbox-genesys" + path);
        request.addHeader("Authorization", "Bearer " + token);
        ResponseEntity<Object> answer = providers.genesys(request, body);
        return JSON.valueToTree(Map.of(
                "status",
                answer.getStatusCode().value(),
                "body",
                answer.getBody() == null ? Map.of() : answer.getBody()));
    }

    @Test
    void anAgentlessSmsIsDeliveredUnlessThePageSaysItFailed() {
        JsonNode sent = call(
                        "POST",
                        "/api/v2/conversations/messages/agentless",
                        "{\"toAddress\": \"+14155550100\", \"toAddressMessengerType\": \"sms\", \"textBody\": \"hi\"}")
                .path("body");
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
        assertThat(failed.path("normalizedReceipts")
                        .get(0)
                        .path("reasons")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("RecipientOptedOut");

        assertThat(texts.answerNext("never-sent", SandboxTexts.FAILED)).isFalse();
        assertThat(call("GET", "/api/v2/conversations/messages/" + conversationId + "/messages/never-sent", null)
                        .path("status")
                        .asInt())
                .isEqualTo(404);
    }

    /** Strictly bound to the Genesys SDK's model, as the outcome tests' own bodies are. */
    private static <T> T bind(JsonNode body, Class<T> model) throws Exception {
        ObjectMapper sdk = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        T value = sdk.treeToValue(body, model);
        assertThat(sdk.writeValueAsString(value)).doesNotContain("OutdatedSdkVersion");
        return value;
    }

    private JsonNode details(String conversationId) {
        return call("GET", "/api/v2/analytics/conversations/" + conversationId + "/details", null);
    }

    @Test
    void analyticsPlayTheCallAsThePagePlayedItInTheRealShapes() throws Exception {
        Instant offered = clock.instant();
        assertThat(details("call-1").path("status").asInt()).isEqualTo(404);
        // Architect asked for the decision and was told agent: it transferred the caller, who later hung up.
        analytics.transferred("call-1", "+14155550100", offered);
        JsonNode going = details("call-1");
        assertThat(going.path("status").asInt()).isEqualTo(200);
        assertThat(bind(going.path("body"), AnalyticsConversationWithoutAttributes.class)
                        .getConversationEnd())
                .isNull();
        clock.advance(Duration.ofMinutes(3));
        analytics.hungUp("call-1", "+14155550100", offered);

        AnalyticsConversationWithoutAttributes ended =
                bind(details("call-1").path("body"), AnalyticsConversationWithoutAttributes.class);
        assertThat(ended.getConversationEnd()).isNotNull();
        String code = ended.getParticipants().stream()
                .filter(p -> "agent".equals(p.getPurpose().toString()))
                .flatMap(p -> p.getSessions().get(0).getSegments().stream())
                .filter(s -> s.getWrapUpCode() != null)
                .findFirst()
                .orElseThrow()
                .getWrapUpCode();
        WrapupCode name =
                bind(call("GET", "/api/v2/routing/wrapupcodes/" + code, null).path("body"), WrapupCode.class);
        assertThat(name.getName()).isEqualTo("Sandbox: agent explained the steps");

        // "Caller calls again": the details query for the number finds the later call.
        analytics.calledAgain("call-1", "+14155550100", offered);
        String query =
                "{\"interval\": \"x/y\", \"segmentFilters\": [{\"type\": \"and\", \"clauses\": [{\"type\": \"or\", "
                        + "\"predicates\": [{\"dimension\": \"ani\", \"value\": \"tel:+14155550100\"}]}]}]}";
        AnalyticsConversationQueryResponse later = bind(
                call("POST", "/api/v2/analytics/conversations/details/query", query)
                        .path("body"),
                AnalyticsConversationQueryResponse.class);
        assertThat(later.getConversations()).hasSize(1);
        assertThat(later.getConversations().get(0).getConversationStart()).isAfter(ended.getConversationEnd());
        AnalyticsConversationQueryResponse none = bind(
                call("POST", "/api/v2/analytics/conversations/details/query", query.replace("0100", "0199"))
                        .path("body"),
                AnalyticsConversationQueryResponse.class);
        assertThat(none.getTotalHits()).isZero();
    }

    @Test
    void aCallbackTheBridgeCreatedIsTakenByAnAgent() throws Exception {
        String callback = call("POST", "/api/v2/conversations/callbacks", "{\"callbackNumbers\": [\"+14155550100\"]}")
                .path("body")
                .path("conversation")
                .path("id")
                .asText();
        assertThat(bind(details(callback).path("body"), AnalyticsConversationWithoutAttributes.class)
                        .getConversationEnd())
                .isNull();

        clock.advance(Duration.ofSeconds(40));

        AnalyticsConversationWithoutAttributes ended =
                bind(details(callback).path("body"), AnalyticsConversationWithoutAttributes.class);
        assertThat(ended.getConversationEnd()).isNotNull();
        assertThat(ended.getParticipants())
                .anyMatch(p -> "agent".equals(p.getPurpose().toString()));
    }
}
