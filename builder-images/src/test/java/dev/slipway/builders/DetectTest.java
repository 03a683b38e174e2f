package dev.slipway.builders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detect table: which builder Slipway picks for a source tree whose App names none. Each row
 * is a tree (see {@link Catalog#createTree}) and the builder expected, or null when none applies.
 */
class DetectTest {

    record Row(String why, List<String> files, String expected) {
        @Override
        public String toString() {
            return why;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    static Stream<Row> singleMarkers() {
        return Stream.of(
                new Row("pom.xml: java", List.of("pom.xml", "src/main/java/"), "java"),
                new Row("package.json: node", List.of("package.json", "server.js"), "node"),
                new Row("requirements.txt: python", List.of("requirements.txt", "app.py"), "python"),
                new Row("pyproject.toml: python", List.of("pyproject.toml"), "python"),
                new Row("Gemfile: ruby", List.of("Gemfile", "Gemfile.lock", "config.ru"), "ruby"),
                new Row("go.mod: go", List.of("go.mod", "main.go"), "go"),
                new Row("index.html: static", List.of("index.html", "style.css"), "static"));
    }

    static Stream<Row> table() {
        return Stream.concat(singleMarkers(), Stream.of(
                // Several markers: package.json is often only asset tooling, index.html is weakest.
                new Row("Rails app with JS tooling: ruby", List.of("Gemfile", "package.json", "yarn.lock"), "ruby"),
                new Row("Java service with a frontend: java", List.of("pom.xml", "package.json"), "java"),
                new Row("Go service with a frontend: go", List.of("go.mod", "package.json", "index.html"), "go"),
                new Row("Django app with JS tooling: python", List.of("requirements.txt", "package.json"), "python"),
                new Row("Vite app (index.html at its root): node", List.of("package.json", "index.html"), "node"),
                new Row("Python app with a home page: python", List.of("pyproject.toml", "index.html"), "python"),
                new Row("Ruby beats Python", List.of("Gemfile", "requirements.txt"), "ruby"),
                new Row("Go beats Ruby", List.of("go.mod", "Gemfile"), "go"),
                new Row("Java beats Go", List.of("go.mod", "pom.xml"), "java"),
                // Nothing applies.
                new Row("only a README: none", List.of("README.md"), null),
                new Row("empty tree: none", List.of(), null),
                new Row("a marker below the root does not count: none", List.of("backend/pom.xml", "web/package.json"), null),
                new Row("a folder named like a marker does not count: none", List.of("index.html/", "go.mod/"), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void picksTheBuilderByPrecedence(Row row, @TempDir Path src) throws IOException {
        Catalog.createTree(src, row.files());

        Shell.Outcome outcome = shell("detect").run("detect", Map.of(), TIMEOUT,
                Catalog.topLevelDetect().toString(), src.toString());

        if (row.expected() == null) {
            assertThat(outcome.exitCode()).as(outcome.report()).isEqualTo(1);
            assertThat(outcome.stdout()).as(outcome.report()).isEmpty();
            assertThat(outcome.stderr()).as(outcome.report())
                    .contains("no builder matches the source")
                    .contains("pom.xml (java)", "go.mod (go)", "Gemfile (ruby)",
                            "requirements.txt or pyproject.toml (python)", "package.json (node)", "index.html (static)")
                    .contains("spec.source.builder");
        } else {
            assertThat(outcome.exitCode()).as(outcome.report()).isZero();
            assertThat(outcome.stdout()).as(outcome.report()).isEqualTo(row.expected() + "\n");
        }
    }

    /** Each builder's own detect says yes to its marker only, so the order alone settles ties. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("singleMarkers")
    void eachBuilderDetectsOnlyItsOwnMarker(Row row, @TempDir Path src) throws IOException {
        Catalog.createTree(src, row.files());
        Shell shell = shell("detect-each");

        List<String> applying = Catalog.BUILDERS.stream()
                .filter(builder -> shell.run(builder, Map.of(), TIMEOUT,
                        Catalog.script(builder, "detect").toString(), src.toString()).exitCode() == 0)
                .toList();

        assertThat(applying).containsExactly(row.expected());
    }

    @Test
    void readsTheSourceFolderFromS2iSourceDirWithoutAnArgument(@TempDir Path src) throws IOException {
        Catalog.createTree(src, List.of("go.mod"));

        Shell.Outcome outcome = shell("detect-env").run("detect", Map.of("S2I_SOURCE_DIR", src.toString()), TIMEOUT,
                Catalog.topLevelDetect().toString());

        assertThat(outcome.exitCode()).as(outcome.report()).isZero();
        assertThat(outcome.stdout()).isEqualTo("go\n");
    }

    @Test
    void namesAMissingSourceFolder(@TempDir Path parent) {
        Path missing = parent.resolve("no-such-folder");

        Shell.Outcome outcome = shell("detect-missing").run("detect", Map.of(), TIMEOUT,
                Catalog.topLevelDetect().toString(), missing.toString());

        assertThat(outcome.exitCode()).as(outcome.report()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("the source folder " + missing + " does not exist");
    }

    private static Shell shell(String name) {
        return new Shell(Catalog.logDir(name));
    }
}
