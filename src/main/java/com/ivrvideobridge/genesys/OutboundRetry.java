package com.ivrvideobridge.genesys;

import com.ivrvideobridge.handoff.HandoffMdc;
import com.ivrvideobridge.support.LoggableUrls;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs before every redelivery of an outbound call (routes/shared/outbound-http.yaml, onRedeliveryRef):
 * after a 429 it waits what {@code Retry-After} asks (capped; 3 s when absent, as Genesys' own
 * SDK does); after a 401 it drops the rejected token; and it re-authorises Genesys calls.
 */
@Component("outboundRetry")
public class OutboundRetry implements Processor {

    private static final Logger log = LoggerFactory.getLogger(OutboundRetry.class);

    private final GenesysAuth auth;
    private final GenesysToken token;
    private final Duration retryAfterCap;
    private final Duration retryAfterDefault;

    public OutboundRetry(
            GenesysAuth auth,
            GenesysToken token,
            @Value("${bridge.outbound.retry-after-cap:60s}") Duration retryAfterCap,
            @Value("${bridge.outbound.retry-after-default:3s}") Duration retryAfterDefault) {
        this.auth = auth;
        this.token = token;
        this.retryAfterCap = retryAfterCap;
        this.retryAfterDefault = retryAfterDefault;
    }

    /** Exchange property counting the retries of the current outbound call (the dead letter reports it). */
    public static final String RETRIES = "bridgeOutboundRetries";

    /** A Camel Processor (onRedeliveryRef): counts the retry on the exchange, waits or re-authorises. */
    @Override
    public void process(Exchange exchange) throws InterruptedException, GenesysPacer.PacerFullException {
        // Camel runs this in its error handler, outside the route steps HandoffMdc wraps: its log
        // line gets the handoff's ids here.
        try (HandoffMdc.Saved ids = HandoffMdc.put(exchange)) {
            prepareRetry(exchange);
        }
    }

    private void prepareRetry(Exchange exchange) throws InterruptedException, GenesysPacer.PacerFullException {
        exchange.setProperty(RETRIES, exchange.getProperty(RETRIES, 0, Integer.class) + 1);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof HttpOperationFailedException http) {
            if (http.getStatusCode() == 429) {
                Duration wait = retryAfter(http.getResponseHeaders());
                log.warn(
                        "Rate limited by {} (429): waiting {} ms before retrying",
                        LoggableUrls.of(http.getUri()),
                        wait.toMillis());
                TimeUnit.MILLISECONDS.sleep(wait.toMillis());
            } else if (http.getStatusCode() == 401) {
                token.invalidate(exchange.getProperty(GenesysAuth.TOKEN_USED, String.class));
            }
        }
        if (Boolean.TRUE.equals(exchange.getProperty(GenesysAuth.GENESYS_CALL, Boolean.class))) {
            auth.authorize(exchange);
        }
    }

    Duration retryAfter(Map<String, String> headers) {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseInsensitive.putAll(headers);
        }
        String value = caseInsensitive.get("Retry-After");
        Duration wait = retryAfterDefault;
        if (value != null) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                // An HTTP date or garbage: keep the default.
            }
        }
        return wait.compareTo(retryAfterCap) > 0 ? retryAfterCap : wait;
    }
}
