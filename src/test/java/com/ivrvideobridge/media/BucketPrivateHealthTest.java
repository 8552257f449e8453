package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The counterpart of BucketPrivacyHealthTest: with only private buckets allowed, health is UP. */
class BucketPrivateHealthTest extends BridgeIntegrationTest {

    @Test
    void privateBucketKeepsHealthUp() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url("/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new ObjectMapper()
                        .readTree(response.body())
                        .path("components")
                        .path("bucketPrivacy")
                        .path("status")
                        .asText())
                .isEqualTo("UP");
    }
}
