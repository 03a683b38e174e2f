package dev.slipway.builders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the scripts say when a source or a setting is wrong: each row makes a work folder (a
 * tree under src/ and app/, see {@link Catalog#createTree}) and an environment, runs one script,
 * and expects its exit code and a message that names what to change.
 */
class ScriptErrorsTest {

    record Row(String why, String builder, String script, List<String> files, Map<String, String> env,
            int exitCode, String says) {
        @Override
        public String toString() {
            return why;
        }
    }

    /** Makes `mvn` a quick no-op, for rows about what assemble does with the jars it finds. */
    private static final Map<String, String> NO_MAVEN_BUILD = Map.of("MAVEN_BUILD_ARGS", "-q -v");

    static Stream<Row> table() {
        return Stream.of(
                new Row("java: two jars and no JAVA_APP_JAR", "java", "assemble",
                        List.of("src/target/shop.jar", "src/target/shop-plain.jar", "src/target/shop-sources.jar"),
                        NO_MAVEN_BUILD, 1, "set JAVA_APP_JAR to the one to run"),
                new Row("java: JAVA_APP_JAR picks one of two jars", "java", "assemble",
                        List.of("src/target/shop.jar", "src/target/shop-plain.jar"),
                        with(NO_MAVEN_BUILD, "JAVA_APP_JAR", "shop.jar"), 0, "---> Installing target/shop.jar"),
                new Row("java: the build made no jar", "java", "assemble", List.of("src/target/classes/"),
                        NO_MAVEN_BUILD, 1, "no application jar in"),
                new Row("java: run before assemble", "java", "run", List.of("app/"), Map.of(), 1,
                        "app.jar: run assemble first"),
                new Row("go: run before assemble", "go", "run", List.of("app/"), Map.of(), 1,
                        "gobinary: run assemble first"),
                new Row("python: a plain script needs nothing installed", "python", "assemble", List.of("src/app.py"),
                        Map.of(), 0, "No requirements.txt or pyproject.toml: nothing to install"),
                new Row("python: run before assemble", "python", "run", List.of("app/app.py"), Map.of(), 1,
                        "no virtual environment at"),
                new Row("python: APP_MODULE without gunicorn", "python", "run", List.of("app/.venv/bin/python"),
                        Map.of("APP_MODULE", "shop.wsgi:application"), 1,
                        "APP_MODULE=shop.wsgi:application needs gunicorn: add it to the requirements"),
                new Row("python: APP_FILE that is not there", "python", "run", List.of("app/.venv/bin/python"),
                        Map.of("APP_FILE", "main.py"), 1, "nothing to run: no main.py in"),
                new Row("ruby: nothing to start", "ruby", "run", List.of("app/Gemfile"), Map.of(), 1,
                        "no bin/rails, config.ru or app.rb; set RUBY_RUN"),
                new Row("node: no package.json", "node", "assemble", List.of("src/server.js"), Map.of(), 1,
                        "no package.json in the source"),
                new Row("node: NPM_RUN names no script", "node", "run", List.of("app/package.json"),
                        Map.of("NPM_RUN", "serve"), 1, "Missing script: \"serve\""),
                new Row("static: STATIC_ROOT that is not there", "static", "assemble", List.of("src/index.html"),
                        Map.of("STATIC_ROOT", "public"), 1, "STATIC_ROOT=public is not a folder of the source"),
                new Row("static: a site without index.html", "static", "assemble", List.of("src/about.html"),
                        Map.of(), 0, "WARNING: no index.html in"),
                new Row("static: an unknown STATIC_SERVER", "static", "run", List.of("app/index.html"),
                        Map.of("STATIC_SERVER", "nginx"), 1, "STATIC_SERVER=nginx: use busybox or python"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void saysWhatToChange(Row row, @TempDir Path work) throws IOException {
        Catalog.createTree(work, row.files());
        Map<String, String> env = new HashMap<>(row.env());
        env.put("S2I_SOURCE_DIR", work.resolve("src").toString());
        env.put("S2I_APP_DIR", work.resolve("app").toString());

        Shell.Outcome outcome = new Shell(Catalog.logDir("errors")).run(row.builder() + "-" + row.script(), env,
                Duration.ofSeconds(60), Catalog.script(row.builder(), row.script()).toString());

        assertThat(outcome.exitCode()).as(outcome.report()).isEqualTo(row.exitCode());
        assertThat(outcome.stdout() + outcome.stderr()).as(outcome.report()).contains(row.says());
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return more;
    }
}
