package dev.slipway.apiserver;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who may do what through the API: real ServiceAccount tokens bound to the shipped ClusterRoles. */
@KubeClusterTest
class AccessIT extends ApiTestBase {

    private static String viewer;
    private static String nobody;

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings(), "shop");
        viewer = api.user("viewer", "slipway-viewer");
        nobody = api.user("nobody", null);
    }

    @Test
    void noTokenIsUnauthorizedWithAJsonErrorAndTheRequestId() {
        HttpResponse<String> response = api.send(api.request(api.apps(""), null, Map.of("X-Request-Id", "trace-42"))
                .GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Request-Id")).contains("trace-42");
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("Unauthorized");
        assertThat(error.getString("requestId")).isEqualTo("trace-42");
    }

    @Test
    void anUnknownTokenIsUnauthorized() {
        assertThat(api.get(api.apps(""), "not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutARoleIsForbidden() {
        HttpResponse<String> response = api.get(api.apps(""), nobody);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("cannot list apps.slipway.dev");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void anotherNamespaceIsForbidden() {
        assertThat(api.get("/api/v1/namespaces/default/apps", developer).statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/namespaces/default/apps/shop/releases", developer, "{}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aViewerReadsButCannotRelease() {
        HttpResponse<String> apps = api.get(api.apps(""), viewer);
        assertThat(apps.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(apps.body()).getJsonArray("items").getJsonObject(0)
                .getJsonObject("metadata").getString("name")).isEqualTo("shop");

        assertThat(api.post(api.apps("/shop/releases"), viewer, "{\"reason\": \"try\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void aDeveloperReleasesAndTheReleaseIsVisibleWithKubectl(TestNamespace namespace) {
        HttpResponse<String> response = api.post(api.apps("/shop/releases"), developer,
                "{\"image\": \"registry.example/shop:1.2\", \"reason\": \"hotfix\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String name = new JsonObject(response.body()).getJsonObject("metadata").getString("name");
        var kubectl = namespace.kubectl().run("get", "release", name, "-o", "json");
        assertThat(kubectl.succeeded()).as("%s", kubectl).isTrue();
        Release release = namespace.client().getKubernetesSerialization().unmarshal(kubectl.stdout(), Release.class);
        String user = "system:serviceaccount:" + namespace.name() + ":dev";
        assertThat(release.getSpec().getApp()).isEqualTo("shop");
        assertThat(release.getSpec().getImage()).isEqualTo("registry.example/shop:1.2");
        assertThat(release.getSpec().getReason()).isEqualTo("requested by " + user + ": hotfix");
        assertThat(release.getMetadata().getAnnotations()).containsEntry("slipway.dev/requested-by", user);
        assertThat(release.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("shop"));
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/apps/shop/releases/" + release.getSpec().getRevision()));
    }

    @Test
    void aRevokedBindingStopsWorkingWithinTheCacheTime() {
        String revoked = api.user("revoked", "slipway-viewer");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps(""), revoked).statusCode() == 200);

        api.unbind("revoked", "slipway-viewer");
        long start = System.nanoTime();

        await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(api.apps(""), revoked).statusCode() == 403);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThanOrEqualTo(ApiServerSettings.MAX_ACCESS_CACHE_TTL.plusSeconds(1));
    }
}
