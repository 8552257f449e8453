package com.ivrvideobridge.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.genesys.GenesysToken;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.TestServers;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * What load balancers see. Readiness follows only what this instance needs to serve (Redis, and
 * Kafka as the bus); a Genesys login failing or a bucket made public is the same for every
 * instance, so it shows in the full health (and alerts) but never empties the pool. Liveness is
 * the JVM alone.
 */
// The public bucket of BucketPrivacyHealthTest: bucketPrivacy is DOWN. A context of its own (the
// check interval, the default, only makes the settings differ): BucketPrivacyHealthTest reads the
// log its context writes at start-up.
@TestPropertySource(
        properties = {
            "bridge.media.allowed-buckets=tutorials," + TestServers.PUBLIC_BUCKET,
            "bridge.s3.privacy-check-interval=5m"
        })
class ReadinessTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private GenesysToken genesysToken;

    @AfterEach
    void loginWorksAgain() {
        GenesysStubs.allSucceed();
        genesysToken.clear();
        genesysToken.current();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessStaysUpWhileTheGenesysLoginAndBucketPrivacyAreDown() throws Exception {
        TestServers.genesysLogin().resetAll();
        TestServers.genesysLogin()
                .stubFor(post(urlEqualTo("/oauth/token")).willReturn(aResponse().withStatus(500)));
        genesysToken.clear();
        assertThatThrownBy(genesysToken::current).isInstanceOf(GenesysToken.GenesysAuthException.class);

        HttpResponse<String> health = get(url("/actuator/health"));
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode components = JSON.readTree(health.body()).path("components");
        assertThat(components.path("genesysLogin").path("status").asText()).isEqualTo("DOWN");
        assertThat(components.path("bucketPrivacy").path("status").asText()).isEqualTo("DOWN");

        HttpResponse<String> readiness = get(url("/actuator/health/readiness"));
        assertThat(readiness.statusCode()).isEqualTo(200);
        JsonNode ready = JSON.readTree(readiness.body());
        assertThat(ready.path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("components").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("kafka", "readinessState", "redis");

        HttpResponse<String> liveness = get(url("/actuator/health/liveness"));
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void readinessIsDownWhenRedisCannotBeReachedWhileLivenessStaysUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(ServiceInstance.bus("readiness-redis-down"));
        settings.put("spring.data.redis.port", Integer.toString(closedPort));
        // A webhook-only instance: no pollers retrying Redis in the background.
        settings.put("bridge.worker.enabled", "false");

        try (ServiceInstance instance = ServiceInstance.start(settings)) {
            HttpResponse<String> readiness = get(instance.url("/actuator/health/readiness"));
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode notReady = JSON.readTree(readiness.body());
            assertThat(notReady.path("status").asText()).isEqualTo("DOWN");
            assertThat(notReady.path("components").path("redis").path("status").asText())
                    .isEqualTo("DOWN");

            assertThat(get(instance.url("/actuator/health/liveness")).statusCode())
                    .isEqualTo(200);
        }
    }
}
