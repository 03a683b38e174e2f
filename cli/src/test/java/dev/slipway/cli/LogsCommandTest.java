package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code slipway logs} asks the API for, against a stand-in server that answers fixed bodies:
 * a build's log as before, and with {@code --hook} a hook's log of the app's newest release or of
 * the revision and attempt given. (Against a real API server: the ITs.)
 */
class LogsCommandTest {

    private static final String APP = "/api/v1/namespaces/demo/apps/shop";

    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(int status, String contentType, String body) {
    }

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().toString();
        asked.add(path);
        Answer answer = answers.getOrDefault(path, new Answer(404, "application/json",
                "{\"error\": {\"code\": \"NotFound\", \"message\": \"no such path\", \"requestId\": \"r1\"}}"));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void text(String path, String body) {
        answers.put(path, new Answer(200, "text/plain; charset=utf-8", body));
    }

    private void json(String path, String body) {
        answers.put(path, new Answer(200, "application/json", body));
    }

    private Run slipway(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", "http://127.0.0.1:" + server.getAddress().getPort() + "/", "--token", "t",
                "-n", "demo"));
        int exit = Slipway.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aHookLogIsOfTheAppsNewestReleaseByDefault() {
        json(APP + "/releases", "{\"items\": [{\"spec\": {\"revision\": 7}}, {\"spec\": {\"revision\": 6}}]}");
        text(APP + "/releases/7/hooks/pre/log", "applying 2 migrations\nmigrated\n");

        Run run = slipway("logs", "shop", "--hook", "pre");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("applying 2 migrations" + System.lineSeparator() + "migrated"
                + System.lineSeparator());
        assertThat(asked).containsExactly(APP + "/releases", APP + "/releases/7/hooks/pre/log");
    }

    @Test
    void aRevisionAndAnAttemptAreAskedForAsGivenAndFollowed() {
        text(APP + "/releases/5/hooks/mid/log?follow=true&attempt=2", "attempt two\n");

        Run run = slipway("logs", "shop", "--hook", "mid", "--revision", "5", "--attempt", "2", "--follow");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("attempt two" + System.lineSeparator());
        assertThat(asked).containsExactly(APP + "/releases/5/hooks/mid/log?follow=true&attempt=2");
    }

    @Test
    void withoutHookTheArgumentIsStillABuild() {
        text("/api/v1/namespaces/demo/builds/shop-build-12/log?follow=true", "---> Pushed\n");

        Run run = slipway("logs", "shop-build-12", "-f");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("---> Pushed" + System.lineSeparator());
        assertThat(asked).containsExactly("/api/v1/namespaces/demo/builds/shop-build-12/log?follow=true");
    }

    @Test
    void revisionAndAttemptWithoutHookAndAnUnknownHookAreUsageErrorsThatAskNothing() {
        Run attemptAlone = slipway("logs", "shop", "--attempt", "2");
        Run unknownHook = slipway("logs", "shop", "--hook", "rollout");

        assertThat(attemptAlone.exit()).isEqualTo(2);
        assertThat(attemptAlone.err()).contains("--hook");
        assertThat(unknownHook.exit()).isEqualTo(2);
        assertThat(unknownHook.err()).contains("--hook must be pre, mid or post, not 'rollout'");
        assertThat(asked).isEmpty();
    }

    @Test
    void anAppWithoutReleasesAndTheServersRefusalAreOneLineErrors() {
        json(APP + "/releases", "{\"items\": []}");
        answers.put("/api/v1/namespaces/demo/apps/ui/releases/3/hooks/post/log", new Answer(404, "application/json",
                "{\"error\": {\"code\": \"NotFound\", \"message\": \"release \\\"ui-3\\\" has no post hook\","
                        + " \"requestId\": \"r2\"}}"));

        Run noRelease = slipway("logs", "shop", "--hook", "pre");
        Run noHook = slipway("logs", "ui", "--hook", "post", "--revision", "3");

        assertThat(noRelease.exit()).isEqualTo(1);
        assertThat(noRelease.err()).isEqualTo("slipway: app \"shop\" has no releases yet" + System.lineSeparator());
        assertThat(noHook.exit()).isEqualTo(1);
        assertThat(noHook.err()).isEqualTo("slipway: release \"ui-3\" has no post hook (request r2)"
                + System.lineSeparator());
    }
}
