package com.ivrvideobridge.security;

import com.ivrvideobridge.sms.SmsStatusSignatureFilter;
import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies are read as UTF-8 JSON: a POST/PUT/PATCH to /api/** with another Content-Type
 * gets 415 naming the header, instead of reaching a route that would try to read it as a form
 * (camel-http parses any {@code application/x-www-form-urlencoded} body into headers and fails
 * with a 500 on one that is not a form). The landing page's POSTs under /w/ may also be
 * {@code text/plain} (sendBeacon); the gateway callbacks listed here are forms. A charset other than
 * UTF-8 (or its subset US-ASCII), a wildcard or an unparsable type is 415 too, and so is a body
 * without a Content-Type; an empty body is not looked at. Runs after BodySizeLimitFilter (413
 * first, and the body's length is known even when it came chunked).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class JsonContentTypeFilter extends OncePerRequestFilter {

    static final Set<String> FORM_ENDPOINTS = Set.of(SmsStatusSignatureFilter.PATH);
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);
    private static final List<MediaType> JSON_OR_TEXT = List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN);
    private static final List<MediaType> FORM = List.of(MediaType.APPLICATION_FORM_URLENCODED);

    private final JsonErrorWriter errors;

    public JsonContentTypeFilter(JsonErrorWriter errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return accepted(request) == null
                || !METHODS_WITH_BODY.contains(request.getMethod())
                || request.getContentLengthLong() == 0;
    }

    /** What the request's path accepts, or null for paths without bodies of ours. */
    private static List<MediaType> accepted(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (FORM_ENDPOINTS.contains(path)) {
            return FORM;
        }
        return path.startsWith("/api/") ? JSON : path.startsWith("/w/") ? JSON_OR_TEXT : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<MediaType> accepted = accepted(request);
        if (!acceptable(request.getContentType(), accepted)) {
            errors.write(
                    response,
                    new ApiException(
                            415,
                            "unsupported_media_type",
                            "Content-Type",
                            "Send the body as "
                                    + (accepted == FORM
                                            ? "application/x-www-form-urlencoded"
                                            : accepted == JSON
                                                    ? "JSON with Content-Type: application/json"
                                                    : "JSON with Content-Type: application/json or text/plain")
                                    + ", in UTF-8"));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean acceptable(String contentType, List<MediaType> accepted) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        if (type.isWildcardType() || type.isWildcardSubtype() || !utf8(type.getParameter("charset"))) {
            return false;
        }
        return accepted.stream().anyMatch(a -> a.equalsTypeAndSubtype(type))
                || (accepted != FORM
                        && "application".equals(type.getType())
                        && type.getSubtype().endsWith("+json"));
    }

    private static boolean utf8(String charset) {
        if (charset == null) {
            return true;
        }
        String name = charset.replace("\"", "");
        return name.equalsIgnoreCase(StandardCharsets.UTF_8.name())
                || name.equalsIgnoreCase("utf8")
                || name.equalsIgnoreCase(StandardCharsets.US_ASCII.name());
    }
}
