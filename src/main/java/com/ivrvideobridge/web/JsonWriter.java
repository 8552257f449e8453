package com.ivrvideobridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/** Writes a route's result as JSON with the application's ObjectMapper (ISO-8601 dates). */
@Component("jsonWriter")
public class JsonWriter {

    private final ObjectMapper json;

    public JsonWriter(ObjectMapper json) {
        this.json = json;
    }

    public String write(Object value) throws JsonProcessingException {
        return json.writeValueAsString(value);
    }
}
