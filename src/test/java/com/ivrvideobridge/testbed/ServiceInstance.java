package com.ivrvideobridge.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.IvrVideoBridgeApplication;
import com.ivrvideobridge.handoff.HandoffStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more instance of the service in this JVM, started and stopped by the test itself as a separate
 * process would be: its own Spring context, port and {@link MutableClock}; the settings of
 * testbed.properties; the servers of {@link TestServers}, so the same Redis as every other instance.
 * Closing it shuts the instance down.
 */
public final class ServiceInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    private final Properties testbed;

    private ServiceInstance(ConfigurableApplicationContext context, Properties testbed) {
        this.context = context;
        this.testbed = testbed;
    }

    /** Its own bus: Kafka topics and consumer group named after {@code name}; instances given the same name share them. */
    public static Map<String, String> bus(String name) {
        return Map.of(
                "bridge.kafka.topics.handoffs",
                name + "-handoffs",
                "bridge.kafka.topics.dead-letters",
                name + "-dead-letters",
                "bridge.kafka.topics.telemetry",
                name + "-telemetry",
                "bridge.kafka.consumer-group",
                name);
    }

    /** Starts an instance: testbed.properties and the test servers, then {@code settings}, which win. */
    public static ServiceInstance start(Map<String, String> settings) {
        Properties testbed = testbedProperties();
        Map<String, String> all = new LinkedHashMap<>();
        testbed.stringPropertyNames().forEach(name -> all.put(name, testbed.getProperty(name)));
        all.putAll(Map.of(
                "server.port",
                "0",
                "spring.data.redis.host",
                "127.0.0.1",
                "spring.data.redis.port",
                Integer.toString(TestServers.redisPort()),
                "bridge.s3.endpoint",
                TestServers.s3Endpoint(),
                "bridge.s3.access-key",
                TestServers.ACCESS_KEY,
                "bridge.s3.secret-key",
                TestServers.SECRET_KEY,
                "bridge.kafka.brokers",
                TestServers.kafkaBrokers(),
                "bridge.genesys.login-url",
                TestServers.genesysLogin().baseUrl(),
                "bridge.genesys.api-url",
                TestServers.genesysApi().baseUrl(),
                "bridge.sms.twilio.api-url",
                TestServers.smsGateway().baseUrl()));
        // Stops in about a second: a Kafka consumer finishes its current poll before it stops (5 s by default).
        all.put("camel.component.kafka.poll-timeout-ms", "500");
        all.putAll(settings);
        // As command-line arguments: they outrank config/application*.yml, as @TestPropertySource does.
        String[] arguments = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new ServiceInstance(
                new SpringApplicationBuilder(IvrVideoBridgeApplication.class, TestClockConfiguration.class)
                        .profiles("test")
                        .run(arguments),
                testbed);
    }

    /** This instance's clock (starts at real time). */
    public MutableClock clock() {
        return bean(MutableClock.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public URI url(String path) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Tomcat request threads of this instance busy now (serving a request, or waiting on one's behalf). */
    public int busyRequestThreads() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
        return ((org.apache.tomcat.util.threads.ThreadPoolExecutor)
                        server.getTomcat().getConnector().getProtocolHandler().getExecutor())
                .getActiveCount();
    }

    /** Architect's webhook call, POST /api/v1/handoffs, with the Basic credentials of testbed.properties. */
    public CompletableFuture<HttpResponse<String>> offer(String body) {
        String credentials =
                testbed.getProperty("bridge.webhook.username") + ":" + testbed.getProperty("bridge.webhook.password");
        return HTTP.sendAsync(
                HttpRequest.newBuilder(url("/api/v1/handoffs"))
                        .header("Content-Type", "application/json")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A caller's viewing session: the webhook call, then the landing page's handshake from a phone. */
    public record OpenedLink(String handoffId, String token, String sessionId, String sessionKey) {}

    public OpenedLink offerAndOpen(String architectCall) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String handoffId = json.readTree(offer(architectCall).get().body())
                .path("handoffId")
                .asText();
        String token = bean(HandoffStore.class).find(handoffId).orElseThrow().token();
        JsonNode session = json.readTree(HTTP.send(
                        HttpRequest.newBuilder(url("/w/" + token + "/session"))
                                .header("Content-Type", "application/json")
                                .header("User-Agent", "Mozilla/5.0 (Linux; Android 14)")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        return new OpenedLink(
                handoffId,
                token,
                session.path("sessionId").asText(),
                session.path("sessionKey").asText());
    }

    /** Shuts the instance down (its context closes, as on SIGTERM). */
    @Override
    public void close() {
        context.close();
    }

    private static Properties testbedProperties() {
        Properties properties = new Properties();
        try (InputStream in = ServiceInstance.class.getResourceAsStream("/testbed.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
