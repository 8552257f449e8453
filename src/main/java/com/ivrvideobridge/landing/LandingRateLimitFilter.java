package com.ivrvideobridge.landing;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits on the landing links ({@code /w/**}): per link and per client address, in fixed
 * windows counted in Redis, so every instance shares them. Past a limit the answer is 429 with
 * {@code Retry-After} (the end of the window) before anything else runs: the page's script resends
 * its telemetry after a 429, so a viewer loses nothing. The client address is the connection's
 * ({@code request.getRemoteAddr()}); behind a load balancer, Tomcat's RemoteIpValve takes it from
 * X-Forwarded-For, but only on connections from the addresses in
 * {@code server.tomcat.remoteip.internal-proxies} ({@code server.forward-headers-strategy: native}).
 * With Redis unreachable it lets requests through (the routes behind it fail on their own) and
 * says so once in the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class LandingRateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LandingRateLimitFilter.class);
    /** A well-formed link token (LandingLinks); anything else is counted per address only. */
    private static final Pattern LINK = Pattern.compile("^/w/([A-Za-z0-9_-]{22})(?:/.*)?$");

    /** KEYS: counters of this window. ARGV: window (ms). Returns each counter after this request. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> COUNT = new DefaultRedisScript<>("""
            local counts = {}
            for i = 1, #KEYS do
              local n = redis.call('INCR', KEYS[i])
              if n == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
              table.insert(counts, n)
            end
            return counts
            """, List.class);

    private final LandingRateLimitProperties limits;
    private final StringRedisTemplate redis;
    private final JsonErrorWriter errors;
    private final Clock clock;
    private final AtomicBoolean redisDown = new AtomicBoolean();

    public LandingRateLimitFilter(
            LandingRateLimitProperties limits, StringRedisTemplate redis, JsonErrorWriter errors, Clock clock) {
        this.limits = limits;
        this.redis = redis;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/w/") || (limits.perLink() <= 0 && limits.perAddress() <= 0);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long window = limits.window().toMillis();
        long now = clock.millis();
        long index = now / window;
        List<String> keys = new ArrayList<>(2);
        List<Limit> applied = new ArrayList<>(2);
        Matcher link = LINK.matcher(request.getRequestURI());
        if (limits.perLink() > 0 && link.matches()) {
            keys.add("bridge:rate:link:" + link.group(1) + ":" + index);
            applied.add(new Limit("this link", limits.perLink()));
        }
        if (limits.perAddress() > 0) {
            keys.add("bridge:rate:address:" + request.getRemoteAddr() + ":" + index);
            applied.add(new Limit("your address", limits.perAddress()));
        }
        List<?> counts = count(keys, window);
        for (int i = 0; counts != null && i < counts.size(); i++) {
            Limit limit = applied.get(i);
            if (((Number) counts.get(i)).longValue() > limit.most()) {
                errors.write(
                        response,
                        new ApiException(
                                        429,
                                        "rate_limited",
                                        null,
                                        "Too many requests to " + limit.what() + ": at most " + limit.most() + " per "
                                                + limits.window().toSeconds() + " s")
                                .retryAfter(Duration.ofMillis((index + 1) * window - now)));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The counters after this request, or null when Redis cannot say (the request goes through). */
    private List<?> count(List<String> keys, long window) {
        try {
            List<?> counts = redis.execute(COUNT, keys, Long.toString(window));
            if (redisDown.compareAndSet(true, false)) {
                log.info("Landing rate limits are counted again");
            }
            return counts;
        } catch (DataAccessException e) {
            if (redisDown.compareAndSet(false, true)) {
                log.warn(
                        "Landing rate limits cannot be counted (Redis: {}): requests go through unlimited until it is back",
                        e.getMessage());
            }
            return null;
        }
    }

    private record Limit(String what, int most) {}
}
