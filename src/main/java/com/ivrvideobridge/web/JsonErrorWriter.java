package com.ivrvideobridge.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Writes an {@link ErrorBody} from a servlet filter, before any route runs. */
@Component
public class JsonErrorWriter {

    private final ObjectMapper json;

    public JsonErrorWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ApiException problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType("application/json");
        if (problem.getRetryAfterSeconds() != null) {
            response.setHeader("Retry-After", Long.toString(problem.getRetryAfterSeconds()));
        }
        json.writeValue(response.getOutputStream(), ErrorBody.of(problem));
    }
}
