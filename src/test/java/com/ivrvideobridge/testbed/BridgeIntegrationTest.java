package com.ivrvideobridge.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.genesys.GenesysToken;
import com.ivrvideobridge.handoff.HandoffStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of every integration test: the whole service (routes from routes/, profile "test") on a
 * random port, settings from testbed.properties, wired to the real servers of {@link TestServers}. Subclasses that add no
 * properties share one Spring context. Tagged "integration": these run in {@code mvn verify}'s
 * integration-test phase (failsafe), not in {@code mvn test} (docs/route-tests.md).
 */
@Tag("integration")
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(locations = "classpath:testbed.properties")
@Import(TestClockConfiguration.class)
public abstract class BridgeIntegrationTest {

    /** API keys of the test profile (two, to prove rotation works). */
    protected static final String API_KEY = "test-key-1";

    protected static final String ROTATED_API_KEY = "test-key-2";

    protected static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    private GenesysToken genesysToken;

    @Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    private HandoffStore handoffStore;

    /** Shared state that a test may have moved: the clock, and the Genesys token fetched under it. */
    @AfterEach
    void resetClock() {
        clock.reset();
        genesysToken.clear();
    }

    @DynamicPropertySource
    static void testServers(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", TestServers::redisPort);
        registry.add("bridge.s3.endpoint", TestServers::s3Endpoint);
        registry.add("bridge.s3.access-key", () -> TestServers.ACCESS_KEY);
        registry.add("bridge.s3.secret-key", () -> TestServers.SECRET_KEY);
        registry.add("bridge.kafka.brokers", TestServers::kafkaBrokers);
        registry.add(
                "bridge.genesys.login-url", () -> TestServers.genesysLogin().baseUrl());
        registry.add("bridge.genesys.api-url", () -> TestServers.genesysApi().baseUrl());
        registry.add("bridge.sms.twilio.api-url", () -> TestServers.smsGateway().baseUrl());
        // Each Spring context gets its own topics, so contexts cached side by side never take each other's records.
        String topicSuffix = UUID.randomUUID().toString().substring(0, 8);
        registry.add("bridge.kafka.topics.handoffs", () -> "handoffs-" + topicSuffix);
        registry.add("bridge.kafka.topics.dead-letters", () -> "dead-letters-" + topicSuffix);
        registry.add("bridge.kafka.topics.telemetry", () -> "telemetry-" + topicSuffix);
    }

    /**
     * The next Genesys call of this instance fetches a new token; returns {@link #tokenFetches()}
     * just before, to count from. A valid token is in hand while {@code stubLogin} changes the
     * login's stubs, so no background route (deadlines, sweeps) fetches one in between.
     */
    protected long nextGenesysCallFetchesAToken(Runnable stubLogin) {
        genesysToken.current();
        stubLogin.run();
        long fetched = tokenFetches();
        genesysToken.clear();
        return fetched;
    }

    /**
     * The token grants this instance asked for (its metric). Not the login stub's journal: Spring
     * keeps other test classes' contexts alive, and their background routes fetch tokens from the
     * same stub.
     */
    protected long tokenFetches() {
        return (long) meters.get("bridge.genesys.token.fetches").counter().count();
    }

    /**
     * The dashboard as ops open it (an API key as the Basic password), with {@code query} ("" for
     * its defaults), once it has drawn the report. The caller quits the browser.
     */
    protected org.openqa.selenium.chrome.ChromeDriver openDashboard(String query) {
        org.openqa.selenium.chrome.ChromeDriver browser = Chromium.start();
        browser.get("http://ops:" + API_KEY + "@127.0.0.1:" + port + "/dashboard" + query);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> "true".equals(browser.executeScript("return document.body.dataset.loaded")));
        return browser;
    }

    protected URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> postJson(String path, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The webhook as Genesys Architect calls it (Basic auth of testbed.properties). */
    protected HttpResponse<String> callWebhook(String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url("/api/v1/handoffs"))
                        .header("Content-Type", "application/json")
                        .header(
                                "Authorization",
                                "Basic "
                                        + java.util.Base64.getEncoder()
                                                .encodeToString("architect:webhook-secret".getBytes()))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> getJson(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url(path))
                        .header("Authorization", "Bearer " + API_KEY)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Architect offers the tutorial to a caller on a phone's browser (SMS); the new handoff's id. */
    protected String offerToAPhoneBrowser() throws Exception {
        return offerToAPhoneBrowser(TestServers.SAMPLE_ASSET);
    }

    /** Architect offers this tutorial to a caller on a phone's browser (SMS); the new handoff's id. */
    protected String offerToAPhoneBrowser(String assetId) throws Exception {
        return new ObjectMapper()
                .readTree(callWebhook(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web", assetId))
                        .body())
                .path("handoffId")
                .asText();
    }

    /** The landing-link token of a handoff (what the caller's message carries after /w/). */
    protected String linkToken(String handoffId) {
        return handoffStore.find(handoffId).orElseThrow().token();
    }

    /** The landing page's handshake, as its script makes it from a browser with this user agent. */
    protected HttpResponse<String> handshake(String token, String userAgent) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url("/w/" + token + "/session"))
                        .header("Content-Type", "application/json")
                        .header("User-Agent", userAgent)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A caller opens the link (the handshake), plays for 7 s (so the played ranges are honest), then
     * the page reports these events (PageEvents) in one batch; the service must accept it.
     */
    protected void watch(String handoffId, String... events) throws Exception {
        JsonNode session = new ObjectMapper()
                .readTree(handshake(linkToken(handoffId), PHONE_BROWSER).body());
        clock.advance(Duration.ofSeconds(7));
        sendEvents(linkToken(handoffId), session, events);
    }

    /** The page of this session (its handshake's answer) reports these events (PageEvents) in one batch; accepted. */
    protected void sendEvents(String token, JsonNode session, String... events) throws Exception {
        HttpResponse<String> sent = HTTP.send(
                HttpRequest.newBuilder(url("/w/" + token + "/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(PageEvents.batch(
                                session.path("sessionId").asText(),
                                session.path("sessionKey").asText(),
                                events)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (sent.statusCode() != 200) {
            throw new AssertionError("events refused: " + sent.statusCode() + " " + sent.body());
        }
    }

    /** A phone's browser. */
    protected static final String PHONE_BROWSER =
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";

    protected static HttpResponse<byte[]> fetch(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
