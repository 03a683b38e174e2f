package dev.slipway.builders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each builder's scripts over its sample app, as a Build and then a pod would run them: detect,
 * assemble into a fresh app folder, then run, until the app answers HTTP on 127.0.0.1, and stop
 * it as a pod is stopped, with SIGTERM to run's process alone. Every
 * builder of the catalog is here, so each needs its toolchain on this machine: a missing one
 * fails with what to install, it is never skipped.
 */
class BuilderRunTest {

    /**
     * One run of a builder: the commands it needs on PATH, the environment a Build would set
     * (beyond source, app folder, port and address), and files assemble must leave in the app.
     */
    record Case(String name, String builder, List<String> tools, Map<String, String> env, List<String> built) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Duration ASSEMBLE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Stream<Case> catalog() {
        return Stream.of(
                // The sample is built with the local repository of the build that runs this test.
                new Case("java", "java", List.of("java", "mvn"),
                        Map.of("MAVEN_LOCAL_REPO", System.getProperty("maven.repo.local",
                                System.getProperty("user.home") + "/.m2/repository")),
                        List.of("app.jar")),
                new Case("node", "node", List.of("node", "npm"), Map.of(), List.of("server.js", "node_modules/greeting/index.js")),
                new Case("python", "python", List.of("python3"), Map.of(), List.of(".venv/bin/python", "app.py")),
                new Case("ruby", "ruby", List.of("ruby", "bundle"), Map.of(),
                        List.of("app.rb", "public/assets/application.css")),
                new Case("go", "go", List.of("go"), Map.of(), List.of("gobinary")),
                // The image's own server, then the documented stand-in for machines without BusyBox.
                new Case("static with BusyBox httpd", "static", List.of("busybox"), Map.of(), List.of("index.html")),
                new Case("static with python http.server", "static", List.of("python3"),
                        Map.of("STATIC_SERVER", "python"), List.of("index.html")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalog")
    void buildsAndServesItsSampleApp(Case c, @TempDir Path work) throws IOException, InterruptedException {
        assertThat(Toolchain.missing(c.tools())).as(() -> Toolchain.installHint("the " + c.name() + " builder",
                Toolchain.missing(c.tools()))).isEmpty();
        Shell shell = new Shell(Catalog.logDir(c.name().replace(' ', '-')));
        Path src = work.resolve("src");
        Path app = work.resolve("app");
        Map<String, String> env = new HashMap<>(c.env());
        env.put("S2I_SOURCE_DIR", src.toString());
        env.put("S2I_APP_DIR", app.toString());

        // Given the sample's dependency manifests alone, as a Build's Dockerfile copies them first, its
        // builder's dependencies script (where it has one) fetches what they name,
        Path sample = Catalog.copySample(c.builder(), work.resolve("sample"));
        Files.createDirectories(src);
        for (String manifest : Catalog.DEPENDENCY_MANIFESTS) {
            if (Files.exists(sample.resolve(manifest))) {
                Files.copy(sample.resolve(manifest), src.resolve(manifest));
            }
        }
        Path dependencies = Catalog.script(c.builder(), "dependencies");
        if (Files.exists(dependencies)) {
            Shell.Outcome fetched = shell.run("dependencies", env, ASSEMBLE_TIMEOUT, dependencies.toString());
            assertThat(fetched.exitCode()).as(fetched.report()).isZero();
        }
        Catalog.copySample(c.builder(), src);

        // then, with the whole sample copied over, when Slipway detects its builder,
        Shell.Outcome detected = shell.run("detect", Map.of(), Duration.ofSeconds(20),
                Catalog.topLevelDetect().toString(), src.toString());
        assertThat(detected.stdout()).as(detected.report()).isEqualTo(c.builder() + "\n");

        // and a Build assembles it,
        Shell.Outcome assembled = shell.run("assemble", env, ASSEMBLE_TIMEOUT,
                Catalog.script(c.builder(), "assemble").toString());
        assertThat(assembled.exitCode()).as(assembled.report()).isZero();
        assertThat(assembled.stdout()).as(assembled.report()).contains("---> Build complete");
        assertThat(c.built()).allSatisfy(file -> assertThat(app.resolve(file)).as(assembled.report()).exists());

        // then its run script serves it.
        int port = freePort();
        env.put("PORT", Integer.toString(port));
        env.put("BIND_ADDRESS", "127.0.0.1");
        Process run = shell.start("run", env, Catalog.script(c.builder(), "run").toString());
        try {
            await("GET / on port " + port + " answering 200 (run's output: " + shell.log("run") + ")")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .failFast("run exited before answering; its output is in " + shell.log("run"),
                            () -> !run.isAlive())
                    .until(() -> get(port, "/").statusCode() == 200);
            assertThat(get(port, "/").body()).contains("Hello from the " + c.builder() + " builder");
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);

            // When the pod stops, the stop signal reaches only run's process: it must be the app.
            List<ProcessHandle> started = run.descendants().toList();
            run.destroy();
            assertThat(run.waitFor(10, TimeUnit.SECONDS)).as("run stopped on SIGTERM").isTrue();
            assertThat(started).as("processes run left behind").noneMatch(ProcessHandle::isAlive);
        } finally {
            Shell.stop(run);
        }
    }

    @Test
    void usageDescribesEachImage() {
        Shell shell = new Shell(Catalog.logDir("usage"));
        for (String builder : Catalog.BUILDERS) {
            Shell.Outcome usage = shell.run(builder, Map.of(), Duration.ofSeconds(20),
                    Catalog.script(builder, "usage").toString());
            assertThat(usage.exitCode()).as(usage.report()).isZero();
            assertThat(usage.stdout()).as(usage.report()).startsWith("Slipway ").contains("s2i build");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
