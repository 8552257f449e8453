package com.ivrvideobridge.security;

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
 * The pages operators open in a browser, which cannot send a Bearer header on navigation: the
 * dashboard ({@code /dashboard/**}) and the local sandbox ({@code /sandbox/**}). They ask for Basic
 * credentials instead, any user name and one of {@code bridge.security.api-keys} as the password
 * (compared in constant time).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class DashboardAuthFilter extends OncePerRequestFilter {

    private final ConstantTimeMatcher apiKeys;
    private final JsonErrorWriter errors;

    public DashboardAuthFilter(SecurityProperties properties, JsonErrorWriter errors) {
        this.apiKeys = new ConstantTimeMatcher(properties.getApiKeys());
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.equals("/dashboard")
                && !path.startsWith("/dashboard/")
                && !path.equals("/sandbox")
                && !path.startsWith("/sandbox/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String credentials = WebhookAuthFilter.basicCredentials(request.getHeader("Authorization"));
        int colon = credentials == null ? -1 : credentials.indexOf(':');
        if (colon >= 0 && apiKeys.matches(credentials.substring(colon + 1))) {
            response.setHeader("Cache-Control", "no-store");
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"IVR Video Bridge\", charset=\"UTF-8\"");
        errors.write(
                response,
                new ApiException(
                        401,
                        "unauthorized",
                        null,
                        "This page needs Basic credentials: any user name, an API key as the password"));
    }
}
