package com.ivrvideobridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks of --validate-routes on folders of route files, each problem named by file and line. */
class RouteFolderValidatorTest {

    private static final Set<String> BEANS = Set.of("handoffs");
    private static final Map<String, String> SETTINGS =
            Map.of("bridge.bus.handoffs", "kafka:bridge-handoffs", "bridge.empty", "");

    @TempDir
    Path routes;

    private final RouteFolderValidator validator =
            new RouteFolderValidator(BEANS::contains, name -> Optional.ofNullable(SETTINGS.get(name)));

    @Test
    void aValidFolderInSubfoldersHasNoProblem() throws IOException {
        write("inbound/take.yaml", """
                - route:
                    id: take
                    routeConfigurationId: shared
                    from:
                      uri: direct:take
                      steps:
                        - bean:
                            ref: handoffs
                            method: store
                        - setBody:
                            simple: "${bean:handoffs.count}"
                        - to: "{{bridge.bus.handoffs}}"
                        - toD:
                            uri: "${properties:bridge.empty}"
                """);
        write("shared.yaml", """
                - routeConfiguration:
                    id: shared
                    onException:
                      - onException:
                          exception:
                            - java.lang.IllegalStateException
                          handled:
                            constant: true
                          steps:
                            - to: "log:refused?level={{missing.level:WARN}}"
                """);

        assertThat(validator.validate(routes)).isEmpty();
    }

    @Test
    void eachProblemIsNamedWithItsFileAndLine() throws IOException {
        write("inbound/take.yaml", """
                - route:
                    id: take
                    routeConfigurationId: nowhere
                    from:
                      uri: direct:take
                      steps:
                        - bean:
                            ref: handofs
                        - to: "{{bridge.bus.handofs}}"
                        - to: kafkaa:bridge-handoffs
                """);
        write("delivery/again.yaml", """
                # The same id as inbound/take.yaml's route.
                - route:
                    id: take
                    from:
                      uri: direct:again
                      steps:
                        - log: again
                """);
        write("broken.yaml", """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - setBodyy:
                            constant: oops
                """);

        List<String> problems =
                validator.validate(routes).stream().map(Object::toString).toList();

        Path take = routes.resolve("inbound/take.yaml");
        Path again = routes.resolve("delivery/again.yaml");
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        routes.resolve("broken.yaml") + ":6: does not parse: "
                                + problems.stream()
                                        .filter(p -> p.startsWith(
                                                routes.resolve("broken.yaml").toString()))
                                        .findFirst()
                                        .orElseThrow()
                                        .replaceFirst(".*does not parse: ", ""),
                        again + ":3: route id \"take\" is also used at [" + take + ":2]",
                        take + ":2: route id \"take\" is also used at [" + again + ":3]",
                        take + ":3: routeConfigurationId \"nowhere\": no routeConfiguration with that id in the folder",
                        take + ":8: bean \"handofs\" does not exist",
                        take + ":9: placeholder {{bridge.bus.handofs}} does not resolve (no such setting)",
                        take + ":10: endpoint \"kafkaa:bridge-handoffs\": no component \"kafkaa\" in this build");
        assertThat(problems)
                .anyMatch(p ->
                        p.startsWith(routes.resolve("broken.yaml") + ":6: does not parse:") && p.contains("setBodyy"));
    }

    @Test
    void aMissingOrEmptyFolderIsAProblem() {
        assertThat(validator.validate(routes.resolve("nope")))
                .singleElement()
                .asString()
                .endsWith("nope:0: not a folder");
        assertThat(validator.validate(routes)).singleElement().asString().endsWith(":0: no *.yaml route file in it");
    }

    private void write(String name, String text) throws IOException {
        Path file = routes.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
