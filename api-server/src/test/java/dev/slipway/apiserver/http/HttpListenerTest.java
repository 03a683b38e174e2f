package dev.slipway.apiserver.http;

import dev.slipway.apiserver.ApiServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The listener on its own, without a cluster: a router with the API's request ids and error
 * renderer, and clients that send what no HTTP client would.
 */
class HttpListenerTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    private static Vertx vertx;
    private static int port;

    @BeforeAll
    static void listen() throws Exception {
        vertx = Vertx.vertx();
        ApiServerSettings settings = ApiServerSettings.fromEnvironment(Map.of(
                "SLIPWAY_API_HOST", "127.0.0.1",
                "SLIPWAY_API_PORT", "0",
                "SLIPWAY_API_REQUEST_HEAD_SECONDS", Long.toString(HEAD_TIMEOUT.toSeconds()),
                "SLIPWAY_API_MAX_REQUEST_LINE_BYTES", "4096",
                "SLIPWAY_API_MAX_HEADER_BYTES", "8192"));
        ErrorRenderer errors = new ErrorRenderer(1024);
        Router router = Router.router(vertx);
        router.route().handler(new RequestIds());
        router.get("/ok").handler(rc -> rc.response().end("ok"));
        // Answers after more than the head timeout: a request under way is not timed.
        router.get("/slow").handler(rc -> vertx.setTimer(HEAD_TIMEOUT.toMillis() * 2, id -> rc.response().end("late")));
        ContractRouter.renderErrors(router, errors);
        HttpServer server = HttpListener.create(vertx, settings, router).listen().await(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A request refused before any route handles it; {@code closes} when its connection cannot be trusted after. */
    record Refused(String name, String request, int status, String code, boolean closes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refused> refusedBeforeAnyHandler() {
        return Stream.of(
                new Refused("request line too long", "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414,
                        "URITooLong", true),
                new Refused("headers too large", "GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000)
                        + "\r\n\r\n", 431, "RequestHeaderFieldsTooLarge", true),
                new Refused("a space in a header name", "GET /ok HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400,
                        "BadRequest", true),
                new Refused("a control byte in a header name", "GET /ok HTTP/1.1\r\nHost: x\r\nX-\u0001: y\r\n\r\n",
                        400, "BadRequest", true),
                new Refused("a NUL byte in a header value", "GET /ok HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n",
                        400, "BadRequest", true),
                new Refused("a header line without a colon", "GET /ok HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n", 400,
                        "BadRequest", true),
                new Refused("a negative content length", "POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                        400, "BadRequest", true),
                new Refused("two content lengths", "POST /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                        + "Content-Length: 2\r\n\r\nab", 400, "BadRequest", true),
                new Refused("no request line", "\u0001\u0002\u00ff garbage\r\n\r\n", 400, "BadRequest", true),
                new Refused("HTTP/0.9", "GET /ok\r\n\r\n", 400, "BadRequest", true),
                // Vert.x's own answer to these is an empty 501.
                new Refused("an unknown HTTP version", "GET /ok HTTP/7.1\r\nHost: x\r\n\r\n", 400, "BadRequest", true),
                new Refused("another protocol", "GET /ok FOO/1.1\r\nHost: x\r\n\r\n", 400, "BadRequest", true),
                new Refused("a broken version", "GET /ok HT?P/1.1\r\nHost: x\r\n\r\n", 400, "BadRequest", true),
                new Refused("the HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "BadRequest", true),
                // vertx-web's own answer to these is a 500.
                new Refused("HTTP/1.1 without Host", "GET /ok HTTP/1.1\r\n\r\n", 400, "BadRequest", true),
                new Refused("a Host folded onto two lines", "GET /ok HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400,
                        "BadRequest", true),
                // The router's own refusals: plain text, or no request id, without its error handlers.
                new Refused("a path that does not decode", "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                        400, "BadRequest", false),
                new Refused("a request for a tunnel", "CONNECT evil:443 HTTP/1.1\r\nHost: evil:443\r\n"
                        + "Connection: close\r\n\r\n", 404, "NotFound", false),
                new Refused("a method without a route", "DELETE /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                        405, "MethodNotAllowed", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBeforeAnyHandler")
    void whatNoHandlerTakesGetsTheJsonErrorAndARequestId(Refused c) {
        RawHttp.Response response = RawHttp.exchange(port, c.request());

        assertThat(response.status()).as(response.body()).isEqualTo(c.status());
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        String id = response.header(RequestIds.HEADER);
        assertThat(id).isNotBlank();
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(c.code());
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.getString("requestId")).isEqualTo(id);
        if (c.closes()) {
            assertThat(response.closed()).as("the connection is closed after a refusal").isTrue();
        }
        assertThat(RawHttp.exchange(port, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status())
                .isEqualTo(200);
    }

    @Test
    void aSaneRequestIdIsKeptOnARefusalWhoseHeadersWereRead() {
        RawHttp.Response response = RawHttp.exchange(port, "GET /ok HTTP/7.1\r\nHost: x\r\nX-Request-Id: trace-9\r\n\r\n");

        assertThat(response.header(RequestIds.HEADER)).isEqualTo("trace-9");
        assertThat(new JsonObject(response.body()).getJsonObject("error").getString("requestId")).isEqualTo("trace-9");
    }

    @Test
    void aWellFormedRequestIsServedWithItsRequestId() {
        RawHttp.Response response = RawHttp.exchange(port,
                "GET /ok HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-7\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header(RequestIds.HEADER)).isEqualTo("trace-7");
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void aClientSendingItsHeadersAByteAtATimeIsCutOffWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(100);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            out.write("GET /ok HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            int served = 0;
            // A byte every 200 ms keeps any idle timeout from firing; only the head's deadline ends this.
            while (!closed && System.nanoTime() - start < HEAD_TIMEOUT.multipliedBy(4).toNanos()) {
                try {
                    out.write('a');
                    out.flush();
                    closed = in.read() < 0;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    if (RawHttp.exchange(port, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status()
                            == 200) {
                        served++;
                    }
                    Thread.sleep(100);
                } catch (IOException reset) {
                    closed = true;
                }
            }
            Duration open = Duration.ofNanos(System.nanoTime() - start);

            assertThat(closed).as("closed by the server").isTrue();
            assertThat(open).isBetween(HEAD_TIMEOUT.minusMillis(100), HEAD_TIMEOUT.multipliedBy(3));
            assertThat(served).as("others served meanwhile").isPositive();
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedWhenQuietButNotWhileItsAnswerIsUnderWay() throws Exception {
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = client.getInputStream();
            String answer = readResponse(in);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("late");

            long quiet = System.nanoTime();
            int next = in.read();
            Duration open = Duration.ofNanos(System.nanoTime() - quiet);

            assertThat(next).as("closed by the server").isEqualTo(-1);
            assertThat(open).isBetween(HEAD_TIMEOUT.minusMillis(100), HEAD_TIMEOUT.multipliedBy(3));
        }
    }

    /** One response with a Content-Length body, read without waiting for the connection to close. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed within the head: " + head);
            }
            head.append((char) b);
        }
        int length = RawHttp.parse(head.toString(), false).headers().entrySet().stream()
                .filter(e -> e.getKey().equals("content-length")).map(e -> Integer.parseInt(e.getValue()))
                .findFirst().orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void anIdleTimeoutWithinTheHeartbeatIsRefused() {
        assertThatThrownBy(() -> ApiServerSettings.fromEnvironment(Map.of("SLIPWAY_API_IDLE_TIMEOUT_SECONDS", "10")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat");
    }
}
