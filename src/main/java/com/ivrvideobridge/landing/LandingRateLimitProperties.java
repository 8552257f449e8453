package com.ivrvideobridge.landing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.landing.rate-limit.*}: requests to {@code /w/**} per window, counted in Redis (so
 * shared by every instance) per link and per client address; 0 turns a limit off.
 *
 * @param perLink    requests per window to one link (its page, handshake, playlists, telemetry):
 *                   a viewer makes about 35 a minute (telemetry every 2 s, a few playlists)
 * @param perAddress requests per window from one client address, all links together: generous,
 *                   since many phones share a carrier's NAT address
 * @param window     length of the fixed window both are counted in
 */
@ConfigurationProperties("bridge.landing.rate-limit")
public record LandingRateLimitProperties(
        @DefaultValue("120") int perLink,
        @DefaultValue("600") int perAddress,
        @DefaultValue("1m") Duration window) {}
