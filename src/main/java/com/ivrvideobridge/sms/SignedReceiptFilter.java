package com.ivrvideobridge.sms;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A provider's signed delivery receipts, POSTed to one path: the signature is checked over the raw
 * body before any route runs; a missing or wrong one is 403 (JSON error naming the header) and
 * changes nothing. Runs after BodySizeLimitFilter has buffered the body, so the route reads it again.
 */
abstract class SignedReceiptFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SignedReceiptFilter.class);

    private final String path;
    private final String header;
    private final JsonErrorWriter errors;

    SignedReceiptFilter(String path, String header, JsonErrorWriter errors) {
        this.path = path;
        this.header = header;
        this.errors = errors;
    }

    static boolean isPost(HttpServletRequest request, String path) {
        return "POST".equals(request.getMethod()) && path.equals(request.getRequestURI());
    }

    /** Whether the request carries a valid signature (in {@code header}) over this raw body; an ApiException (4xx) for a body it cannot read. */
    abstract boolean verified(HttpServletRequest request, byte[] body);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isPost(request, path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            if (!verified(request, request.getInputStream().readAllBytes())) {
                log.warn("Refused a delivery receipt to {} with a missing or wrong {}", path, header);
                refuse(response, new ApiException(403, "invalid_signature", header, "Missing or wrong " + header));
                return;
            }
        } catch (ApiException unreadable) {
            log.warn("Refused a delivery receipt to {}: {}", path, unreadable.getMessage());
            refuse(response, unreadable);
            return;
        }
        chain.doFilter(request, response);
    }

    void refuse(HttpServletResponse response, ApiException problem) throws IOException {
        errors.write(response, problem);
    }
}
