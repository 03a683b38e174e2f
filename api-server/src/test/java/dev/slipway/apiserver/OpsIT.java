package dev.slipway.apiserver;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildStatus;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, readiness, metrics, the contract, audit lines, build logs' errors and shutdown. */
@KubeClusterTest
class OpsIT extends ApiTestBase {

    private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();

    @BeforeAll
    static void start(TestNamespace namespace) {
        AUDIT.start();
        ((Logger) LoggerFactory.getLogger("slipway.audit")).addAppender(AUDIT);
        startApi(namespace, ApiFixture.testSettings(), "shop");
    }

    @AfterAll
    static void detachAudit() {
        ((Logger) LoggerFactory.getLogger("slipway.audit")).detachAppender(AUDIT);
    }

    @Test
    void healthAndReadinessNeedNoToken() {
        assertThat(api.get("/healthz", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = api.get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void theAppListFollowsChangesOfTheApps() {
        assertThat(api.get(api.apps(""), developer).body()).doesNotContain("\"listed-later\"");

        api.createApp("listed-later", "main");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get(api.apps(""), developer).body()).contains("\"listed-later\""));
    }

    @Test
    void theContractIsServed() {
        HttpResponse<String> contract = api.get("/openapi.yaml", null);

        assertThat(contract.statusCode()).isEqualTo(200);
        assertThat(contract.body()).startsWith("openapi: 3.1").contains("/api/v1/namespaces/{ns}/apps/{app}/releases");
    }

    @Test
    void metricsHaveLatencyHistogramsByRouteAndStatusAndCountReviews() {
        api.get(api.apps(""), developer);
        api.get(api.apps("/ghost"), developer);

        String metrics = api.get("/metrics", null).body();

        assertThat(metrics).contains("slipway_api_request_duration_seconds_bucket{")
                .containsPattern("slipway_api_request_duration_seconds_count\\{[^}]*route=\"/api/v1/namespaces/:ns/apps\"[^}]*status=\"200\"")
                .containsPattern("slipway_api_request_duration_seconds_count\\{[^}]*route=\"/api/v1/namespaces/:ns/apps/:app\"[^}]*status=\"404\"")
                .contains("slipway_api_access_reviews_total{kind=\"TokenReview\"}");
    }

    @Test
    void aMutatingRequestLeavesOneAuditLineWithoutTheToken() {
        HttpResponse<String> response = api.send(api.request(api.apps("/shop/releases"), developer,
                        Map.of("Content-Type", "application/json", "X-Request-Id", "audit-me"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"audit\"}")).build());
        assertThat(response.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(5)).until(() -> auditLines("audit-me").size() == 1);
        JsonObject line = auditLines("audit-me").get(0);
        assertThat(line.getString("user")).isEqualTo("system:serviceaccount:" + ns.name() + ":dev");
        assertThat(line.getString("namespace")).isEqualTo(ns.name());
        assertThat(line.getString("app")).isEqualTo("shop");
        assertThat(line.getInteger("status")).isEqualTo(202);
        assertThat(line.getString("outcome")).isEqualTo("success");
        assertThat(line.getString("created")).startsWith("releases/shop-");
        assertThat(line.getString("time")).isNotBlank();
        assertThat(line.encode()).doesNotContain(developer);
    }

    @Test
    void aWebhookLeavesAnAuditLineWithoutItsSecret() {
        ns.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("shop-webhook").endMetadata()
                .addToStringData("secret", "audit-secret").build()).serverSideApply();
        HttpResponse<String> response = api.send(api.request("/hooks/" + ns.name() + "/shop/git", null, Map.of(
                        "Content-Type", "application/json", "X-Gitlab-Token", "audit-secret", "X-Gitlab-Event", "Push Hook",
                        "X-Gitlab-Event-UUID", "delivery-1", "X-Request-Id", "audit-hook"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ref\": \"refs/heads/other\", \"checkout_sha\": \"abcdef0\"}"))
                .build());
        assertThat(response.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(5)).until(() -> auditLines("audit-hook").size() == 1);
        JsonObject line = auditLines("audit-hook").get(0);
        assertThat(line.getString("webhook")).isEqualTo("gitlab");
        assertThat(line.getString("delivery")).isEqualTo("delivery-1");
        assertThat(line.getString("ignored")).contains("another ref");
        assertThat(line.encode()).doesNotContain("audit-secret");
    }

    private static List<JsonObject> auditLines(String requestId) {
        return List.copyOf(AUDIT.list).stream().map(e -> new JsonObject(e.getFormattedMessage()))
                .filter(j -> requestId.equals(j.getString("requestId"))).toList();
    }

    @Test
    void aBuildLogNeedsABuildAndItsPod() {
        String logs = "/api/v1/namespaces/" + ns.name() + "/builds/";
        assertThat(api.get(logs + "ghost/log", developer).statusCode()).isEqualTo(404);

        HttpResponse<String> created = api.post(api.apps("/shop/builds"), developer, "{}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String build = new JsonObject(created.body()).getJsonObject("metadata").getString("name");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get(logs + build + "/log", developer).statusCode() == 409);

        ns.client().resources(Build.class).withName(build).editStatus(b -> {
            BuildStatus status = new BuildStatus();
            status.setPodName("gone-pod");
            b.setStatus(status);
            return b;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get(logs + build + "/log", developer).statusCode() == 404);
        assertThat(api.get(logs + build + "/log?follow=true", developer).statusCode()).isEqualTo(404);
    }

    @Test
    void theShippedDeploymentIsAcceptedByTheCluster() {
        var result = ns.cluster().kubectl(null).run("apply", "--dry-run=server", "-f",
                ApiFixture.repoRoot().resolve("manifests/api-server").toString());
        assertThat(result.succeeded()).as("%s", result).isTrue();
    }

    @Test
    void aServerOfOneNamespaceServesItAndShutdownEndsEventStreams() throws Exception {
        ApiFixture second = ApiFixture.start(ns, ApiFixture.testSettings().withNamespaces(java.util.Set.of(ns.name())));
        String token = second.user("dev", "slipway-developer");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.get(second.apps("/shop"), token).statusCode() == 200);
        HttpResponse<InputStream> stream = second.http.send(second.request(second.apps("/shop/events"), token, Map.of())
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        InputStream in = stream.body();
        // The stream's opening line is read before the shutdown, so that the rest must be a clean end
        // of the stream. (When the line was written before the subscription, a shutdown could come
        // between the two, and the stream was cut without its last chunk.)
        byte[] subscribed = ": subscribed".getBytes(StandardCharsets.UTF_8);
        assertThat(in.readNBytes(subscribed.length)).isEqualTo(subscribed);
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                // The JDK client's "closed" carries what broke the stream as its cause.
                return "broken: " + e + (e.getCause() == null ? "" : ", caused by " + e.getCause());
            }
        });

        second.close();

        assertThat(rest.get(10, TimeUnit.SECONDS)).doesNotStartWith("broken");
        assertThat(second.server.ready()).isFalse();
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                return second.http.send(second.request("/healthz", null, Map.of()).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (Exception refused) {
                return -1;
            }
        }).get(10, TimeUnit.SECONDS)).isEqualTo(-1);
    }
}
