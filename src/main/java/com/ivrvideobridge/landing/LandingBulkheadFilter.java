package com.ivrvideobridge.landing;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The callers' side ({@code /w/**}: landing pages, handshakes, playlists, telemetry) gets at most
 * {@code bridge.landing.max-concurrent} of Tomcat's request threads at once. Every HTTP route runs
 * on its request thread, so without this a flood of viewers, or telemetry waiting on a slow broker,
 * could hold all of them and Architect's webhook would wait behind them. A request over the limit
 * is answered at once: 503 {@code {"error":"busy"}} with {@code Retry-After} (the page resends its
 * telemetry and retries its handshake). Runs right after the path check, before anything reads the
 * body, so a slow upload holds its permit like any other request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class LandingBulkheadFilter extends OncePerRequestFilter {

    private final Semaphore permits;
    private final long retryAfterSeconds;
    private final JsonErrorWriter errors;
    private final Counter busy;

    public LandingBulkheadFilter(
            @Value("${bridge.landing.max-concurrent:100}") int maxConcurrent,
            @Value("${bridge.landing.busy-retry-after:2s}") Duration busyRetryAfter,
            JsonErrorWriter errors,
            MeterRegistry registry) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException(
                    "bridge.landing.max-concurrent must be at least 1, was " + maxConcurrent);
        }
        this.permits = new Semaphore(maxConcurrent);
        this.retryAfterSeconds = Math.max(1, busyRetryAfter.toSeconds());
        this.errors = errors;
        this.busy = Counter.builder("bridge.landing.busy")
                .description("Landing-page requests refused with 503 busy (bridge.landing.max-concurrent in use)")
                .register(registry);
        Gauge.builder("bridge.landing.in.flight", permits, p -> maxConcurrent - p.availablePermits())
                .description("Landing-page requests being served now")
                .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/w/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            busy.increment();
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
            response.setHeader("Cache-Control", "no-store");
            errors.write(
                    response,
                    new ApiException(
                            503, "busy", null, "Too many viewers at once; retry in " + retryAfterSeconds + " s"));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
