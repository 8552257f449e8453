package com.ivrvideobridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ivrvideobridge.testbed.ServiceInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes from a folder, as production mounts it (docs/routes-in-production.md): read at any depth,
 * checked by {@code --validate-routes=DIR} and, in production, before an instance starts.
 */
class RoutesFolderTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path routes;

    @Test
    void theCommandPassesTheShippedRoutesAndNamesFileAndLineOfABrokenEdit() throws IOException {
        assertThat(validate(Path.of("routes"))).containsExactly("routes: valid").hasSize(1);

        copyRoutesIntoSubfolders();
        Path edited = breakAnEdit();
        assertThat(validate(routes))
                .containsExactly(
                        edited + ":7: bean \"handofs\" does not exist", routes + ": 1 problem(s); do not put it live");
    }

    @Test
    void anInstanceReadsItsRoutesFromSubfoldersOfTheFolderItIsGiven() throws Exception {
        copyRoutesIntoSubfolders();
        try (ServiceInstance service = ServiceInstance.start(settings())) {
            HttpResponse<String> ping = HTTP.send(
                    HttpRequest.newBuilder(service.url("/api/v1/ping"))
                            .header("Authorization", "Bearer test-key-1")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    @Test
    void aBrokenFolderStopsTheStartNamingFileAndLine() throws IOException {
        copyRoutesIntoSubfolders();
        Path edited = breakAnEdit();

        assertThatThrownBy(() -> ServiceInstance.start(settings()).close())
                .hasStackTraceContaining(edited + ":7: bean \"handofs\" does not exist");
    }

    /** A plausible slip: the bean's name mistyped in a new route. */
    private Path breakAnEdit() throws IOException {
        Path edited = routes.resolve("agent/extra-rule.yaml");
        Files.createDirectories(edited.getParent());
        Files.writeString(edited, """
                - route:
                    id: extra-rule
                    from:
                      uri: direct:extra-rule
                      steps:
                        - bean:
                            ref: handofs
                            method: find
                """);
        return edited;
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(
                ServiceInstance.bus("folder-" + UUID.randomUUID().toString().substring(0, 8)));
        settings.put("bridge.routes.dir", routes.toString());
        settings.put("bridge.routes.validate-on-start", "true");
        // As production: the pattern of config/application.yml, recursive under the folder.
        settings.put("camel.main.routes-include-pattern", "file:" + routes + "/**/*.yaml");
        return settings;
    }

    private static List<String> validate(Path folder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RoutesValidationCommand.run(
                new String[] {"--validate-routes=" + folder}, new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(exit)
                .as(String.join("\n", lines))
                .isEqualTo(lines.get(lines.size() - 1).endsWith(": valid") ? 0 : 1);
        return lines;
    }

    /** The shipped routes spread over subfolders (and the top level), as ops may arrange them. */
    private void copyRoutesIntoSubfolders() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("routes"))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path target = routes.resolve(i % 3 == 0 ? "" : i % 3 == 1 ? "inbound" : "delivery/deep")
                    .resolve(files.get(i).getFileName());
            Files.createDirectories(target.getParent());
            Files.copy(files.get(i), target);
        }
    }
}
