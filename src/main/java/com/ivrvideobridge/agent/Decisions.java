package com.ivrvideobridge.agent;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.handoff.Ids;
import com.ivrvideobridge.web.ApiException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The decision Architect's wait loop asks for ({@code GET /api/v1/handoffs/{id}/decision},
 * routes/agent/handoff-decision-http.yaml): {@code wait} (play hold audio for {@code waitSeconds}, then ask
 * again), {@code agent} (Transfer to ACD with {@code queueId}; {@code note} says why) or
 * {@code done} (the video was watched to the end). The bridge decides; Architect only follows.
 * {@code agent} comes with the first escalation's reason and note, and is the answer from then on.
 */
@Component("decisions")
public class Decisions {

    private static final List<String> ESCALATION = List.of(AgentRouting.REASON, AgentRouting.NOTE, AgentRouting.QUEUE);

    private final HandoffStore store;
    private final AgentProperties agents;
    private final HandoffLogContext logContext;
    private final Clock clock;

    public Decisions(HandoffStore store, AgentProperties agents, HandoffLogContext logContext, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.logContext = logContext;
        this.clock = clock;
    }

    /**
     * Flat, as data action output contracts require; every field always present ("" when it does
     * not apply), so the action's output mapping never misses one.
     */
    public record Decision(String action, String status, int waitSeconds, String queueId, String note, String reason) {}

    /** The decision; takes the exchange for the log context (HandoffLogContext). */
    public Decision decide(String handoffId, Exchange exchange) {
        // Only ids of the shape we mint reach Redis: anything else would name another key.
        Handoff handoff = (Ids.isHandoffId(handoffId) ? store.find(handoffId) : Optional.<Handoff>empty())
                .orElseThrow(() -> new ApiException(404, "handoff_not_found", "handoffId", "No handoff with this id"));
        logContext.tag(exchange, handoff);
        String status = handoff.status().name();
        int wait = (int) Math.max(1, agents.decisionWait().toSeconds());
        if (handoff.status() == HandoffStatus.ESCALATED) {
            Map<String, String> escalation = store.fields(handoff.id(), ESCALATION);
            // Architect transfers this caller: the agent routing job then calls nobody back.
            if (store.tagOnce(
                    handoff.id(), AgentRouting.DECISION_SERVED, clock.instant().toString())) {
                store.note(handoff.id(), "the IVR flow asked for the decision: agent (transfer to ACD)");
            }
            return new Decision(
                    "agent",
                    status,
                    0,
                    orEmpty(escalation.get(AgentRouting.QUEUE)),
                    orEmpty(escalation.get(AgentRouting.NOTE)),
                    orEmpty(escalation.get(AgentRouting.REASON)));
        }
        if (handoff.status() == HandoffStatus.COMPLETED) {
            return new Decision("done", status, 0, "", "", "");
        }
        // Not yet decided (FAILED is escalated within moments): hold, then ask again.
        return new Decision("wait", status, wait, "", "", "");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
