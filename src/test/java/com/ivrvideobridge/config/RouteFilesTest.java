package com.ivrvideobridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ivrvideobridge.testbed.ServiceInstance;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route files as operations staff edit them: a broken one is named at start; a valid change is picked up live. */
@Tag("integration")
class RouteFilesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path routes;

    @Test
    void aBrokenRouteFileStopsTheStartAndIsNamed() throws IOException {
        copyRoutes();
        Files.writeString(routes.resolve("broken-rule.yaml"), """
                - route:
                    id: broken-rule
                    from:
                      uri: direct:broken-rule
                      steps:
                        - setBodyy:
                            constant: oops
                """);

        assertThatThrownBy(() -> ServiceInstance.start(settings(false)).close())
                .hasStackTraceContaining("broken-rule.yaml");
    }

    @Test
    void aValidChangeIsPickedUpWhileRunning() throws Exception {
        copyRoutes();
        try (ServiceInstance service = ServiceInstance.start(settings(true))) {
            assertThat(ping(service)).isEqualTo("{\"status\":\"ok\"}");

            Path ping = routes.resolve("reports/ping-http.yaml");
            Files.writeString(ping, Files.readString(ping).replace("{\"status\":\"ok\"}", "{\"status\":\"edited\"}"));

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> ping(service).equals("{\"status\":\"edited\"}"));
        }
    }

    private Map<String, String> settings(boolean reload) {
        Map<String, String> settings = new HashMap<>(
                ServiceInstance.bus("routes-" + UUID.randomUUID().toString().substring(0, 8)));
        settings.put("camel.main.routes-include-pattern", "file:" + routes + "/**/*.yaml");
        if (reload) {
            settings.put("camel.main.routes-reload-enabled", "true");
            settings.put("camel.main.routes-reload-directory", routes.toString());
            settings.put("camel.main.routes-reload-directory-recursive", "true");
            settings.put("camel.main.routes-reload-pattern", "*.yaml");
            settings.put("camel.main.routes-reload-remove-all-routes", "false");
        }
        return settings;
    }

    /** The route folders as they are (routes/inbound, routes/delivery, ...). */
    private void copyRoutes() throws IOException {
        Path source = Path.of("routes");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = routes.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private static String ping(ServiceInstance service) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(service.url("/api/v1/ping"))
                                .header("Authorization", "Bearer test-key-1")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
