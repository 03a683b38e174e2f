package dev.slipway.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the API server in command tests: fixed answers by path (404 otherwise), and what
 * was asked, each request as its path and its body. (Against a real API server: the ITs.)
 */
final class StandInApi implements AutoCloseable {

    record Answer(int status, String contentType, String body) {
    }

    record Run(int exit, String out, String err) {
    }

    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final HttpServer server;

    StandInApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().toString();
        asked.add(path);
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Answer answer = answers.getOrDefault(path, new Answer(404, "application/json",
                "{\"error\": {\"code\": \"NotFound\", \"message\": \"no such path\", \"requestId\": \"r1\"}}"));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    void text(String path, String body) {
        answer(path, new Answer(200, "text/plain; charset=utf-8", body));
    }

    void json(String path, String body) {
        answer(path, new Answer(200, "application/json", body));
    }

    /** {@code slipway} with {@code args}, against this server, in namespace demo. */
    Run slipway(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", "http://127.0.0.1:" + server.getAddress().getPort() + "/", "--token", "t",
                "-n", "demo"));
        int exit = Slipway.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
