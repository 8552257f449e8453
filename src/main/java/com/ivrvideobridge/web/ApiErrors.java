package com.ivrvideobridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/** Renders the exception an HTTP route caught as a JSON error response (used by routes/shared/api-errors.yaml). */
@Component("apiErrors")
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final ObjectMapper json;

    public ApiErrors(ObjectMapper json) {
        this.json = json;
    }

    /** The error answer; takes the exchange: the caught exception in, the whole HTTP answer (status, headers, body) out. */
    public void render(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException problem = classify(failure);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.getStatus());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (problem.getRetryAfterSeconds() != null) {
            exchange.getMessage().setHeader("Retry-After", problem.getRetryAfterSeconds());
        }
        exchange.getMessage().setBody(json.writeValueAsString(ErrorBody.of(problem)));
    }

    private ApiException classify(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof JsonProcessingException parse) {
            return new ApiException(
                    400, "malformed_json", null, "Request body is not valid JSON: " + parse.getOriginalMessage());
        }
        if (busTimedOut(failure)) {
            log.warn("Kafka did not acknowledge in time: answering 503 (the caller's retry publishes again)");
            return new ApiException(
                    503,
                    "bus_unavailable",
                    null,
                    "The message bus did not acknowledge in time; retry the same call (it is idempotent)");
        }
        if (causedBy(failure, DataAccessException.class)) {
            log.warn("The state store (Redis) failed: answering 503 ({})", failure.getMessage());
            return new ApiException(
                    503,
                    "state_unavailable",
                    null,
                    "The state store is unreachable; retry the same call (it is idempotent)");
        }
        // Unexpected: log the detail with a reference, show the caller only the reference.
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure (reference {})", reference, failure);
        return new ApiException(500, "internal_error", null, "Unexpected error; reference " + reference);
    }

    /** A Kafka producer timeout anywhere in the cause chain (broker down or unreachable). */
    private static boolean busTimedOut(Throwable failure) {
        return causedBy(failure, TimeoutException.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
