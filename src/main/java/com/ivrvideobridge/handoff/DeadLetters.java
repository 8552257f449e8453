package com.ivrvideobridge.handoff;

import com.ivrvideobridge.genesys.OutboundRetry;
import com.ivrvideobridge.ops.BridgeMetrics;
import com.ivrvideobridge.support.LoggableUrls;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Prepares an exhausted message for the dead-letter topic (routes/shared/dead-letter.yaml): the body
 * the route started with (its {@code bridgeOriginalBody} property), plus headers saying what failed, where, and after how many attempts. A
 * permanent refusal (4xx) marks the handoff FAILED; an outage leaves it to be replayed.
 */
@Component("deadLetters")
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /**
     * Header saying where a replay puts the message back (a bus name: {@code handoffs},
     * {@code telemetry}), copied from the route's {@code bridgeReplayTo} property; absent: not replayable.
     */
    public static final String REPLAY = "bridge-replay";

    private final Handoffs handoffs;
    private final BridgeMetrics metrics;

    public DeadLetters(Handoffs handoffs, BridgeMetrics metrics) {
        this.handoffs = handoffs;
        this.metrics = metrics;
    }

    /** The dead letter; takes the exchange: the failure, the failed endpoint and the source route are only there. */
    public void describe(Exchange exchange) {
        metrics.deadLetter();
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String endpoint = LoggableUrls.of(exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class));
        if (failure instanceof HttpOperationFailedException http) {
            endpoint = LoggableUrls.of(http.getUri());
        }
        // The original message comes back without Camel's counter header: OutboundRetry counts in a property.
        int attempts = 1 + exchange.getProperty(OutboundRetry.RETRIES, 0, Integer.class);
        String error = Fallbacks.reason(failure);
        String source = exchange.getFromEndpoint() == null
                ? ""
                : URISupport.sanitizeUri(exchange.getFromEndpoint().getEndpointUri());
        String replayTo = exchange.getProperty("bridgeReplayTo", String.class);

        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(exchange.getProperty("bridgeOriginalBody"));
        exchange.getMessage().setHeader("bridge-error", error);
        exchange.getMessage()
                .setHeader("bridge-failed-endpoint", endpoint == null ? "" : URISupport.sanitizeUri(endpoint));
        exchange.getMessage().setHeader("bridge-attempts", Integer.toString(attempts));
        exchange.getMessage().setHeader("bridge-source", source);
        if (replayTo != null) {
            exchange.getMessage().setHeader(REPLAY, replayTo);
        }
        String key = exchange.getProperty("bridgeRecordKey", String.class);
        if (key != null) {
            exchange.getMessage().setHeader("kafka.KEY", key);
        }

        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        // Set below only when this dead letter sends the caller to an agent (never for a failed escalation).
        exchange.removeProperty("escalationReason");
        exchange.removeProperty("escalationNote");
        if (handoff != null) {
            exchange.getMessage().setHeader("kafka.KEY", handoff.id());
            String channel = exchange.getProperty("sendingChannel", String.class);
            // Only the send of the message itself (send-handoff: replayable onto the handoffs bus)
            // can fail the delivery. A follow-up call (participant attributes, the "session
            // started" notice, an escalation) refused for good is dead-lettered and noted: the
            // caller got the link all the same.
            boolean messageSend = channel != null && "handoffs".equals(replayTo);
            if (!messageSend) {
                handoffs.note(handoff, "follow-up call dead-lettered after " + attempts + " attempts: " + error);
            } else if (Refusals.refusedForGood(failure)) {
                // Refused for good: FAILED, and the caller goes to an agent at once (routes/shared/dead-letter.yaml).
                if (handoffs.transition(
                        handoff, HandoffStatus.FAILED.name(), channel + " could not be delivered: " + error)) {
                    exchange.setProperty("escalationReason", "delivery_failed");
                    exchange.setProperty(
                            "escalationNote",
                            "Video tutorial offered but not delivered (" + channel + " refused: " + error + ")");
                }
            } else {
                handoffs.note(handoff, channel + " send dead-lettered after " + attempts + " attempts: " + error);
            }
            log.warn("Handoff {} dead-lettered after {} attempts: {}", handoff.id(), attempts, error);
        } else {
            log.warn("Message from {} dead-lettered after {} attempts: {}", source, attempts, error);
        }
    }
}
