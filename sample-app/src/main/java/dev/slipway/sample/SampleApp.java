package dev.slipway.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A web app with nothing but the JDK: {@code $MESSAGE} (with a newline) at {@code /}, {@code ok} at
 * {@code /healthz}, on {@code $PORT} (8080). The self-test tells releases apart by the message.
 * The JVM's own SIGTERM handling ends it at once: safe in a rollout, since Slipway's pods wait in a
 * preStop sleep, after leaving the Service's endpoints, before they get SIGTERM.
 */
public final class SampleApp {

    private SampleApp() {
    }

    public static void main(String[] args) throws IOException {
        String message = System.getenv().getOrDefault("MESSAGE", "hello from slipway");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> answer(exchange, "ok"));
        server.createContext("/", exchange -> answer(exchange, message));
        server.start();
        System.out.println("sample-app: serving on port " + port);
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
