package com.ivrvideobridge.genesys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads {@code GET /api/v2/conversations/calls/{conversationId}} (the SDK's CallConversation:
 * {@code participants[]} of CallMediaParticipant with {@code id}, {@code purpose}, {@code state},
 * {@code endTime}): which participant is the customer (Architect has no built-in variable for
 * it) and whether the caller is still on the line.
 */
@Component
public class CallConversations {

    /** CallMediaParticipant states of a call that has ended for that participant. */
    private static final Set<String> ENDED = Set.of("disconnected", "terminated");

    private final ObjectMapper json;

    public CallConversations(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The customer's participant on the call, whether it is still connected (no end time, not
     * disconnected), and the IVR participant still connected, if any (the leg a transfer replaces).
     */
    public record CustomerLeg(String participantId, boolean onLine, String ivrParticipantId) {}

    /**
     * The customer participant of a CallConversation body; the one still on the line when there
     * are several (a customer leg may be replaced by a transfer). Null when the call has none.
     */
    public CustomerLeg customer(String body) {
        JsonNode participants;
        try {
            participants = json.readTree(body == null ? "" : body).path("participants");
        } catch (IOException e) {
            return null;
        }
        CustomerLeg found = null;
        String ivr = null;
        for (JsonNode participant : participants) {
            String purpose = participant.path("purpose").asText();
            if (participant.path("id").asText().isEmpty()) {
                continue;
            }
            boolean ended = ENDED.contains(participant.path("state").asText("").toLowerCase(Locale.ROOT))
                    || participant.hasNonNull("endTime");
            if ("ivr".equalsIgnoreCase(purpose) && !ended) {
                ivr = participant.path("id").asText();
            } else if ("customer".equalsIgnoreCase(purpose) && (found == null || !ended && !found.onLine())) {
                found = new CustomerLeg(participant.path("id").asText(), !ended, null);
            }
        }
        return found == null ? null : new CustomerLeg(found.participantId(), found.onLine(), ivr);
    }
}
