package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ivrvideobridge.support.ExchangeProperties;
import com.ivrvideobridge.support.LoggableUrls;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * What happens when a web push fails for good (routes/delivery/sms-fallback.yaml), one route step
 * each: the history note and the SMS record, or the FAILED mark and the note for the agent. The
 * refusal is the exception the web-push-fallback policy caught ({@link Exchange#EXCEPTION_CAUGHT}).
 */
@Component("fallbacks")
public class Fallbacks {

    private final Handoffs handoffs;

    public Fallbacks(Handoffs handoffs) {
        this.handoffs = handoffs;
    }

    /** A history note: the web push failed for good, an SMS goes instead. */
    public void noteSmsFallback(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        handoffs.note(handoff, "web push failed for good (" + reason(failure) + "): falling back to SMS");
    }

    /** The handoff's record for the bus, as an SMS. */
    public String smsRecord(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff)
            throws JsonProcessingException {
        return handoffs.toJson(handoff.withChannel("sms"));
    }

    /** No phone to fall back to: the handoff FAILED (the caller then goes to an agent at once). */
    public void markFailed(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        handoffs.transition(
                handoff,
                HandoffStatus.FAILED.name(),
                "web push failed for good (" + reason(failure) + ") and there is no phone number for an SMS");
    }

    /** The escalation note for the agent (property escalationNote of route-to-agent). */
    public String escalationNote(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        return "Video tutorial offered but not delivered (web push refused: " + reason(failure)
                + "; no phone number for an SMS)";
    }

    /** A failure in words: an HTTP refusal by status and (credential-free) URL, else the exception. */
    public static String reason(Exception failure) {
        if (failure instanceof HttpOperationFailedException http) {
            return "HTTP " + http.getStatusCode() + " from " + LoggableUrls.of(http.getUri());
        }
        return failure == null ? "unknown error" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
