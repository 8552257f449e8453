package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ivrvideobridge.support.LoggableUrls;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/** What happens when a web push fails for good (routes/delivery/sms-fallback.yaml). */
@Component("fallbacks")
public class Fallbacks {

    private final Handoffs handoffs;

    public Fallbacks(Handoffs handoffs) {
        this.handoffs = handoffs;
    }

    /** Notes why, and makes the handoff's SMS record for the bus. */
    public String toSms(Exchange exchange) throws JsonProcessingException {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        handoffs.note(handoff, "web push failed for good (" + reason(exchange) + "): falling back to SMS");
        return handoffs.toJson(handoff.withChannel("sms"));
    }

    /**
     * No phone to fall back to: the handoff FAILED, and the escalation properties set for
     * route-to-agent (the caller goes to an agent at once).
     */
    public void fail(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        String reason = reason(exchange);
        handoffs.transition(
                handoff,
                HandoffStatus.FAILED.name(),
                "web push failed for good (" + reason + ") and there is no phone number for an SMS");
        exchange.setProperty("escalationReason", "delivery_failed");
        exchange.setProperty(
                "escalationNote",
                "Video tutorial offered but not delivered (web push refused: " + reason
                        + "; no phone number for an SMS)");
    }

    public static String reason(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + " from " + LoggableUrls.of(http.getUri());
        }
        return failure == null ? "unknown error" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
