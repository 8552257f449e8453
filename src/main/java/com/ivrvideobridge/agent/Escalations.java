package com.ivrvideobridge.agent;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.support.ExchangeProperties;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Route-to-agent (routes/agent/route-to-agent.yaml): the decision that a caller needs an agent. The
 * handoff becomes ESCALATED once, with one reason and one note (the first trigger's: however many
 * triggers or instances race, the others find it escalated), and in the same Redis step the agent
 * routing job is queued ({@link AgentRouting}), which reaches the caller durably: the decision
 * endpoint tells Architect to transfer a caller still on the line, and a caller who hung up gets a
 * callback. Nothing here calls Genesys, so any route (an HTTP receipt included) may escalate.
 */
@Component("escalations")
public class Escalations {

    /** Exchange properties the route reads: why, in a code (queue mapping) and in words (the note). */
    public static final String REASON = ExchangeProperties.ESCALATION_REASON;

    public static final String NOTE = ExchangeProperties.ESCALATION_NOTE;

    /** Reasons, as {@code video_reason} and the funnel's escalatedByReason name them. */
    public static final String NOT_VIEWED = "not_viewed";

    public static final String NOT_SENT = "not_sent";
    public static final String OPENED_NOT_STARTED = "opened_not_started";
    /** Reason of a caller who started the video and gave up early (see TimeoutProperties). */
    public static final String ABANDONED = "abandoned";

    public static final String NO_CONTACT_PATH = "no_contact_path";

    /** Where each reason may escalate from: never over a caller who has moved on meanwhile. */
    private static final List<HandoffStatus> NOT_YET_OPENED =
            List.of(HandoffStatus.OFFERED, HandoffStatus.SENT, HandoffStatus.DELIVERED, HandoffStatus.FAILED);

    private static final Map<String, List<HandoffStatus>> ALLOWED_FROM = Map.of(
            ABANDONED, List.of(HandoffStatus.STARTED),
            OPENED_NOT_STARTED, List.of(HandoffStatus.OPENED));

    private final HandoffStore store;
    private final AgentProperties agents;
    private final AgentRouting routing;
    private final Clock clock;

    public Escalations(HandoffStore store, AgentProperties agents, AgentRouting routing, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.routing = routing;
        this.clock = clock;
    }

    /**
     * ESCALATED with the reason, the note and the queue, and the agent routing job due now, in one
     * atomic step (the escalation lock: of any number of triggers, only the first changes the
     * handoff). Nothing happens when the handoff had moved on (already escalated by an earlier
     * trigger, or opened, started, completed meanwhile). The exchange is not changed.
     */
    public void escalateOnce(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(REASON) String reason,
            @ExchangeProperty(NOTE) String note) {
        store.escalateOnce(
                handoff.id(),
                ALLOWED_FROM.getOrDefault(reason, NOT_YET_OPENED),
                note,
                Map.of(
                        AgentRouting.REASON,
                        reason,
                        AgentRouting.NOTE,
                        note,
                        AgentRouting.QUEUE,
                        agents.queueFor(handoff.call().assetId(), reason),
                        AgentRouting.ESCALATED_AT,
                        clock.instant().toString()),
                routing.dueSetKey(),
                handoff.id(),
                clock.millis());
    }

    /** Why a caller goes to an agent: a code (the REASON property) and words for the agent (NOTE). */
    public record Reason(String code, String note) {}

    /**
     * Why a deadline that passed sends the caller to an agent (the route sets it as the REASON and
     * NOTE properties), from where the caller got to: never sent (a backlog), sent but not opened,
     * opened but never started (a link scanner that runs scripts opens links too), or started and
     * given up early ("Video tutorial started, stopped at 20 %").
     */
    public Reason timeoutReason(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff due) {
        Handoff handoff = store.find(due.id()).orElse(due);
        return switch (handoff.status()) {
            case OFFERED -> new Reason(NOT_SENT, "Video tutorial offered but not sent in time");
            case OPENED -> new Reason(OPENED_NOT_STARTED, "Video tutorial opened but not started");
            case STARTED ->
                new Reason(
                        ABANDONED, "Video tutorial started, stopped at " + store.watchedPercent(handoff.id()) + " %");
            default -> new Reason(NOT_VIEWED, "Video tutorial offered but not viewed");
        };
    }
}
