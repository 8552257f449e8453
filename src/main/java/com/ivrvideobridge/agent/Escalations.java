package com.ivrvideobridge.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Route-to-agent (routes/route-to-agent.yaml): the handoff becomes ESCALATED once (an atomic
 * transition, so several triggers or instances make one callback), and the Genesys callback
 * carries the context note in {@code data}, which the agent sees as participant attributes.
 */
@Component("escalations")
public class Escalations {

    /** Exchange properties the route reads: why, in a code (queue mapping) and in words (the note). */
    public static final String REASON = "escalationReason";
    public static final String NOTE = "escalationNote";

    private static final List<HandoffStatus> NOT_YET_OPENED = List.of(
            HandoffStatus.OFFERED, HandoffStatus.SENT, HandoffStatus.DELIVERED, HandoffStatus.FAILED);

    private final HandoffStore store;
    private final AgentProperties agents;
    private final ObjectMapper json;
    private final Clock clock;

    public Escalations(HandoffStore store, AgentProperties agents, ObjectMapper json, Clock clock) {
        this.store = store;
        this.agents = agents;
        this.json = json;
        this.clock = clock;
    }

    /** True when this call escalated the handoff; false when it had already ended (nothing more to do). */
    public boolean escalate(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        String note = exchange.getProperty(NOTE, String.class);
        // Never over a caller who opened the link meanwhile (a timeout racing the page).
        return store.transitionFrom(handoff.id(), HandoffStatus.ESCALATED, NOT_YET_OPENED, note);
    }

    /** Whether Genesys can call the caller back (a callback needs a number). */
    public boolean canCallBack(Exchange exchange) {
        return exchange.getProperty("handoff", Handoff.class).call().hasPhoneNumber();
    }

    /** Body of {@code POST /api/v2/conversations/callbacks} (CreateCallbackCommand). */
    public void callbackRequest(Exchange exchange) throws JsonProcessingException {
        Handoff handoff = store.find(exchange.getProperty("handoff", Handoff.class).id())
                .orElse(exchange.getProperty("handoff", Handoff.class));
        String reason = exchange.getProperty(REASON, String.class);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("video_note", exchange.getProperty(NOTE, String.class));
        data.put("video_reason", reason);
        data.put("video_asset_id", handoff.call().assetId());
        data.put("video_channel", String.valueOf(handoff.channel()));
        data.put("video_delivery_status", lastDelivery(handoff.id()));
        data.put("video_offered_at", handoff.createdAt().toString());
        data.put("video_escalated_at", clock.instant().toString());
        data.put("video_handoff_id", handoff.id());
        data.put("voice_conversation_id", handoff.call().conversationId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queueId", agents.queueFor(handoff.call().assetId(), reason));
        body.put("callbackNumbers", List.of(handoff.call().phoneNumber()));
        body.put("callbackUserName", handoff.call().customerId() == null ? "Caller" : handoff.call().customerId());
        body.put("data", data);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }

    private String lastDelivery(String handoffId) {
        return store.history(handoffId).stream().filter(e -> e.status() != null && e.status() != HandoffStatus.ESCALATED)
                .reduce((first, second) -> second).map(e -> e.status().name()).orElse("OFFERED");
    }
}
