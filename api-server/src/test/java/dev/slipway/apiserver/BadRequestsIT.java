package dev.slipway.apiserver;

import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends, it gets a JSON error with the right status and field, never a 5xx. */
@KubeClusterTest
class BadRequestsIT extends ApiTestBase {

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings(), "shop");
    }

    /** One bad request: what is sent, and the status and field of the error expected. */
    record Case(String name, String method, String path, String contentType, String body, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badRequests() {
        String huge = "{\"reason\": \"" + "x".repeat(9000) + "\"}";
        return Stream.of(
                new Case("malformed JSON", "POST", "/shop/releases", "application/json", "{\"image\": ", 400, "body"),
                new Case("body is an array", "POST", "/shop/releases", "application/json", "[]", 400, "body"),
                new Case("body is null", "POST", "/shop/rollback", "application/json", "null", 400, "body"),
                new Case("wrong type", "POST", "/shop/releases", "application/json", "{\"image\": 5}", 400, "image"),
                new Case("image with a space", "POST", "/shop/releases", "application/json", "{\"image\": \"a b\"}", 400, "image"),
                new Case("unknown field", "POST", "/shop/releases", "application/json", "{\"imag\": \"x\"}", 400, "imag"),
                new Case("missing field", "POST", "/shop/rollback", "application/json", "{\"reason\": \"oops\"}", 400, "toRevision"),
                new Case("missing body", "POST", "/shop/rollback", "application/json", "", 400, "body"),
                new Case("revision as text", "POST", "/shop/rollback", "application/json", "{\"toRevision\": \"five\"}", 400, "toRevision"),
                new Case("revision zero", "POST", "/shop/rollback", "application/json", "{\"toRevision\": 0}", 400, "toRevision"),
                new Case("bad ref", "POST", "/shop/builds", "application/json", "{\"ref\": \"a b\"}", 400, "ref"),
                new Case("bad app name", "POST", "/Shop_1/releases", "application/json", "{}", 400, "app"),
                new Case("app name too long", "GET", "/" + "a".repeat(41), null, null, 400, "app"),
                new Case("bad namespace", "GET", "../NOT_A_NS/apps", null, null, 400, "ns"),
                new Case("revision not a number", "GET", "/shop/releases/abc", null, null, 400, "revision"),
                new Case("huge body", "POST", "/shop/releases", "application/json", huge, 413, "body"),
                new Case("text body", "POST", "/shop/releases", "text/plain", "image=x", 415, "Content-Type"),
                new Case("no content type", "POST", "/shop/releases", null, "{}", 415, "Content-Type"),
                new Case("unknown app", "GET", "/ghost", null, null, 404, null),
                new Case("release of an unknown app", "POST", "/ghost/releases", "application/json", "{}", 404, null),
                new Case("unknown revision", "GET", "/shop/releases/99", null, null, 404, null),
                new Case("rollback to a revision that never was", "POST", "/shop/rollback", "application/json",
                        "{\"toRevision\": 42}", 422, "toRevision"),
                new Case("unknown path", "GET", "/shop/nothing-here", null, null, 404, null),
                new Case("wrong method", "DELETE", "/shop", null, null, 405, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestGetsItsStatusAndNamesTheField(Case c) {
        String path = c.path().startsWith("..") ? "/api/v1/namespaces/" + c.path().substring(3) : api.apps(c.path());
        Map<String, String> headers = c.contentType() == null ? Map.of() : Map.of("Content-Type", c.contentType());
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(c.body());
        HttpResponse<String> response = api.send(api.request(path, developer, headers).method(c.method(), body).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(c.status());
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("requestId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(error.getString("message")).isNotBlank();
        if (c.field() != null) {
            assertThat(error.getString("field")).as(error.encode()).isEqualTo(c.field());
        }
    }

    @Test
    void thousandsOfRandomRequestsGetNo5xx() {
        Random random = new Random(20261126L);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            HttpRequest request = randomRequest(random);
            HttpResponse<String> response = api.send(request);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500 || response.headers().firstValue("X-Request-Id").isEmpty()) {
                failures.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + " " + response.body());
            }
        }
        assertThat(failures).as("statuses %s", statuses).isEmpty();
        assertThat(statuses).containsKeys(200, 400, 404);
    }

    private static final String[] SEGMENTS = {"shop", "ghost", "releases", "rollback", "builds", "events", "log", "1",
            "-1", "99999999999999999999", "Shop", "a_b", "..", ".", "%00", "%2F", "apps", ns(), "x".repeat(70), "é", ""};
    private static final String[] TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
            "application/x-www-form-urlencoded", "application/json;;", "*/*", "", "application/vnd.x+json"};
    private static final String[] BODIES = {"{}", "[]", "null", "1", "\"s\"", "{\"image\": null}", "{\"toRevision\": 1e400}",
            "{\"toRevision\": 1.5}", "{\"toRevision\": -3}", "{\"toRevision\": 9007199254740993}", "{\"ref\": \"\"}",
            "{\"image\": \"x\", \"image\": 3}", "{\"a\":{\"b\":{\"c\":[[[[[[]]]]]]}}}", "{\"reason\": \"\\u0000\"}",
            "{\"image\": \"" + "y".repeat(600) + "\"}", "\u00ff\u00fe", "{", "}"};

    private static String ns() {
        return ns == null ? "default" : ns.name();
    }

    private static HttpRequest randomRequest(Random random) {
        StringBuilder path = new StringBuilder(random.nextInt(10) == 0 ? "/hooks/" + ns() + "/shop/git"
                : "/api/v1/namespaces/" + pick(random, new String[]{ns(), ns(), "default", "UPPER", "a..b"}) + "/apps");
        int depth = random.nextInt(4);
        for (int i = 0; i < depth; i++) {
            String segment = pick(random, SEGMENTS);
            path.append('/').append(random.nextBoolean() ? segment : URLEncoder.encode(segment, StandardCharsets.UTF_8));
        }
        if (random.nextInt(8) == 0) {
            path.append("?follow=").append(pick(random, new String[]{"true", "yes", "", "%ZZ"}).replace("%ZZ", "%25ZZ"));
        }
        String method = pick(random, new String[]{"GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"});
        HttpRequest.Builder builder = api.request(path.toString(), random.nextInt(20) == 0 ? "bogus" : developer, Map.of());
        String type = pick(random, TYPES);
        if (!type.isEmpty()) {
            builder.header("Content-Type", type);
        }
        if (random.nextInt(6) == 0) {
            builder.header("Last-Event-ID", pick(random, new String[]{"1", "x", "1-2-3", "99999999999999999999999-1", "-1", "1.5"}));
        }
        if (random.nextInt(6) == 0) {
            builder.header("X-Hub-Signature-256", "sha256=" + pick(random, new String[]{"00", "zz", ""}));
        }
        if (method.equals("GET") || method.equals("DELETE")) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        String body = random.nextInt(5) == 0 ? randomBytes(random) : pick(random, BODIES);
        return builder.method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String randomBytes(Random random) {
        char[] chars = new char[random.nextInt(200)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(0x3000);
        }
        return new String(chars);
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    @Test
    void concurrentReleaseRequestsGetDistinctRevisionsOrAConflict() {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(api.http.sendAsync(api.request(api.apps("/shop/releases"), developer,
                            Map.of("Content-Type", "application/json"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"race " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Long> revisions = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.join();
            assertThat(response.statusCode()).as(response.body()).isIn(202, 409);
            if (response.statusCode() == 202) {
                revisions.add(new JsonObject(response.body()).getJsonObject("spec").getLong("revision"));
            } else {
                assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).isEqualTo("Conflict");
            }
        }
        assertThat(revisions).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void aUserOverTheRateGets429WithRetryAfter(TestNamespace namespace) {
        try (ApiFixture limited = ApiFixture.start(namespace, ApiFixture.testSettings().withRateLimit(0.5, 2))) {
            String token = limited.user("dev", "slipway-developer");
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 3; i++) {
                last = limited.get(limited.apps(""), token);
                statuses.add(last.statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 429);
            assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(
                    s -> assertThat(Long.parseLong(s)).isBetween(1L, 2L));
            assertThat(new JsonObject(last.body()).getJsonObject("error").getString("code")).isEqualTo("TooManyRequests");
        }
    }
}
