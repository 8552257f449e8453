package com.ivrvideobridge.security;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The handoff webhook and the decision endpoint take the credential types Genesys data actions support: Basic auth
 * ({@code bridge.webhook.username/password}) or a user-defined header. Compared in constant time.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class WebhookAuthFilter extends OncePerRequestFilter {

    public static final String PATH = "/api/v1/handoffs";

    private final ConstantTimeMatcher basic;
    private final ConstantTimeMatcher header;
    private final String headerName;
    private final JsonErrorWriter errors;

    public WebhookAuthFilter(WebhookProperties properties, JsonErrorWriter errors) {
        this.basic = new ConstantTimeMatcher(
                properties.username().isBlank()
                        ? List.of()
                        : List.of(properties.username() + ":" + properties.password()));
        this.headerName = properties.headerName();
        this.header = new ConstantTimeMatcher(headerName.isBlank() ? List.of() : List.of(properties.headerValue()));
        this.errors = errors;
    }

    /** The decision Architect's wait loop asks for: a second data action on the same integration. */
    private static final Pattern DECISION = Pattern.compile("/api/v1/handoffs/[^/]+/decision");

    /** The calls Architect makes (the offer and the decision): the data action credentials, not an API key. */
    static boolean isWebhook(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && PATH.equals(request.getRequestURI())
                || "GET".equals(request.getMethod())
                        && DECISION.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isWebhook(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (basic.matches(basicCredentials(request.getHeader("Authorization")))
                || (!headerName.isBlank() && header.matches(request.getHeader(headerName)))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"ivr-video-bridge\"");
        errors.write(
                response,
                new ApiException(
                        401,
                        "unauthorized",
                        null,
                        "Missing or wrong webhook credentials (Basic auth or the configured credential header)"));
    }

    /** The "user:password" of a Basic Authorization header, or null. */
    static String basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
