package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.controller.model.ImageReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers a real registry on 127.0.0.1 cannot be made to give: bearer challenges with a token
 * realm (public registries), refusals and server errors. A small JDK HTTP server plays both the
 * registry and its token realm; the happy path against a real registry is {@link RegistryClientIT}.
 */
class RegistryClientTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String MANIFEST_PATH = "/v2/builders/java/manifests/17";

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private String host;

    /** A request the server received. */
    record Seen(String method, String path, String query, String accept, String authorization) {
    }

    /** How the registry and its realm behave; {@code token} is the realm's JSON answer. */
    record Auth(String name, String challenge, int tokenStatus, String token, String expectedDigest, String expectedError) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        host = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    static List<Auth> authScenarios() {
        String bearer = "Bearer realm=\"http://%s/token\",service=\"test-registry\",scope=\"repository:builders/java:pull\"";
        return List.of(
                new Auth("token field", bearer, 200, "{\"token\":\"anonymous\"}", DIGEST, null),
                new Auth("access_token field", bearer, 200, "{\"access_token\":\"anonymous\",\"expires_in\":300}", DIGEST, null),
                new Auth("realm refuses", bearer, 403, "{}", null, "refused an anonymous pull token: 127.0.0.1 answered 403"),
                new Auth("realm answers no token", bearer, 200, "{\"expires_in\":300}", null, "without token or access_token"),
                new Auth("realm answers no JSON", bearer, 200, "<html>", null, "that is not JSON"),
                new Auth("token not good enough", bearer, 200, "{\"token\":\"other\"}", null,
                        "answered 401 to an anonymous pull: the repository is private or does not exist"),
                new Auth("basic auth", "Basic realm=\"registry\"", 200, "{}", null,
                        "asks for Basic realm=\"registry\"; only anonymous bearer tokens are supported"),
                new Auth("bearer without realm", "Bearer service=\"test-registry\"", 200, "{}", null,
                        "bearer challenge without a realm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authScenarios")
    void anonymousBearerTokenFlow(Auth auth) {
        // Given a registry that wants the token "anonymous" and a realm that hands out auth.token
        serve(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/token")) {
                respond(exchange, auth.tokenStatus(), auth.token(), Map.of());
            } else if ("Bearer anonymous".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 200, null, Map.of("Docker-Content-Digest", DIGEST));
            } else {
                respond(exchange, 401, null, Map.of("WWW-Authenticate", auth.challenge().formatted(host)));
            }
        });

        if (auth.expectedError() == null) {
            assertThat(client().digest(host + "/builders/java:17")).contains(auth.expectedDigest());
            assertThat(seen).extracting(Seen::method, Seen::path, Seen::query, Seen::authorization).containsExactly(
                    tuple("HEAD", MANIFEST_PATH, null, null),
                    tuple("GET", "/token", "scope=repository:builders/java:pull&service=test-registry", null),
                    tuple("HEAD", MANIFEST_PATH, null, "Bearer anonymous"));
        } else {
            assertThatThrownBy(() -> client().digest(host + "/builders/java:17"))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("Registry " + host + ", repository builders/java, tag 17")
                    .hasMessageContaining(auth.expectedError());
        }
    }

    @Test
    void asksForEveryManifestType() {
        serve(exchange -> respond(exchange, 200, null, Map.of("Docker-Content-Digest", DIGEST)));

        client().digest(host + "/builders/java:17");

        assertThat(seen.get(0).accept()).contains(
                "application/vnd.oci.image.index.v1+json",
                "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "500, answered 500",
        "429, answered 429",
        "403, answered 403 to an anonymous pull",
        "200, answered 200 without a Docker-Content-Digest header"
    })
    void unexpectedAnswersNameHostRepositoryAndStatus(int status, String expected) {
        serve(exchange -> respond(exchange, status, null, Map.of()));

        assertThatThrownBy(() -> client().digest(host + "/builders/java:17"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("Registry " + host + ", repository builders/java, tag 17 " + expected
                        + (status == 403 ? ": the repository is private or does not exist" : ""));
    }

    @Test
    void aSlowRegistryTimesOut() {
        serve(exchange -> {
            sleep(Duration.ofSeconds(2));
            respond(exchange, 200, null, Map.of("Docker-Content-Digest", DIGEST));
        });
        RegistryClient impatient = new RegistryClient(Set.of(host), Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.digest(host + "/builders/java:17"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(host)
                .hasMessageContaining("HttpTimeoutException");
    }

    @Test
    void anInvalidReferenceIsRefusedNamingIt() {
        assertThatThrownBy(() -> client().digest("Shop:latest!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Shop:latest!' is not a container image reference");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nginx, https://registry-1.docker.io/v2/library/nginx/manifests/latest",
        "docker.io/acme/shop:1.2, https://registry-1.docker.io/v2/acme/shop/manifests/1.2",
        "ghcr.io/acme/builders/java:17, https://ghcr.io/v2/acme/builders/java/manifests/17",
        "registry.slipway-system.svc:5000/builders/java:17, http://registry.slipway-system.svc:5000/v2/builders/java/manifests/17",
        "localhost:5000/shop, https://localhost:5000/v2/shop/manifests/latest"
    })
    void manifestUrl(String reference, String expected) {
        RegistryClient client = new RegistryClient(Set.of("registry.slipway-system.svc:5000"), Duration.ofSeconds(1));

        assertThat(client.manifestUri(ImageReference.parse(reference))).isEqualTo(URI.create(expected));
    }

    @Test
    void challengeParametersKeepCommasAndColonsInsideQuotes() {
        assertThat(RegistryClient.challengeParameters(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:a/b:pull,push\""))
                .containsExactly(
                        Map.entry("realm", "https://auth.docker.io/token"),
                        Map.entry("service", "registry.docker.io"),
                        Map.entry("scope", "repository:a/b:pull,push"));
    }

    private RegistryClient client() {
        return new RegistryClient(Set.of(host), Duration.ofSeconds(5));
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void serve(Handler handler) {
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        boolean noBody = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
