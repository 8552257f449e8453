package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/** The seed's compliance trap: a media bucket that allows public reads makes the service report DOWN. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "bridge.media.allowed-buckets=tutorials," + TestServers.PUBLIC_BUCKET)
class BucketPrivacyHealthTest extends BridgeIntegrationTest {

    @Test
    void publicBucketMakesHealthDownAndTheLogSaysWhy(CapturedOutput output) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url("/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = new ObjectMapper().readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components")
                        .path("bucketPrivacy")
                        .path("status")
                        .asText())
                .isEqualTo("DOWN");
        assertThat(output.getAll()).contains("Media bucket is not private", TestServers.PUBLIC_BUCKET);
    }
}
