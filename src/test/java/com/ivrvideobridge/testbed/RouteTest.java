package com.ivrvideobridge.testbed;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the fast route tests (docs/route-tests.md): the real routes of routes/ and the real
 * beans, with Redis and S3 real but small (TestServers), and the rest of the outside replaced at
 * the endpoints, so a route's branches run in milliseconds:
 * <ul>
 * <li>every outbound call to HTTP, Kafka, S3 or Redis endpoints goes to a mock instead (matched by
 * URI pattern on the resolved endpoint, so it holds however a route writes its {@code to}: a
 * placeholder, a {@code toD}, a route template): {@link #genesys()}, {@link #handoffsBus()},
 * {@link #deadLetters()}...;</li>
 * <li>every Kafka, seda, timer or scheduler consumer (the buses, the pollers) becomes
 * {@code direct:<route id>}: nothing runs in the background, a test sends the record or the tick
 * itself ({@link #consume}).</li>
 * </ul>
 * The Genesys login is the test bed's WireMock (GenesysToken is plain Java, not an endpoint).
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(locations = {"classpath:testbed.properties", "classpath:route-tests.properties"})
@Import(TestClockConfiguration.class)
public abstract class RouteTest {

    /**
     * Consumers replaced by {@code direct:<route id>}: the buses and the pollers. Others stay
     * ({@code direct:}, {@code platform-http:}, a Kamelet's or template's own source).
     */
    private static final List<String> CONSUMERS = List.of("kafka:", "seda:", "timer:", "scheduler:");

    /** Outbound endpoints replaced by mocks (the mock skips the real call). */
    private static final String[] OUTBOUND = {"http*", "kafka*", "aws2-s3*", "spring-redis*"};

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected ProducerTemplate producer;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected HandoffStore store;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void smallRealServers(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", TestServers::redisPort);
        registry.add("bridge.s3.endpoint", TestServers::s3Endpoint);
        registry.add("bridge.s3.access-key", () -> TestServers.ACCESS_KEY);
        registry.add("bridge.s3.secret-key", () -> TestServers.SECRET_KEY);
        registry.add(
                "bridge.genesys.login-url", () -> TestServers.genesysLogin().baseUrl());
    }

    /**
     * The first test of a Spring context advises its routes and starts Camel (UseAdviceWith holds
     * the start back); the others reuse it. Every test starts with empty mocks that answer 200
     * with an empty JSON object, and the clock at now.
     */
    @BeforeEach
    void adviseOnceAndResetMocks() throws Exception {
        if (!camel.isStarted()) {
            advise();
            camel.start();
        }
        GenesysStubs.tokenLasts(86400);
        MockEndpoint.resetMocks(camel);
        answers.clear();
        for (MockEndpoint mock : List.of(genesys(), sms())) {
            mock.whenAnyExchangeReceived(this::answer);
        }
        clock.reset();
    }

    /** Answers of the HTTP mocks by path (regex), first match wins; any other call gets 200 {}. */
    private final Map<String, Processor> answers = new LinkedHashMap<>();

    private void answer(Exchange call) throws Exception {
        String path = String.valueOf(call.getMessage().getHeader(Exchange.HTTP_PATH));
        for (Map.Entry<String, Processor> answer : answers.entrySet()) {
            if (path.matches(answer.getKey())) {
                answer.getValue().process(call);
                return;
            }
        }
        call.getMessage().setBody("{}");
    }

    /** HTTP calls to paths matching {@code pathRegex} answer 200 with this JSON body. */
    protected void answerOk(String pathRegex, String json) {
        answers.put(pathRegex, call -> call.getMessage().setBody(json));
    }

    /** HTTP calls to paths matching {@code pathRegex} fail with this status, as camel-http fails them. */
    protected void answerStatus(String pathRegex, int status) {
        answers.put(pathRegex, call -> {
            throw new HttpOperationFailedException(
                    "http://test" + call.getMessage().getHeader(Exchange.HTTP_PATH),
                    status,
                    "HTTP " + status,
                    null,
                    Map.of(),
                    "{\"status\": " + status + "}");
        });
    }

    private void advise() throws Exception {
        ModelCamelContext model = (ModelCamelContext) camel;
        for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
            if (route.isCreatedFromTemplate()) {
                continue; // a genesys-call route: direct: in, and its {{placeholders}} are the template's
            }
            String from = camel.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
            if (CONSUMERS.stream().anyMatch(from::startsWith)) {
                AdviceWith.adviceWith(
                        camel, route.getRouteId(), advice -> advice.replaceFromWith("direct:" + route.getRouteId()));
            }
        }
        // An endpoint strategy for the whole context, registered through any one route.
        AdviceWith.adviceWith(
                camel,
                model.getRouteDefinitions().get(0).getRouteId(),
                advice -> advice.mockEndpointsAndSkip(OUTBOUND));
    }

    /** What the consumer route {@code routeId} (a Kafka or timer consumer) gets: a record, or a tick (null). */
    protected Exchange consume(String routeId, Object body) {
        return producer.send(
                "direct:" + routeId, exchange -> exchange.getMessage().setBody(body));
    }

    /** Every call to the Genesys API (bridge.genesys.api-url); header CamelHttpPath says which. */
    protected MockEndpoint genesys() {
        return outbound("http:genesys.test");
    }

    /** Every call to the Twilio-compatible SMS gateway (bridge.sms.twilio.api-url). */
    protected MockEndpoint sms() {
        return outbound("http:sms.test");
    }

    /** Records put on the handoffs bus (Kafka topic "handoffs" here). */
    protected MockEndpoint handoffsBus() {
        return outbound("kafka:handoffs");
    }

    /** Records put on the dead-letter bus. */
    protected MockEndpoint deadLetters() {
        return outbound("kafka:dead-letters");
    }

    /**
     * The mock standing in for an outbound endpoint, by its URI without options ("http:host",
     * "kafka:topic"): how Camel names the mock of an endpoint it intercepts.
     */
    protected MockEndpoint outbound(String uriWithoutOptions) {
        return camel.getEndpoint("mock:" + uriWithoutOptions, MockEndpoint.class);
    }

    /** The calls a mock received to paths matching {@code pathRegex}. */
    protected static List<Exchange> callsTo(MockEndpoint mock, String pathRegex) {
        return mock.getExchanges().stream()
                .filter(call -> String.valueOf(call.getMessage().getHeader(Exchange.HTTP_PATH))
                        .matches(pathRegex))
                .toList();
    }

    /**
     * Architect's Call Data Action through the real webhook route (HTTP on the test port): the
     * handoff is stored and its record put on the (mocked) handoffs bus. Returns that record, as
     * send-handoff would consume it.
     */
    protected String offer(String architectBody) throws Exception {
        int published = handoffsBus().getReceivedCounter();
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/handoffs"))
                                .header("Content-Type", "application/json")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString("architect:webhook-secret"
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .POST(HttpRequest.BodyPublishers.ofString(architectBody))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || handoffsBus().getReceivedCounter() != published + 1) {
            throw new AssertionError("webhook answered " + answer.statusCode() + " " + answer.body());
        }
        return handoffsBus().getReceivedExchanges().get(published).getMessage().getBody(String.class);
    }

    /** {@link #offer} and the worker's send-handoff of its record: the handoff as offered. */
    protected Handoff offerAndSend(String architectBody) throws Exception {
        String record = offer(architectBody);
        consume("send-handoff", record);
        return recordOf(record);
    }

    /** The handoff a bus record (JSON) carries. */
    protected Handoff recordOf(String record) {
        return store.readHandoff(record);
    }

    protected Handoff handoff(String id) {
        return store.find(id).orElseThrow();
    }

    /** A handoff's history as one line per transition or note ("SENT sent by web"). */
    protected String history(String id) {
        return store.history(id).stream()
                .map(event -> event.status() + " " + event.detail())
                .collect(Collectors.joining("\n"));
    }
}
