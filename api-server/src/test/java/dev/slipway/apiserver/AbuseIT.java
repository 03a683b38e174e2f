package dev.slipway.apiserver;

import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API server under abuse, with the test cluster's real TokenReview: a flood of made-up tokens
 * costs a bounded number of reviews, made-up webhook signatures likewise, one user's event
 * streams are capped, and what the HTTP layer refuses before any handler still gets the JSON
 * error with its request id.
 */
@KubeClusterTest
class AbuseIT extends ApiTestBase {

    private static final Pattern TOKEN_REVIEWS = Pattern.compile(
            "^slipway_api_access_reviews_total\\{[^}]*kind=\"TokenReview\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final ApiServerSettings.ClientLimits LIMITS = ApiServerSettings.ClientLimits.defaults();

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings(), "shop");
    }

    private static double tokenReviews(ApiFixture server) {
        Matcher matcher = TOKEN_REVIEWS.matcher(server.get("/metrics", null).body());
        assertThat(matcher.find()).as("the TokenReview counter in /metrics").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** Sends all of {@code requests} at once, at most 50 in flight; their statuses by count. */
    private static List<HttpResponse<String>> sendAll(ApiFixture server, List<HttpRequest> requests) {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += 50) {
            List<CompletableFuture<HttpResponse<String>>> batch = requests.subList(from, Math.min(from + 50,
                    requests.size())).stream().map(r -> server.http.sendAsync(r, HttpResponse.BodyHandlers.ofString()))
                    .toList();
            batch.forEach(f -> responses.add(f.join()));
        }
        return responses;
    }

    private static Map<Integer, Integer> statuses(List<HttpResponse<String>> responses) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        responses.forEach(r -> statuses.merge(r.statusCode(), 1, Integer::sum));
        return statuses;
    }

    private static void assertTooManyRequests(HttpHeaders headers, String body) {
        assertThat(headers.firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
        JsonObject error = new JsonObject(body).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("TooManyRequests");
        assertThat(error.getString("requestId")).isEqualTo(headers.firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aThousandDistinctBogusTokensCostABoundedNumberOfTokenReviews(TestNamespace namespace) throws Exception {
        // A server of its own, with fresh allowances and counters, whose answers expire within the test.
        try (ApiFixture server = ApiFixture.start(namespace,
                ApiFixture.testSettings().withAccessCacheTtl(Duration.ofSeconds(1)))) {
            String token = server.user("flood-dev", "slipway-developer");
            assertThat(server.get(server.apps(""), token).statusCode()).isEqualTo(200);
            List<HttpRequest> bogus = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                bogus.add(server.request(server.apps(""), "bogus-" + UUID.randomUUID(), Map.of()).GET().build());
            }
            double before = tokenReviews(server);
            long start = System.nanoTime();

            List<HttpResponse<String>> responses = sendAll(server, bogus);

            double seconds = (System.nanoTime() - start) / 1e9;
            double reviews = tokenReviews(server) - before;
            Map<Integer, Integer> statuses = statuses(responses);
            assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(401, 429);
            responses.stream().filter(r -> r.statusCode() == 429).findFirst()
                    .ifPresent(r -> assertTooManyRequests(r.headers(), r.body()));
            assertThat(reviews).as("TokenReviews for 1000 bogus tokens in %.1f s (statuses %s)", seconds, statuses)
                    .isLessThanOrEqualTo(LIMITS.addressRateBurst() + LIMITS.addressRatePerSecond() * seconds + 1)
                    .isEqualTo(statuses.get(401).doubleValue());

            // Its answer has expired, so it is reviewed again, but a known-good token skips its address's limit.
            Thread.sleep(1500);
            assertThat(server.get(server.apps(""), token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void madeUpWebhookSignaturesAreHeldToTheAddressAllowance(TestNamespace namespace) {
        try (ApiFixture server = ApiFixture.start(namespace, ApiFixture.testSettings())) {
            List<HttpRequest> deliveries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                deliveries.add(server.request("/hooks/" + namespace.name() + "/shop/git", null, Map.of(
                                "Content-Type", "application/json", "X-GitHub-Event", "push",
                                "X-Hub-Signature-256", "sha256=" + "0".repeat(63) + (i % 10)))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + i + "}")).build());
            }
            long start = System.nanoTime();

            Map<Integer, Integer> statuses = statuses(sendAll(server, deliveries));

            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(401, 429);
            int allowed = (int) (LIMITS.addressRateBurst() + LIMITS.addressRatePerSecond() * seconds + 1);
            assertThat(statuses.get(401)).as("Secrets read for 100 made-up signatures in %.1f s", seconds)
                    .isLessThanOrEqualTo(allowed);
        }
    }

    @Test
    void oneUserOpeningSixtyEventStreamsAtOnceGetsTheQuotaAndA429ForTheRest() throws Exception {
        int quota = LIMITS.eventStreamsPerUser();
        List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            opening.add(api.http.sendAsync(api.request(api.apps("/shop/events"), developer, Map.of()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        List<InputStream> open = new ArrayList<>();
        int refused = 0;
        try {
            for (CompletableFuture<HttpResponse<InputStream>> future : opening) {
                HttpResponse<InputStream> response = future.join();
                if (response.statusCode() == 200) {
                    open.add(response.body());
                    continue;
                }
                try (InputStream body = response.body()) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(response.statusCode()).as(text).isEqualTo(429);
                    assertTooManyRequests(response.headers(), text);
                    assertThat(text).contains("event streams open");
                    refused++;
                }
            }

            assertThat(open).hasSize(quota);
            assertThat(refused).isEqualTo(60 - quota);
            String viewer = api.user("streams-viewer", "slipway-viewer");
            try (InputStream another = openStream(viewer)) {
                assertThat(another).as("another user's stream").isNotNull();
            }

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                InputStream again = openStream(developer);
                if (again == null) {
                    return false;
                }
                open.add(again);
                return true;
            });
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    /** An event stream of shop, or null when the server answered other than 200. */
    private static InputStream openStream(String token) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = api.http.send(api.request(api.apps("/shop/events"), token, Map.of())
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            return response.body();
        }
        response.body().close();
        return null;
    }

    @Test
    void whatTheHttpLayerRefusesGetsTheJsonErrorAndARequestId() throws Exception {
        String[] refused = {
                "GET /" + "a".repeat(LIMITS.maxRequestLineBytes() + 10) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(LIMITS.maxHeaderBytes() + 10) + "\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
                "GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n",
                "GET /healthz HTTP/1.1\r\n\r\n",
                "GET /api/v1/namespaces/%zz/apps HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"};
        List<Integer> expected = List.of(414, 431, 400, 400, 400, 400);
        for (int i = 0; i < refused.length; i++) {
            String response = exchange(refused[i]);
            String id = header(response, "X-Request-Id");

            assertThat(response).as(refused[i].substring(0, Math.min(60, refused[i].length())))
                    .matches("(?s)HTTP/\\S+ " + expected.get(i) + " .*");
            assertThat(id).isNotBlank();
            JsonObject error = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4))
                    .getJsonObject("error");
            assertThat(error.getString("requestId")).isEqualTo(id);
            assertThat(error.getString("code")).isNotBlank();
        }
        assertThat(api.get("/healthz", null).statusCode()).isEqualTo(200);
    }

    /** Writes {@code request} on a new connection and reads until the server closes it. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String header(String response, String name) {
        for (String line : response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }
}
