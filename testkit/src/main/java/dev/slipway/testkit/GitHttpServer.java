package dev.slipway.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The git repositories under a folder, served over HTTP by git's own smart HTTP server
 * ({@code git http-backend}, run as a CGI program per request), as a git host serves them: clones,
 * shallow fetches and fetches of a commit by id work. On the real node's host address, build pods
 * clone from it as they would from GitHub. Only the JDK is needed, so that {@code hack/up.sh} runs it
 * too: {@code java -cp testkit/target/classes dev.slipway.testkit.GitHttpServer FOLDER ADDRESS PORT}.
 */
public final class GitHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path root;
    /** The Authorization header every request must carry, as a private repository wants; null: none. */
    private final String authorization;

    private GitHttpServer(Path root, String address, int port, String authorization) throws IOException {
        this.root = root.toAbsolutePath();
        this.authorization = authorization;
        server = HttpServer.create(new InetSocketAddress(address, port), 0);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "git-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves every repository under {@code root} (a repository {@code root/shop} is {@code <url>/shop})
     * on {@code address} and a free port.
     */
    public static GitHttpServer start(Path root, String address) {
        return start(root, address, null);
    }

    /**
     * As {@link #start(Path, String)}, answering 401 to any request without HTTP basic
     * authentication as {@code username} with {@code password}, as a git host does for a private
     * repository and a token.
     */
    public static GitHttpServer startPrivate(Path root, String address, String username, String password) {
        return start(root, address, "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static GitHttpServer start(Path root, String address, String authorization) {
        try {
            return new GitHttpServer(root, address, 0, authorization);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve git over HTTP on " + address, e);
        }
    }

    /** The URL of the repository at {@code root/<repository>}. */
    public String url(String repository) {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort() + "/" + repository;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (authorization != null && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = builder.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
            env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? ""
                    : exchange.getRequestURI().getRawQuery());
            env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
            header(exchange, "Content-Type", "CONTENT_TYPE", env);
            header(exchange, "Content-Encoding", "HTTP_CONTENT_ENCODING", env);
            header(exchange, "Git-Protocol", "GIT_PROTOCOL", env);
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            // The body goes in while the answer comes out: a large fetch request would fill the pipes.
            CompletableFuture<Void> body = CompletableFuture.runAsync(() -> {
                try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (InputStream out = process.getInputStream()) {
                int status = cgiHeaders(out, exchange);
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream response = exchange.getResponseBody()) {
                    out.transferTo(response);
                }
            }
            body.join();
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void header(HttpExchange exchange, String name, String variable, Map<String, String> env) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
            env.put(variable, value);
        }
    }

    /** Reads the CGI program's header lines into the response headers; returns the status they give. */
    private static int cgiHeaders(InputStream out, HttpExchange exchange) throws IOException {
        int status = 200;
        for (String line = line(out); !line.isEmpty(); line = line(out)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ", 2)[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Serves FOLDER on ADDRESS:PORT until stopped. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: GitHttpServer FOLDER ADDRESS PORT");
            System.exit(2);
        }
        GitHttpServer server = new GitHttpServer(Path.of(args[0]), args[1], Integer.parseInt(args[2]), null);
        System.out.println("serving the git repositories under " + server.root + " at " + server.url(""));
    }
}
