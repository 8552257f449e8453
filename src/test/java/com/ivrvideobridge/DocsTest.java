package com.ivrvideobridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays a front door (at most 200 lines: the rest lives in docs/), and the package
 * table of docs/development.md names every package under src/main/java, so a new one cannot be
 * added without saying what it holds.
 */
class DocsTest {

    private static final Path PACKAGES = Path.of("src/main/java/com/ivrvideobridge");

    @Test
    void theReadmeIsAtMost200Lines() throws IOException {
        assertThat(Files.readAllLines(Path.of("README.md"))).hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void theDevelopmentGuideListsEveryPackage() throws IOException {
        String guide = Files.readString(Path.of("docs/development.md"));
        List<String> packages;
        try (Stream<Path> dirs = Files.list(PACKAGES)) {
            packages = dirs.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        }
        assertThat(packages).isNotEmpty();
        assertThat(packages)
                .allSatisfy(name -> assertThat(guide)
                        .as("docs/development.md's package table")
                        .contains("| `" + name + "` |"));
    }
}
