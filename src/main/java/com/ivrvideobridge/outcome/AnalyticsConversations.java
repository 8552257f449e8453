package com.ivrvideobridge.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads Genesys analytics conversation details (the SDK's AnalyticsConversationWithoutAttributes:
 * {@code conversationStart}, {@code conversationEnd}, {@code participants[]} with {@code purpose},
 * each with {@code sessions[]} ({@code mediaType}, {@code ani}) of {@code segments[]}
 * ({@code segmentType}, {@code segmentStart}, {@code segmentEnd}, {@code wrapUpCode})), as
 * {@code GET /api/v2/analytics/conversations/{id}/details} answers one and
 * {@code POST /api/v2/analytics/conversations/details/query} answers several
 * (AnalyticsConversationQueryResponse: {@code conversations}, {@code totalHits}), and writes that
 * query (ConversationQuery) for later calls from one number.
 */
@Component
public class AnalyticsConversations {

    /** Segments of an agent's session that count as handling the call: talk, hold, after-call work. */
    private static final Set<String> HANDLING = Set.of("interact", "hold", "wrapup");
    /** Most conversations of one number per query page (one page is read: the earliest ones). */
    static final int PAGE_SIZE = 50;

    private final ObjectMapper json;

    public AnalyticsConversations(ObjectMapper json) {
        this.json = json;
    }

    /**
     * One conversation as the outcome needs it: when it started and ended (null: not ended), the
     * caller's number as Genesys saw it (the customer session's {@code ani}), whether an agent
     * took it (an agent participant with an {@code interact} segment), the wrap-up code id the last
     * such agent chose, and the agents' handle time (their interact, hold and wrap-up segments).
     */
    public record CallFacts(
            String conversationId,
            Instant start,
            Instant end,
            String ani,
            boolean agentReached,
            String wrapUpCodeId,
            long handleSeconds) {

        public boolean ended() {
            return end != null;
        }
    }

    /** The facts of a details body (GET .../details). */
    public CallFacts details(String body) throws JsonProcessingException {
        return facts(json.readTree(body == null ? "" : body));
    }

    /** Every conversation of a details query's answer (none when it has no {@code conversations}). */
    public List<CallFacts> queried(String body) throws JsonProcessingException {
        List<CallFacts> found = new ArrayList<>();
        for (JsonNode conversation : json.readTree(body == null ? "" : body).path("conversations")) {
            found.add(facts(conversation));
        }
        return found;
    }

    /**
     * The details query (ConversationQuery) for inbound voice calls from {@code ani} in [from, to):
     * segment filter on the {@code ani} dimension (with and without the {@code tel:} prefix Genesys
     * writes it with), earliest first, one page. Genesys includes every conversation that started
     * on a day the interval touches, so the caller filters the answer by time again.
     */
    public String repeatQuery(String ani, Instant from, Instant to) {
        String number = ani.startsWith("tel:") ? ani.substring(4) : ani;
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("type", "and");
        filter.put(
                "clauses",
                List.of(Map.of(
                        "type",
                        "or",
                        "predicates",
                        List.of(predicate("ani", "tel:" + number), predicate("ani", number)))));
        filter.put("predicates", List.of(predicate("mediaType", "voice"), predicate("direction", "inbound")));
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("interval", from + "/" + to);
        query.put("order", "asc");
        query.put("orderBy", "conversationStart");
        query.put("paging", Map.of("pageSize", PAGE_SIZE, "pageNumber", 1));
        query.put("segmentFilters", List.of(filter));
        try {
            return json.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serialises", e);
        }
    }

    private static Map<String, String> predicate(String dimension, String value) {
        return Map.of("type", "dimension", "dimension", dimension, "operator", "matches", "value", value);
    }

    private CallFacts facts(JsonNode conversation) {
        String ani = null;
        boolean agent = false;
        String wrapUpCode = null;
        Instant lastWrapUp = Instant.MIN;
        long handleMillis = 0;
        for (JsonNode participant : conversation.path("participants")) {
            String purpose = participant.path("purpose").asText("");
            for (JsonNode session : participant.path("sessions")) {
                if ("customer".equals(purpose)
                        && ani == null
                        && !session.path("ani").asText("").isEmpty()) {
                    ani = session.path("ani").asText();
                }
                if (!"agent".equals(purpose)) {
                    continue;
                }
                for (JsonNode segment : session.path("segments")) {
                    String type = segment.path("segmentType").asText("");
                    Instant start = time(segment.path("segmentStart"));
                    Instant end = time(segment.path("segmentEnd"));
                    agent |= "interact".equals(type);
                    if (HANDLING.contains(type) && start != null && end != null) {
                        handleMillis += Duration.between(start, end).toMillis();
                    }
                    String code = segment.path("wrapUpCode").asText("");
                    Instant at = start == null ? Instant.MIN : start;
                    if (!code.isEmpty() && !at.isBefore(lastWrapUp)) {
                        wrapUpCode = code;
                        lastWrapUp = at;
                    }
                }
            }
        }
        return new CallFacts(
                conversation.path("conversationId").asText(null),
                time(conversation.path("conversationStart")),
                time(conversation.path("conversationEnd")),
                ani,
                agent,
                wrapUpCode,
                Math.round(handleMillis / 1000.0));
    }

    private static Instant time(JsonNode value) {
        if (value.isMissingNode() || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
