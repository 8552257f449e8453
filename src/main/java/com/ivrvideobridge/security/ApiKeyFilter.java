package com.ivrvideobridge.security;

import com.ivrvideobridge.sms.OpenMessagingSignatureFilter;
import com.ivrvideobridge.sms.SmsStatusSignatureFilter;
import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/**} and {@code /actuator/**} call (the {@code /actuator} index too; not health) but the handoff webhook ({@link WebhookAuthFilter}) and signed gateway
 * callbacks ({@link SmsStatusSignatureFilter}) must carry {@code Authorization: Bearer <one of bridge.security.api-keys>}.
 * Done as a filter, ahead of every route, so no route can forget it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ConstantTimeMatcher apiKeys;
    private final JsonErrorWriter errors;

    public ApiKeyFilter(SecurityProperties properties, JsonErrorWriter errors) {
        this.apiKeys = new ConstantTimeMatcher(properties.getApiKeys());
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.equals("/actuator") || path.startsWith("/actuator/")) {
            // The index, metrics and the rest of Actuator need a key; health (and its readiness and
            // liveness groups) stays open for load balancers.
            return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
        }
        return !path.startsWith("/api/")
                || WebhookAuthFilter.isWebhook(request)
                || SmsStatusSignatureFilter.isReceipt(request)
                || OpenMessagingSignatureFilter.isReceipt(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            response.setHeader("WWW-Authenticate", "Bearer");
            errors.write(
                    response,
                    new ApiException(
                            401, "unauthorized", null, "Missing credentials: send Authorization: Bearer <api key>"));
            return;
        }
        if (!apiKeys.matches(authorization.substring(BEARER.length()).trim())) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            errors.write(response, new ApiException(401, "unauthorized", null, "The API key is not valid"));
            return;
        }
        chain.doFilter(request, response);
    }
}
