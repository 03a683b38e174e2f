package dev.slipway.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The java builder's sample app: answers GET / and GET /healthz on $BIND_ADDRESS:$PORT. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("BIND_ADDRESS", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/" -> answer(exchange, 200, "Hello from the java builder\n");
                case "/healthz" -> answer(exchange, 200, "ok\n");
                default -> answer(exchange, 404, "not found\n");
            }
        });
        server.start();
        System.out.println("listening on " + host + ":" + port);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
