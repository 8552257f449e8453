package com.ivrvideobridge.genesys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.genesys.*}: the Genesys Cloud org we talk to, as an OAuth client-credentials
 * client. {@code login-url}/{@code api-url} default to https://login.{region} and
 * https://api.{region}; {@code rate-per-minute} is what this instance allows itself (Genesys'
 * default limit is 300 per token per minute), and a call that would wait longer than
 * {@code pacer-max-wait} for its slot fails at once (retried like an outage); the token is renewed
 * {@code token-refresh-margin} before it expires.
 */
@ConfigurationProperties("bridge.genesys")
public record GenesysProperties(
        @DefaultValue("mypurecloud.com") String region,
        @DefaultValue("") String loginUrl,
        @DefaultValue("") String apiUrl,
        @DefaultValue("") String clientId,
        @DefaultValue("") String clientSecret,
        @DefaultValue("300") int ratePerMinute,
        @DefaultValue("1m") Duration tokenRefreshMargin,
        @DefaultValue("10s") Duration pacerMaxWait) {

    public String resolvedLoginUrl() {
        return loginUrl.isBlank() ? "https://login." + region : loginUrl.replaceAll("/+$", "");
    }
}
