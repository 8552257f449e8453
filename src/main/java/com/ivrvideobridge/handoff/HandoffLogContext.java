package com.ivrvideobridge.handoff;

import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The handoff id and the voice conversation id on every log line written about a handoff.
 * Whatever finds a handoff in an exchange tags it here: the ids become exchange properties, which
 * HandoffMdc puts in the MDC of every later step of the exchange, in every route it reaches
 * (dead-letter and wire-tapped copies too); and they go in the MDC at once for the rest of the step
 * that found the handoff (HandoffMdc restores the MDC when a step ends on the thread it began on:
 * hence synchronous=true on the Kafka endpoints, so that no step ends on a Kafka client thread and
 * leaves the ids behind). Only the ids: the Handoff itself holds the caller's phone number.
 */
@Component("handoffLogContext")
public class HandoffLogContext {

    public static final String HANDOFF_ID = "handoffId";
    public static final String CONVERSATION_ID = "conversationId";

    public void tag(Exchange exchange, Handoff handoff) {
        if (handoff != null) {
            tag(exchange, handoff.id(), handoff.call().conversationId());
        }
    }

    public void tag(Exchange exchange, String handoffId, String conversationId) {
        put(exchange, HANDOFF_ID, handoffId);
        put(exchange, CONVERSATION_ID, conversationId);
    }

    private void put(Exchange exchange, String name, String value) {
        if (value == null) {
            return;
        }
        exchange.setProperty(name, value);
        // Safe only inside a route step: HandoffMdc puts the thread's MDC back when the step ends.
        MDC.put(name, value);
    }
}
