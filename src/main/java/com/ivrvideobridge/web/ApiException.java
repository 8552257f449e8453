package com.ivrvideobridge.web;

/**
 * A request the service refuses, with the HTTP status, a stable machine-readable code and a
 * message that names the problem. Routes let it propagate; the {@code api-errors} route
 * configuration turns it into the JSON error body.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "invalid_request", field, message);
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
