package com.ivrvideobridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sink URLs may carry a key: errors, histories and dead-letter headers show only where a call went. */
class LoggableUrlsTest {

    @Test
    void keepsSchemeHostPortAndPathOnly() {
        assertThat(LoggableUrls.of("https://user:pw@sink.example:8443/events?apiKey=s3cret&x=1"))
                .isEqualTo("https://sink.example:8443/events");
        assertThat(LoggableUrls.of("http://localhost:8080/api/v2/conversations/callbacks?httpMethod=POST"))
                .isEqualTo("http://localhost:8080/api/v2/conversations/callbacks");
        assertThat(LoggableUrls.of("not a url?key=s3cret")).isEqualTo("not a url");
        assertThat(LoggableUrls.of(null)).isNull();
    }
}
