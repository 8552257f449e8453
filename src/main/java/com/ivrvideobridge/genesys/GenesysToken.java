package com.ivrvideobridge.genesys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The OAuth client-credentials token for Genesys Cloud: one token, reused until shortly before it
 * expires, renewed by one caller at a time (the others wait and reuse it: no token storm), and
 * dropped when the API answers 401 so the retry fetches a new one.
 */
@Component("genesysToken")
public class GenesysToken {

    private static final Logger log = LoggerFactory.getLogger(GenesysToken.class);

    private final GenesysProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;
    /** Why the last fetch failed (null after a success): the health check reports it. */
    private volatile String lastFailure;
    /** Grants asked of the login: a token storm (or a token refused again and again) shows here. */
    private final Counter fetches;

    public GenesysToken(GenesysProperties properties, ObjectMapper json, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.fetches = Counter.builder("bridge.genesys.token.fetches")
                .description("Client-credentials grants asked of the Genesys login")
                .register(meters);
    }

    /** A valid access token, fetched only when there is none or it is about to expire. */
    public String current() {
        String valid = token;
        if (valid != null && clock.instant().isBefore(renewAt)) {
            return valid;
        }
        synchronized (this) {
            if (token == null || !clock.instant().isBefore(renewAt)) {
                fetch();
            }
            return token;
        }
    }

    /** Forget {@code rejected} (the API said 401); a newer token fetched meanwhile is kept. */
    public synchronized void invalidate(String rejected) {
        if (rejected != null && rejected.equals(token)) {
            token = null;
        }
    }

    /** Drops the token whatever it is; the next call fetches a new one. */
    public synchronized void clear() {
        token = null;
    }

    public String lastFailure() {
        return lastFailure;
    }

    private void fetch() {
        try {
            fetchOnce();
            lastFailure = null;
        } catch (GenesysAuthException e) {
            lastFailure = e.getMessage();
            throw e;
        }
    }

    private void fetchOnce() {
        fetches.increment();
        String credentials = Base64.getEncoder()
                .encodeToString(
                        (properties.clientId() + ":" + properties.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.resolvedLoginUrl() + "/oauth/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=" + URLEncoder.encode("client_credentials", StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new GenesysAuthException("Genesys login answered HTTP " + response.statusCode()
                        + " to the client-credentials grant (check bridge.genesys.client-id/secret and region)");
            }
            JsonNode body = json.readTree(response.body());
            long expiresIn = body.path("expires_in").asLong(0);
            String accessToken = body.path("access_token").asText(null);
            if (accessToken == null || expiresIn <= 0) {
                throw new GenesysAuthException("Genesys login answered without access_token/expires_in");
            }
            Duration life = Duration.ofSeconds(expiresIn);
            Duration margin = properties.tokenRefreshMargin().compareTo(life.dividedBy(2)) < 0
                    ? properties.tokenRefreshMargin()
                    : life.dividedBy(10);
            token = accessToken;
            renewAt = clock.instant().plus(life).minus(margin);
            log.info("Fetched a Genesys Cloud access token valid for {} s", expiresIn);
        } catch (IOException e) {
            throw new GenesysAuthException("Genesys login could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenesysAuthException("Interrupted while fetching a Genesys token");
        }
    }

    /** The token could not be had; retried like any outbound failure. */
    public static class GenesysAuthException extends RuntimeException {
        public GenesysAuthException(String message) {
            super(message);
        }
    }
}
