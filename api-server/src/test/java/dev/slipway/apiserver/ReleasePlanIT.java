package dev.slipway.apiserver;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A release's dry run answers its plan through the real API server, and writes nothing at all. */
@KubeClusterTest
class ReleasePlanIT extends ApiTestBase {

    private static String viewer;

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings());
        viewer = api.user("viewer", "slipway-viewer");
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop}
                spec:
                  image: registry.example/shop:1
                  env:
                    - {name: GREETING, value: hello}
                    - {name: DB_URL, valueFrom: {secretKeyRef: {name: shop-db, key: url}}}
                  hooks:
                    pre: {command: [bin/migrate]}
                ---
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-1}
                spec:
                  app: shop
                  revision: 1
                  image: registry.example/shop:1
                  config: {port: 8080, env: [{name: GREETING, value: hello}]}
                """, developer, "shop");
        ControllerStandIn.progress(namespace.client(), "shop-1", ReleasePhase.Complete,
                List.of(step(StepName.ROLLOUT, StepPhase.Complete, "1 of 1 new pods available")));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/shop/releases/1"), developer).body()
                .contains("Complete"));
    }

    @Test
    void aDryRunAnswersThePlanAndWritesNothing() {
        // Given what the namespace holds now
        Map<String, String> before = versions();

        // When a developer asks for the plan of a release and of a rollback
        HttpResponse<String> release = api.post(api.apps("/shop/releases?dryRun=true"), developer,
                "{\"image\": \"registry.example/shop:2\", \"reason\": \"try it\"}");
        HttpResponse<String> rollback = api.post(api.apps("/shop/rollback?dryRun=true"), developer,
                "{\"toRevision\": 1}");
        HttpResponse<String> refused = api.post(api.apps("/shop/releases?dryRun=true"), viewer, "{}");

        // Then the plans say what would happen, and not one object or Event was written
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        JsonObject plan = new JsonObject(release.body());
        assertThat(plan.getBoolean("dryRun")).isTrue();
        assertThat(plan.getLong("revision")).isEqualTo(2);
        assertThat(plan.getString("serving")).isEqualTo("shop-1");
        assertThat(plan.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name")).toList())
                .containsExactly("pre-hook", "rollout");
        assertThat(plan.getJsonObject("changes").getJsonObject("image").getString("to")).isEqualTo("registry.example/shop:2");
        assertThat(plan.getJsonObject("changes").getJsonArray("env"))
                .isEqualTo(new JsonArray().add(new JsonObject().put("name", "DB_URL").put("change", "added")));
        assertThat(plan.getJsonArray("problems")).containsExactly("env DB_URL: Secret shop-db does not exist");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(new JsonObject(rollback.body()).getString("image")).isEqualTo("registry.example/shop:1");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(versions()).isEqualTo(before);
    }

    /** Every App, Release and Event of the namespace by name, with its resourceVersion. */
    private static Map<String, String> versions() {
        List<HasMetadata> all = new java.util.ArrayList<>();
        all.addAll(ns.client().resources(App.class).list().getItems());
        all.addAll(ns.client().resources(Release.class).list().getItems());
        all.addAll(ns.client().v1().events().list().getItems());
        return all.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion()));
    }
}
