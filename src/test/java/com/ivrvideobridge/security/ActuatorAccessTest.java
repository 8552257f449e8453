package com.ivrvideobridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only health and its probe groups are open under /actuator; the index lists everything else, so it needs a key too. */
class ActuatorAccessTest extends BridgeIntegrationTest {

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator", "/actuator/", "/actuator/info", "/actuator/prometheus"})
    void everythingButHealthNeedsAnApiKey(String path) throws Exception {
        HttpResponse<String> anonymous = get(path, null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(anonymous.body()).contains("\"error\":\"unauthorized\"").doesNotContain("_links");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"})
    void healthAndItsProbesStayOpen(String path) throws Exception {
        HttpResponse<String> health = get(path, null);

        // UP or DOWN is ReadinessTest's business; here: answered without credentials.
        assertThat(health.statusCode()).isIn(200, 503);
        assertThat(health.body()).contains("\"status\"");
    }

    @Test
    void theIndexAnswersWithAKey() throws Exception {
        HttpResponse<String> index = get("/actuator", API_KEY);

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("_links", "health");
    }
}
