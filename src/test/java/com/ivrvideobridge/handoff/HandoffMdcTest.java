package com.ivrvideobridge.handoff;

import static com.ivrvideobridge.handoff.HandoffLogContext.CONVERSATION_ID;
import static com.ivrvideobridge.handoff.HandoffLogContext.HANDOFF_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What a log line sees in the MDC, step by step, with HandoffMdc registered as Camel registers it. */
class HandoffMdcTest {

    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void startCamel() throws Exception {
        HandoffLogContext logContext = new HandoffLogContext();
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().addInterceptStrategy(new HandoffMdc());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // A route that finds its handoff, then hands on to another route and a wire tap.
                from("direct:finds-handoff")
                        .process(exchange -> logContext.tag(exchange, "h-1", "conv-1"))
                        .to("direct:later-route")
                        .wireTap("direct:tapped")
                        .process(exchange -> seen("same route, later step"));
                from("direct:later-route").process(exchange -> seen("later route"));
                from("direct:tapped").process(exchange -> seen("wire tap, its own thread"));
                from("direct:no-handoff").process(exchange -> seen("no handoff"));
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
        MDC.clear();
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
        MDC.clear();
    }

    private void seen(String where) {
        seen.put(where, MDC.get(HANDOFF_ID) + "/" + MDC.get(CONVERSATION_ID));
    }

    @Test
    void everyLaterStepOfTheExchangeCarriesTheIdsOnWhicheverThreadRunsIt() {
        template.sendBody("direct:finds-handoff", "");

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.containsKey("wire tap, its own thread"));
        assertThat(seen)
                .containsEntry("later route", "h-1/conv-1")
                .containsEntry("same route, later step", "h-1/conv-1")
                .containsEntry("wire tap, its own thread", "h-1/conv-1");
    }

    @Test
    void theThreadCarriesNoIdsOnceTheExchangeIsDone() {
        template.sendBody("direct:finds-handoff", "");
        assertThat(MDC.get(HANDOFF_ID)).isNull();
        assertThat(MDC.get(CONVERSATION_ID)).isNull();

        template.sendBody("direct:no-handoff", "");
        assertThat(seen).containsEntry("no handoff", "null/null");
    }

    @Test
    void whatTheThreadHadBeforeIsPutBack() {
        MDC.put(HANDOFF_ID, "outer");

        template.sendBody("direct:finds-handoff", "");

        assertThat(MDC.get(HANDOFF_ID)).isEqualTo("outer");
        assertThat(MDC.get(CONVERSATION_ID)).isNull();
    }
}
