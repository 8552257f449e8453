package com.ivrvideobridge.security;

import com.ivrvideobridge.sms.SmsStatusSignatureFilter;
import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API bodies are JSON: a POST/PUT/PATCH to /api/** with another Content-Type gets 415 naming the
 * header, instead of reaching a route that would try to read it as a form. The few endpoints
 * that take forms (gateway callbacks) are listed here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class JsonContentTypeFilter extends OncePerRequestFilter {

    static final Set<String> FORM_ENDPOINTS = Set.of(SmsStatusSignatureFilter.PATH);
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final JsonErrorWriter errors;

    public JsonContentTypeFilter(JsonErrorWriter errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || !METHODS_WITH_BODY.contains(request.getMethod())
                || request.getContentLengthLong() == 0 || FORM_ENDPOINTS.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isJson(request.getContentType())) {
            errors.write(response, new ApiException(415, "unsupported_media_type", "Content-Type",
                    "Send the body as JSON with Content-Type: application/json"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
