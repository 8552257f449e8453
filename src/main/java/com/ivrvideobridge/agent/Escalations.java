package com.ivrvideobridge.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.deadline.TimeoutProperties;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffProperties;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Route-to-agent (routes/route-to-agent.yaml): the handoff becomes ESCALATED once (an atomic
 * transition, so several triggers or instances make one callback), and the Genesys callback
 * carries the context note in {@code data}, which the agent sees as participant attributes.
 * Crash-safe both ways: the agent is marked told only after the call to Genesys succeeded, and a
 * handoff ESCALATED but not yet told (its instance died in between) is told by the next trigger.
 */
@Component("escalations")
public class Escalations {

    /** Exchange properties the route reads: why, in a code (queue mapping) and in words (the note). */
    public static final String REASON = "escalationReason";
    public static final String NOTE = "escalationNote";
    /** Reason of a caller who started the video and gave up early (see TimeoutProperties). */
    public static final String ABANDONED = "abandoned";

    private static final List<HandoffStatus> NOT_YET_OPENED = List.of(
            HandoffStatus.OFFERED, HandoffStatus.SENT, HandoffStatus.DELIVERED, HandoffStatus.FAILED);

    private static final String TELLING = "bridge:escalation-telling:";
    private static final String NOTIFIED = "bridge:escalation-told:";
    /** Longer than the worst case of the retries of a callback or a transfer (bridge.outbound.*). */
    private static final Duration TELLING_LOCK = Duration.ofMinutes(5);

    private final HandoffStore store;
    private final StringRedisTemplate redis;
    private final TimeoutProperties timeouts;
    private final HandoffProperties handoffs;
    private final AgentProperties agents;
    private final ObjectMapper json;
    private final Clock clock;

    public Escalations(HandoffStore store, AgentProperties agents, ObjectMapper json, Clock clock,
                       StringRedisTemplate redis, TimeoutProperties timeouts, HandoffProperties handoffs) {
        this.redis = redis;
        this.timeouts = timeouts;
        this.handoffs = handoffs;
        this.store = store;
        this.agents = agents;
        this.json = json;
        this.clock = clock;
    }

    /** True when this call escalated the handoff; false when it had already ended (nothing more to do). */
    public boolean escalate(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        String note = exchange.getProperty(NOTE, String.class);
        // Never over a caller who opened the link meanwhile (a timeout racing the page); an
        // abandoned video only while the caller is still where they gave up.
        List<HandoffStatus> from = ABANDONED.equals(exchange.getProperty(REASON, String.class))
                ? List.of(HandoffStatus.STARTED) : NOT_YET_OPENED;
        boolean escalated = store.transitionFrom(handoff.id(), HandoffStatus.ESCALATED, from, note);
        if (escalated) {
            store.tag(handoff.id(), "escalationReason", exchange.getProperty(REASON, String.class));
        } else if (!store.find(handoff.id()).map(h -> h.status() == HandoffStatus.ESCALATED).orElse(false)
                || Boolean.TRUE.equals(redis.hasKey(NOTIFIED + handoff.id()))) {
            return false;
        }
        // ESCALATED, but the agent not told yet: this call tells them, unless another is doing it
        // now. An instance that died before telling them leaves it to the next (the lock runs out).
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(TELLING + handoff.id(), "1", TELLING_LOCK));
    }

    /** After the callback or transfer was made: the agent has been told; no trigger repeats it. */
    public void told(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        redis.opsForValue().set(NOTIFIED + handoff.id(), "1", handoffs.getStateTtl());
    }

    /**
     * Why a deadline that passed sends the caller to an agent, set as the REASON and NOTE
     * properties: the link was never opened, or the video was started and given up early
     * ("Video tutorial started, stopped at 20 %").
     */
    public void timeoutReason(Exchange exchange) {
        Handoff handoff = store.find(exchange.getProperty("handoff", Handoff.class).id())
                .orElse(exchange.getProperty("handoff", Handoff.class));
        if (handoff.status() == HandoffStatus.STARTED) {
            exchange.setProperty(REASON, ABANDONED);
            exchange.setProperty(NOTE, "Video tutorial started, stopped at " + store.watchedPercent(handoff.id()) + " %");
        } else {
            exchange.setProperty(REASON, "not_viewed");
            exchange.setProperty(NOTE, "Video tutorial offered but not viewed");
        }
    }

    /** Whether Genesys can call the caller back (a callback needs a number). */
    public boolean canCallBack(Exchange exchange) {
        return exchange.getProperty("handoff", Handoff.class).call().hasPhoneNumber();
    }

    /**
     * Whether this escalation transfers the live call (bridge.agent.mode=transfer) instead of
     * calling back. Not when the webhook already answered "agent" (no_contact_path): the IVR flow
     * transfers that call itself.
     */
    public boolean transfersLiveCall(Exchange exchange) {
        return agents.transfersLiveCall() && !"no_contact_path".equals(exchange.getProperty(REASON, String.class));
    }

    /** Body of {@code POST /api/v2/conversations/callbacks} (CreateCallbackCommand). */
    public void callbackRequest(Exchange exchange) throws JsonProcessingException {
        Handoff handoff = current(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queueId", queue(exchange, handoff));
        body.put("callbackNumbers", List.of(handoff.call().phoneNumber()));
        body.put("callbackUserName", handoff.call().customerId() == null ? "Caller" : handoff.call().customerId());
        body.put("data", note(exchange, handoff));
        setJson(exchange, body);
    }

    /**
     * Before a blind transfer: the note as participant attributes on the voice call
     * ({@code PATCH .../participants/{p}/attributes}), which the agent who answers sees.
     */
    public void noteAttributes(Exchange exchange) throws JsonProcessingException {
        setJson(exchange, Map.of("attributes", note(exchange, current(exchange))));
    }

    /** Body of the blind transfer, {@code POST /api/v2/conversations/calls/{c}/participants/{p}/replace} (TransferRequest). */
    public void transferRequest(Exchange exchange) throws JsonProcessingException {
        setJson(exchange, Map.of("queueId", queue(exchange, current(exchange))));
    }

    /** What the agent is told, as flat strings (callback data, or participant attributes). */
    private Map<String, String> note(Exchange exchange, Handoff handoff) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("video_note", exchange.getProperty(NOTE, String.class));
        data.put("video_reason", exchange.getProperty(REASON, String.class));
        data.put("video_asset_id", handoff.call().assetId());
        data.put("video_channel", String.valueOf(handoff.channel()));
        data.put("video_delivery_status", lastDelivery(handoff.id()));
        data.put("video_offered_at", handoff.createdAt().toString());
        data.put("video_escalated_at", clock.instant().toString());
        data.put("video_handoff_id", handoff.id());
        data.put("voice_conversation_id", handoff.call().conversationId());
        return data;
    }

    private String queue(Exchange exchange, Handoff handoff) {
        return agents.queueFor(handoff.call().assetId(), exchange.getProperty(REASON, String.class));
    }

    private Handoff current(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        return store.find(handoff.id()).orElse(handoff);
    }

    private void setJson(Exchange exchange, Object body) throws JsonProcessingException {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }

    private String lastDelivery(String handoffId) {
        return store.history(handoffId).stream().filter(e -> e.status() != null && e.status() != HandoffStatus.ESCALATED)
                .reduce((first, second) -> second).map(e -> e.status().name()).orElse("OFFERED");
    }
}
