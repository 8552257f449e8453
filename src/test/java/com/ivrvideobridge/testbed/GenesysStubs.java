package com.ivrvideobridge.testbed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * WireMock stubs with the real Genesys Cloud and Twilio shapes (shared/genesys-api.md): the OAuth
 * token, web messaging send, participant attributes, agentless SMS and its message status, and
 * Twilio's Messages.json.
 */
public final class GenesysStubs {

    public static final String TOKEN = "genesys-test-token";
    public static final String WEB_MESSAGE_PATH = "/api/v2/conversations/messages/[^/]+/communications/[^/]+/messages";
    public static final String ATTRIBUTES_PATH = "/api/v2/conversations/[^/]+/participants/[^/]+/attributes";
    public static final String AGENTLESS_PATH = "/api/v2/conversations/messages/agentless";
    /** GET: one message of a messaging conversation (MessageData), e.g. the status of an agentless SMS. */
    public static final String MESSAGE_PATH = "/api/v2/conversations/messages/[^/]+/messages/[^/]+";

    public static final String CALLBACKS_PATH = "/api/v2/conversations/callbacks";
    public static final String TRANSFER_PATH = "/api/v2/conversations/calls/[^/]+/participants/[^/]+/replace";
    public static final String TWILIO_PATH = "/2010-04-01/Accounts/AC-test/Messages.json";
    public static final String CALL_PATH = "/api/v2/conversations/calls/[^/]+";
    public static final String REPLACE_QUEUE_PATH = "/api/v2/conversations/[^/]+/participants/[^/]+/replace/queue";
    /** The customer's participant id in the call conversations these stubs answer. */
    public static final String CUSTOMER_PARTICIPANT = "3f1c9a52-6b0e-4c1e-9a8e-2d6c1f0b7a11";

    public static final String IVR_PARTICIPANT = "8d2e4b60-1f3a-4c5d-8e9f-0a1b2c3d4e5f";

    private GenesysStubs() {}

    /** Resets the three WireMock servers and stubs every call as a success. */
    public static void allSucceed() {
        TestServers.genesysLogin().resetAll();
        TestServers.genesysApi().resetAll();
        TestServers.smsGateway().resetAll();
        tokenLasts(86400);
        TestServers.genesysApi()
                .stubFor(post(urlPathMatching(WEB_MESSAGE_PATH))
                        .withHeader("Authorization", matching("Bearer .+"))
                        .willReturn(okJson("""
                        {"id": "msg-1", "channel": {"type": "webmessaging"}, "text": "sent", "status": "sent"}""")));
        TestServers.genesysApi()
                .stubFor(patch(urlPathMatching(ATTRIBUTES_PATH))
                        .willReturn(aResponse().withStatus(202)));
        agentlessSendAnswers("conv-sms-1", "agentless-1");
        // Carriers take their time: until a test says otherwise, a text is "sent", never final.
        TestServers.genesysApi().stubFor(get(urlPathMatching(MESSAGE_PATH)).willReturn(okJson(messageData("sent"))));
        TestServers.genesysApi().stubFor(post(urlEqualTo(CALLBACKS_PATH)).willReturn(okJson("""
                        {"conversation": {"id": "callback-conv-1", "selfUri": "/api/v2/conversations/callback-conv-1"},
                         "callbackIdentifiers": [{"type": "EXTERNAL", "id": "cb-1"}]}""")));
        TestServers.genesysApi()
                .stubFor(post(urlPathMatching(TRANSFER_PATH))
                        .willReturn(aResponse().withStatus(202)));
        TestServers.genesysApi()
                .stubFor(post(urlPathMatching(REPLACE_QUEUE_PATH))
                        .willReturn(aResponse().withStatus(202)));
        callerHungUp(CALL_PATH);
        TestServers.smsGateway()
                .stubFor(post(urlEqualTo(TWILIO_PATH))
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("""
                        {"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued", "to": "+15550000001"}""")));
    }

    /** Every call conversation (or the one at {@code path}): the caller has hung up (customer disconnected). */
    public static void callerHungUp(String path) {
        callConversation(path, false);
    }

    /** The call conversation at {@code path}: the caller is still in the IVR (customer and IVR connected). */
    public static void callerOnTheLine(String conversationId) {
        callConversation("/api/v2/conversations/calls/" + conversationId, true);
    }

    /**
     * GET /api/v2/conversations/calls/{id} as Genesys answers it (the SDK's CallConversation):
     * several participants (customer, ivr, acd), each with purpose, state and times.
     */
    private static void callConversation(String path, boolean customerOnLine) {
        String customerEnd =
                customerOnLine ? "" : "\"endTime\": \"2026-11-25T12:04:10.000Z\", \"disconnectType\": \"peer\",";
        String customerState = customerOnLine ? "connected" : "disconnected";
        TestServers.genesysApi()
                .stubFor(get(urlPathMatching(path))
                        .atPriority(path.equals(CALL_PATH) ? 10 : 1)
                        .willReturn(okJson("""
                        {"id": "conv", "participants": [
                          {"id": "%s", "name": "Mobile Number, California", "address": "tel:+14155550100",
                           "startTime": "2026-11-25T12:00:00.000Z", %s "purpose": "customer", "state": "%s",
                           "direction": "inbound", "held": false, "wrapupRequired": false, "ani": "tel:+14155550100",
                           "dnis": "tel:+18005551212", "attributes": {}},
                          {"id": "%s", "name": "Support IVR", "startTime": "2026-11-25T12:00:01.000Z", %s
                           "purpose": "ivr", "state": "%s", "direction": "inbound", "attributes": {}},
                          {"id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "name": "Support", "purpose": "acd",
                           "startTime": "2026-11-25T12:00:00.500Z", "endTime": "2026-11-25T12:00:01.000Z",
                           "state": "disconnected", "direction": "inbound", "queueId": "queue-default", "attributes": {}}],
                         "recentTransfers": [], "selfUri": "/api/v2/conversations/calls/conv"}""".formatted(
                                        CUSTOMER_PARTICIPANT,
                                        customerEnd,
                                        customerState,
                                        IVR_PARTICIPANT,
                                        customerEnd,
                                        customerState))));
    }

    /**
     * Every agentless SMS is answered (202) with this conversation and message: the real shape,
     * SendAgentlessOutboundMessageResponse, whose {@code message} (MessageData) is the message sent.
     */
    public static void agentlessSendAnswers(String conversationId, String messageId) {
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(AGENTLESS_PATH))
                        .willReturn(aResponse()
                                .withStatus(202)
                                .withHeader("Content-Type", "application/json")
                                .withBody("""
                        {"id": "%2$s", "conversationId": "%1$s", "fromAddress": "+15550000000",
                         "toAddress": "+15550000001", "messengerType": "sms", "textBody": "Your video guide is ready",
                         "timestamp": "2026-11-25T12:00:00Z", "selfUri": "/api/v2/conversations/messages/agentless/%2$s",
                         "message": {"id": "%2$s", "conversationId": "%1$s", "direction": "outbound",
                                     "messengerType": "sms", "status": "queued", "timestamp": "2026-11-25T12:00:00Z",
                                     "selfUri": "/api/v2/conversations/messages/%1$s/messages/%2$s"}}""".formatted(conversationId, messageId))));
    }

    /**
     * A message as GET /api/v2/conversations/messages/{c}/messages/{m} answers it (MessageData),
     * with this status; a failure carries the reason codes in its normalised receipts.
     */
    public static String messageData(String status, String... reasonCodes) {
        String receipt = switch (status) {
            case "delivery-success" -> "Delivered";
            case "read" -> "Read";
            case "delivery-failed", "failed" -> "Failed";
            default -> "Sent";
        };
        String reasons = Arrays.stream(reasonCodes)
                .map(code -> "{\"code\": \"" + code + "\"}")
                .collect(Collectors.joining(", "));
        return """
                {"id": "msg", "conversationId": "conv", "direction": "outbound", "messengerType": "sms",
                 "status": "%s", "timestamp": "2026-11-25T12:00:00Z", "textBody": "Your video guide is ready",
                 "normalizedReceipts": [{"type": "Receipt", "status": "%s", "direction": "Outbound", "reasons": [%s]}]}""".formatted(status, receipt, reasons);
    }

    public static void tokenLasts(long expiresInSeconds) {
        tokenLastsWithToken(TOKEN, expiresInSeconds);
    }

    /** The login host hands out {@code first}, then {@code then} for every later request. */
    public static void firstTokenThen(String first, String then) {
        TestServers.genesysLogin().resetAll();
        TestServers.genesysLogin()
                .stubFor(post(urlEqualTo("/oauth/token"))
                        .inScenario("tokens")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("second")
                        .willReturn(okJson("{\"access_token\": \"" + first
                                + "\", \"token_type\": \"bearer\", \"expires_in\": 86400}")));
        TestServers.genesysLogin()
                .stubFor(post(urlEqualTo("/oauth/token"))
                        .inScenario("tokens")
                        .whenScenarioStateIs("second")
                        .willReturn(okJson("{\"access_token\": \"" + then
                                + "\", \"token_type\": \"bearer\", \"expires_in\": 86400}")));
    }

    public static void tokenLastsWithToken(String token, long expiresInSeconds) {
        TestServers.genesysLogin()
                .stubFor(post(urlEqualTo("/oauth/token"))
                        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                        .withRequestBody(equalTo("grant_type=client_credentials"))
                        .willReturn(okJson("""
                        {"access_token": "%s", "token_type": "bearer", "expires_in": %d}""".formatted(token, expiresInSeconds))));
    }
}
