package com.ivrvideobridge.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Genesys analytics of the sandbox: what the outcome job reads (outcome.CallOutcomes), played from
 * what happened on the sandbox page, in the real shapes (AnalyticsConversationWithoutAttributes,
 * AnalyticsConversationQueryResponse, WrapupCode):
 * <ul>
 * <li>a voice call is in progress (no {@code conversationEnd}) until "Caller hangs up"; if
 * "Architect asks for the decision" was answered {@code agent} before, Architect transferred the
 * caller and an agent talked until the hang-up, then wrapped up;</li>
 * <li>a callback the bridge created is answered by an agent at once and lasts 35 s;</li>
 * <li>"Caller calls again" is a later inbound call from the same number an agent took, which the
 * details query finds.</li>
 * </ul>
 * Kept in memory: the sandbox is the local profile's stand-in.
 */
@Component
@ConditionalOnProperty("bridge.sandbox.enabled")
public class SandboxAnalytics {

    /** The sandbox org's wrap-up codes: id to name. */
    static final String AGENT_CODE = "5f4a3c1e-2b6d-4e8f-9a10-b2c3d4e5f601";

    static final String CALLBACK_CODE = "5f4a3c1e-2b6d-4e8f-9a10-b2c3d4e5f602";
    static final String REPEAT_CODE = "5f4a3c1e-2b6d-4e8f-9a10-b2c3d4e5f603";
    private static final Map<String, String> CODES = Map.of(
            AGENT_CODE,
            "Sandbox: agent explained the steps",
            CALLBACK_CODE,
            "Sandbox: solved on the callback",
            REPEAT_CODE,
            "Sandbox: video did not help");

    /** One voice call as the sandbox page played it. */
    private record Call(String ani, Instant start, Instant transferredAt, Instant hungUpAt, Instant calledAgainAt) {}

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Instant> callbacks = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final Clock clock;

    public SandboxAnalytics(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** The IVR call of a handoff offered at {@code start}, from {@code phoneNumber} (E.164, may be null). */
    private Call call(String conversationId, String phoneNumber, Instant start) {
        return calls.computeIfAbsent(
                conversationId,
                c -> new Call(phoneNumber == null ? null : "tel:" + phoneNumber, start, null, null, null));
    }

    /** "Architect asks for the decision" was answered {@code agent}: Architect transfers the caller to the queue. */
    public void transferred(String conversationId, String phoneNumber, Instant start) {
        call(conversationId, phoneNumber, start);
        calls.computeIfPresent(
                conversationId,
                (c, call) -> call.transferredAt() != null || call.hungUpAt() != null
                        ? call
                        : new Call(call.ani(), call.start(), clock.instant(), null, call.calledAgainAt()));
    }

    /** "Caller hangs up": the call ends now. */
    public void hungUp(String conversationId, String phoneNumber, Instant start) {
        call(conversationId, phoneNumber, start);
        calls.computeIfPresent(
                conversationId,
                (c, call) -> call.hungUpAt() != null
                        ? call
                        : new Call(
                                call.ani(), call.start(), call.transferredAt(), clock.instant(), call.calledAgainAt()));
    }

    /** "Caller calls again": a new inbound call from the same number starts now (an agent takes it). */
    public void calledAgain(String conversationId, String phoneNumber, Instant start) {
        call(conversationId, phoneNumber, start);
        calls.computeIfPresent(
                conversationId,
                (c, call) -> new Call(
                        call.ani(),
                        call.start(),
                        call.transferredAt(),
                        call.hungUpAt() == null ? clock.instant() : call.hungUpAt(),
                        clock.instant().plusSeconds(1)));
    }

    /** The bridge created a callback (POST /api/v2/conversations/callbacks answered with this conversation). */
    public void callbackPlaced(String callbackConversationId) {
        callbacks.put(callbackConversationId, clock.instant());
    }

    /** GET /api/v2/analytics/conversations/{id}/details; null when the sandbox has no such conversation (404). */
    public Map<String, Object> details(String conversationId) {
        Instant placed = callbacks.get(conversationId);
        if (placed != null) {
            Instant end = placed.plusSeconds(35);
            boolean ended = !clock.instant().isBefore(end);
            return conversation(
                    conversationId,
                    placed,
                    ended ? end : null,
                    "outbound",
                    List.of(
                            participant(
                                    "customer",
                                    "Caller",
                                    null,
                                    List.of(segment("interact", placed, ended ? end : null, null))),
                            agent(placed.plusSeconds(5), ended ? end : null, CALLBACK_CODE)));
        }
        Call call = calls.get(conversationId);
        if (call == null) {
            return null;
        }
        return voice(conversationId, call.ani(), call.start(), call.hungUpAt(), call.transferredAt(), AGENT_CODE);
    }

    /**
     * POST /api/v2/analytics/conversations/details/query: the later calls ("Caller calls again")
     * from the number its {@code ani} predicates name.
     */
    public Map<String, Object> query(String body) throws IOException {
        Set<String> anis = new TreeSet<>();
        json.readTree(body == null ? "" : body)
                .findValues("predicates")
                .forEach(predicates -> predicates.forEach(p -> {
                    if ("ani".equals(p.path("dimension").asText())) {
                        anis.add(p.path("value").asText());
                    }
                }));
        List<Map<String, Object>> found = new ArrayList<>();
        calls.forEach((id, call) -> {
            if (call.calledAgainAt() != null && call.ani() != null && anis.contains(call.ani())) {
                Instant start = call.calledAgainAt();
                found.add(voice(
                        "sandbox-repeat-" + id,
                        call.ani(),
                        start,
                        start.plusSeconds(60),
                        start.plusSeconds(10),
                        REPEAT_CODE));
            }
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!found.isEmpty()) {
            answer.put("conversations", found);
        }
        answer.put("totalHits", found.size());
        return answer;
    }

    /** GET /api/v2/routing/wrapupcodes/{codeId}; null for a code the sandbox org does not have. */
    public Map<String, Object> wrapUpCode(String codeId) {
        String name = CODES.get(codeId);
        return name == null
                ? null
                : Map.of("id", codeId, "name", name, "selfUri", "/api/v2/routing/wrapupcodes/" + codeId);
    }

    /** An inbound voice call through the IVR; with {@code agentFrom}, transferred to the queue and taken by an agent. */
    private Map<String, Object> voice(
            String id, String ani, Instant start, Instant end, Instant agentFrom, String code) {
        List<Map<String, Object>> participants = new ArrayList<>();
        participants.add(participant("customer", "Mobile Number", ani, List.of(segment("interact", start, end, null))));
        Instant ivrEnd = agentFrom != null && (end == null || agentFrom.isBefore(end)) ? agentFrom : end;
        participants.add(participant("ivr", "Sandbox IVR", ani, List.of(segment("ivr", start, ivrEnd, null))));
        if (ivrEnd != null && ivrEnd.equals(agentFrom)) {
            participants.add(participant(
                    "acd",
                    "Sandbox queue",
                    ani,
                    List.of(segment("interact", agentFrom, agentFrom.plusSeconds(5), null))));
            participants.add(agent(agentFrom.plusSeconds(5), end, code));
        }
        return conversation(id, start, end, "inbound", participants);
    }

    private Map<String, Object> agent(Instant answered, Instant hungUp, String code) {
        List<Map<String, Object>> segments = new ArrayList<>();
        segments.add(segment("interact", answered, hungUp, null));
        if (hungUp != null) {
            segments.add(segment("wrapup", hungUp, hungUp.plusSeconds(10), code));
        }
        Map<String, Object> agent = participant("agent", "Sandbox Agent", null, segments);
        agent.put("userId", "sandbox-agent");
        return agent;
    }

    private static Map<String, Object> conversation(
            String id, Instant start, Instant end, String direction, List<Map<String, Object>> participants) {
        Map<String, Object> conversation = new LinkedHashMap<>();
        conversation.put("conversationId", id);
        conversation.put("conversationStart", start.toString());
        if (end != null) {
            conversation.put("conversationEnd", end.toString());
        }
        conversation.put("originatingDirection", direction);
        conversation.put("participants", participants);
        return conversation;
    }

    private static Map<String, Object> participant(
            String purpose, String name, String ani, List<Map<String, Object>> segments) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("mediaType", "voice");
        session.put("sessionId", UUID.randomUUID().toString());
        if (ani != null) {
            session.put("ani", ani);
        }
        session.put("direction", "inbound");
        session.put("segments", segments);
        Map<String, Object> participant = new LinkedHashMap<>();
        participant.put("participantId", UUID.randomUUID().toString());
        participant.put("participantName", name);
        participant.put("purpose", purpose);
        participant.put("sessions", List.of(session));
        return participant;
    }

    private static Map<String, Object> segment(String type, Instant start, Instant end, String wrapUpCode) {
        Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("segmentStart", start.toString());
        if (end != null) {
            segment.put("segmentEnd", end.toString());
        }
        segment.put("segmentType", type);
        if (wrapUpCode != null) {
            segment.put("wrapUpCode", wrapUpCode);
        }
        return segment;
    }
}
