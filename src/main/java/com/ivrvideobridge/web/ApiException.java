package com.ivrvideobridge.web;

import java.time.Duration;

/**
 * A request the service refuses, with the HTTP status, a stable machine-readable code and a
 * message that names the problem. Routes let it propagate; the {@code api-errors} route
 * configuration turns it into the JSON error body.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private Duration retryAfter;

    public ApiException(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "invalid_request", field, message);
    }

    /** Answers with {@code Retry-After} (whole seconds, rounded up): when trying again may succeed. */
    public ApiException retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /** The {@code Retry-After} value in seconds, or null when the answer has none. */
    public Long getRetryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public int getStatus() {
        return status;
    }

    public String getCode() {
        return code;
    }

    public String getField() {
        return field;
    }
}
