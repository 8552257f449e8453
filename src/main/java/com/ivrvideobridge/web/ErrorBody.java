package com.ivrvideobridge.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error response: {@code {"error": code, "message": ..., "field": ...}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String field) {

    public static ErrorBody of(ApiException e) {
        return new ErrorBody(e.getCode(), e.getMessage(), e.getField());
    }
}
