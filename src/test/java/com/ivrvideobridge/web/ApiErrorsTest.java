package com.ivrvideobridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.ExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Exchange rendered(Throwable failure) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        new ApiErrors(JSON).render(exchange);
        return exchange;
    }

    @Test
    void kafkaNotAcknowledgingInTimeIs503SoArchitectRetries() throws Exception {
        Exchange exchange = rendered(new ExecutionException(new TimeoutException("Expiring 1 record(s)")));

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        JsonNode body = JSON.readTree(exchange.getMessage().getBody(String.class));
        assertThat(body.path("error").asText()).isEqualTo("bus_unavailable");
        assertThat(body.path("message").asText()).doesNotContain("Expiring");
    }

    @Test
    void redisUnreachableIs503SoTheCallerRetriesInsteadOfA500() throws Exception {
        Exchange exchange = rendered(new org.apache.camel.RuntimeCamelException(
                new org.springframework.data.redis.RedisConnectionFailureException(
                        "Unable to connect to 127.0.0.1:6379")));

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        JsonNode body = JSON.readTree(exchange.getMessage().getBody(String.class));
        assertThat(body.path("error").asText()).isEqualTo("state_unavailable");
        assertThat(body.path("message").asText()).doesNotContain("6379");
    }

    @Test
    void anythingElseUnexpectedIs500WithAReferenceOnly() throws Exception {
        Exchange exchange = rendered(new IllegalStateException("secret internals"));

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(exchange.getMessage().getBody(String.class))
                .contains("internal_error")
                .doesNotContain("secret internals");
    }
}
