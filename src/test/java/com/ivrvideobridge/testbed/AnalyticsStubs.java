package com.ivrvideobridge.testbed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Genesys analytics as the outcome job reads it, in the real shapes (each body is bound to the
 * Java SDK's models by GenesysModelsTest): a voice conversation's details
 * (AnalyticsConversationWithoutAttributes: customer, IVR, ACD and agent participants, their
 * sessions and segments), a details query's answer (AnalyticsConversationQueryResponse) and a
 * wrap-up code (WrapupCode).
 */
public final class AnalyticsStubs {

    public static final String QUERY_PATH = "/api/v2/analytics/conversations/details/query";
    public static final String ANI = "tel:+14155550100";
    private static final String DNIS = "tel:+18005551212";

    private AnalyticsStubs() {}

    public static String detailsPath(String conversationId) {
        return "/api/v2/analytics/conversations/" + conversationId + "/details";
    }

    public static String wrapUpCodePath(String codeId) {
        return "/api/v2/routing/wrapupcodes/" + codeId;
    }

    /** An agent's part of a call: answered, talked until {@code hungUp}, wrapped up with {@code wrapUpCodeId}. */
    public record Agent(Instant answered, Instant hungUp, Duration afterCallWork, String wrapUpCodeId) {}

    /**
     * A voice call from {@link #ANI} through the IVR: started at {@code start}, ended at
     * {@code end} (null: still going), and, when {@code agent} is given, queued and answered by an
     * agent who wrapped it up.
     */
    public static String voiceCall(String conversationId, Instant start, Instant end, Agent agent) {
        Instant ivrEnd = agent == null ? end : agent.answered().minusSeconds(20);
        List<String> participants = new ArrayList<>();
        String customerSession = UUID.randomUUID().toString();
        participants.add("""
                {"participantId": "%s", "participantName": "Mobile Number, California", "purpose": "customer",
                 "sessions": [{"mediaType": "voice", "sessionId": "%s", "ani": "%s", "dnis": "%s", "sessionDnis": "%s",
                   "direction": "inbound", "edgeId": "%s", "provider": "Edge", "remote": "Mobile Number, California",
                   "protocolCallId": "%s", "segments": [%s],
                   "metrics": [{"emitDate": "%s", "name": "nConnected", "value": 1}]}]}""".formatted(
                        uuid(),
                        customerSession,
                        ANI,
                        DNIS,
                        DNIS,
                        uuid(),
                        uuid(),
                        segment(start, end, "interact", null, end == null ? null : "peer"),
                        start));
        participants.add("""
                {"participantId": "%s", "participantName": "Support IVR", "purpose": "ivr",
                 "sessions": [{"mediaType": "voice", "sessionId": "%s", "ani": "%s", "dnis": "%s", "direction": "inbound",
                   "peerId": "%s", "provider": "Edge", "remote": "Mobile Number, California",
                   "flow": {"flowId": "%s", "flowName": "Support IVR", "flowVersion": "12.0", "flowType": "INBOUNDCALL",
                            "entryType": "dnis", "entryReason": "%s"%s},
                   "segments": [%s]}]}""".formatted(
                        uuid(),
                        uuid(),
                        ANI,
                        DNIS,
                        customerSession,
                        uuid(),
                        DNIS,
                        agent == null
                                ? ""
                                : ", \"exitReason\": \"TRANSFER\", \"transferType\": \"ACD\", \"transferTargetName\": \"Support\"",
                        segment(
                                start.plusSeconds(1),
                                ivrEnd,
                                "ivr",
                                null,
                                ivrEnd == null ? null : agent == null ? "peer" : "transfer")));
        if (agent != null) {
            participants.add("""
                    {"participantId": "%s", "participantName": "Support", "purpose": "acd",
                     "sessions": [{"mediaType": "voice", "sessionId": "%s", "ani": "%s", "dnis": "%s", "direction": "inbound",
                       "peerId": "%s", "provider": "Edge", "segments": [%s],
                       "metrics": [{"emitDate": "%s", "name": "nOffered", "value": 1}]}]}""".formatted(
                            uuid(),
                            uuid(),
                            ANI,
                            DNIS,
                            customerSession,
                            segment(ivrEnd, agent.answered(), "interact", null, "transfer")
                                    .replace("\"interact\"", "\"interact\", \"queueId\": \"queue-default\""),
                            ivrEnd));
            participants.add(agentParticipant(customerSession, agent));
        }
        return conversation(conversationId, start, end, participants);
    }

    /** The bridge's callback (conversation {@code id}), placed at {@code start}; an agent took it when {@code agent} is given. */
    public static String callback(String conversationId, Instant start, Instant end, Agent agent) {
        List<String> participants = new ArrayList<>();
        String customerSession = uuid();
        participants.add("""
                {"participantId": "%s", "participantName": "Caller", "purpose": "customer",
                 "sessions": [{"mediaType": "voice", "sessionId": "%s", "ani": "%s", "direction": "outbound",
                   "segments": [%s]}]}""".formatted(
                uuid(),
                customerSession,
                ANI,
                segment(start, end, agent == null ? "dialing" : "interact", null, end == null ? null : "peer")));
        if (agent != null) {
            participants.add(agentParticipant(customerSession, agent));
        }
        return conversation(conversationId, start, end, participants);
    }

    /** AnalyticsConversationQueryResponse with these conversations (none: Genesys' empty answer, totalHits 0). */
    public static String queryAnswer(String... conversations) {
        return conversations.length == 0
                ? "{\"totalHits\": 0}"
                : "{\"conversations\": [" + String.join(", ", conversations) + "], \"totalHits\": "
                        + conversations.length + "}";
    }

    public static String wrapUpCode(String codeId, String name) {
        return """
                {"id": "%s", "name": "%s", "division": {"id": "%s", "name": "Home", "selfUri": "/api/v2/authorization/divisions/%3$s"},
                 "dateCreated": "2026-01-05T09:00:00.000Z", "createdBy": "%s",
                 "selfUri": "/api/v2/routing/wrapupcodes/%1$s"}""".formatted(codeId, name, uuid(), uuid());
    }

    /** GET .../details of this conversation answers {@code body}. */
    public static void details(String conversationId, String body) {
        details(conversationId, okJson(body));
    }

    public static void details(String conversationId, ResponseDefinitionBuilder answer) {
        TestServers.genesysApi()
                .stubFor(get(urlEqualTo(detailsPath(conversationId))).willReturn(answer));
    }

    /** The details query for this caller's later calls (filtered on the {@code ani}) answers {@code body}. */
    public static void laterCalls(String body) {
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(QUERY_PATH))
                        .withRequestBody(
                                matchingJsonPath("$.segmentFilters[0].clauses[0].predicates[?(@.dimension == 'ani')]"))
                        .willReturn(okJson(body)));
    }

    public static void wrapUpCodeAnswers(String codeId, String name) {
        TestServers.genesysApi()
                .stubFor(get(urlEqualTo(wrapUpCodePath(codeId))).willReturn(okJson(wrapUpCode(codeId, name))));
    }

    /** An error as Genesys answers it (ErrorBody). */
    public static ResponseDefinitionBuilder error(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"" + code + "\", \"code\": \"" + code + "\", \"status\": " + status + "}");
    }

    private static String agentParticipant(String customerSession, Agent agent) {
        Instant wrapUpEnd = agent.hungUp().plus(agent.afterCallWork());
        return """
                {"participantId": "%s", "participantName": "Alex Agent", "purpose": "agent", "userId": "%s",
                 "sessions": [{"mediaType": "voice", "sessionId": "%s", "ani": "%s", "dnis": "%s", "direction": "inbound",
                   "peerId": "%s", "provider": "Edge", "remote": "Mobile Number, California",
                   "segments": [%s, %s, %s],
                   "metrics": [{"emitDate": "%s", "name": "tAnswered", "value": 5000}]}]}""".formatted(
                        uuid(),
                        uuid(),
                        uuid(),
                        ANI,
                        DNIS,
                        customerSession,
                        segment(agent.answered().minusSeconds(5), agent.answered(), "alert", null, null),
                        segment(agent.answered(), agent.hungUp(), "interact", null, "peer"),
                        segment(agent.hungUp(), wrapUpEnd, "wrapup", agent.wrapUpCodeId(), null),
                        agent.answered());
    }

    private static String conversation(String conversationId, Instant start, Instant end, List<String> participants) {
        return """
                {"conversationId": "%s", "conversationStart": "%s", %s"originatingDirection": "inbound",
                 "divisionIds": ["%s"], "mediaStatsMinConversationMos": 4.38, "participants": [%s]}""".formatted(
                        conversationId,
                        start,
                        end == null ? "" : "\"conversationEnd\": \"" + end + "\", ",
                        uuid(),
                        String.join(", ", participants));
    }

    private static String segment(Instant start, Instant end, String type, String wrapUpCode, String disconnectType) {
        StringBuilder segment = new StringBuilder("{\"segmentStart\": \"" + start + "\"");
        if (end != null) {
            segment.append(", \"segmentEnd\": \"").append(end).append('"');
        }
        segment.append(", \"segmentType\": \"").append(type).append('"');
        if (wrapUpCode != null) {
            segment.append(", \"wrapUpCode\": \"")
                    .append(wrapUpCode)
                    .append("\", \"wrapUpNote\": \"Explained the reset again\"");
        }
        if (disconnectType != null) {
            segment.append(", \"disconnectType\": \"").append(disconnectType).append('"');
        }
        return segment.append(", \"conference\": false}").toString();
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
