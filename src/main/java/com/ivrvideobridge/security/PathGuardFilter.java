package com.ivrvideobridge.security;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First of all filters: a request path must be plain. The authentication filters match the raw
 * path, while routing decodes it and drops {@code ;parameters}, so {@code /%64ashboard} or
 * {@code /api;x/...} would reach a route past its filter. No path of ours needs an escape, a
 * parameter or a dot segment: such requests are refused (400) before anything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PathGuardFilter extends OncePerRequestFilter {

    private static final Pattern UNSAFE = Pattern.compile("[%;\\\\]|//|/\\.\\.?(/|$)");

    private final JsonErrorWriter errors;

    public PathGuardFilter(JsonErrorWriter errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (UNSAFE.matcher(request.getRequestURI()).find()) {
            errors.write(
                    response,
                    new ApiException(
                            400,
                            "invalid_path",
                            null,
                            "The request path must not contain escapes, ';' parameters, '\\\\', '//' or dot segments"));
            return;
        }
        chain.doFilter(request, response);
    }
}
