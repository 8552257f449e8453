package com.ivrvideobridge.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.web.ApiException;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** The one "refused for good" rule, as the SMS fallback and the dead-letter path both read it. */
class RefusalsTest {

    private final Refusals refusals = new Refusals();

    @Test
    void aClientErrorOtherThanRateLimitingIsRefusedForGood() {
        assertThat(Refusals.refusedForGood(http(400))).isTrue();
        assertThat(Refusals.refusedForGood(http(404))).isTrue();
        assertThat(Refusals.refusedForGood(http(401))).isTrue();
        assertThat(Refusals.refusedForGood(new ApiException(404, "unknown_asset", "assetId", "no such asset")))
                .isTrue();
    }

    @Test
    void rateLimitingOutagesAndIoErrorsAreNot() {
        assertThat(Refusals.refusedForGood(http(429))).isFalse();
        assertThat(Refusals.refusedForGood(http(500))).isFalse();
        assertThat(Refusals.refusedForGood(http(503))).isFalse();
        assertThat(Refusals.refusedForGood(new IOException("connection reset"))).isFalse();
        assertThat(Refusals.refusedForGood(null)).isFalse();
    }

    @Test
    void theFallbackTakesAWebPushRefusedForGoodButLeavesA401ToTheTokenRefresh() {
        assertThat(refusals.webPushRefusedForGood("web", http(404))).isTrue();
        assertThat(refusals.webPushRefusedForGood("web", http(401))).isFalse();
        assertThat(refusals.webPushRefusedForGood("web", http(429))).isFalse();
        assertThat(refusals.webPushRefusedForGood("sms", http(404))).isFalse();
    }

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException(
                "http://genesys.test/api/v2/x", status, "status " + status, null, Map.of(), "");
    }
}
