package com.ivrvideobridge.ops;

import com.ivrvideobridge.genesys.GenesysToken;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code genesysLogin}: DOWN when the last attempt to get a Genesys Cloud access
 * token failed (wrong client, region, network), with the reason; UP otherwise. It never calls
 * Genesys itself: a health probe must not spend the org's API rate.
 */
@Component("genesysLoginHealthIndicator")
public class GenesysTokenHealthIndicator implements HealthIndicator {

    private final GenesysToken token;

    public GenesysTokenHealthIndicator(GenesysToken token) {
        this.token = token;
    }

    @Override
    public Health health() {
        String failure = token.lastFailure();
        return failure == null
                ? Health.up().build()
                : Health.down().withDetail("reason", failure).build();
    }
}
