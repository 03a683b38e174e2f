package dev.slipway.apiserver;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API's first line against a rollback across an irreversible migration: the request is
 * refused with 422 naming the release in its way, unless it says force, which the Release records.
 * The controller's own refusal and the down commands are RealNodeRollbackMigrationIT's.
 */
@KubeClusterTest
class RollbackMigrationIT extends ApiTestBase {

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings());
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: ledger}
                spec:
                  image: registry.example/ledger:2
                ---
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: ledger-1}
                spec:
                  app: ledger
                  revision: 1
                  image: registry.example/ledger:1
                  config: {port: 8080}
                ---
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: ledger-2}
                spec:
                  app: ledger
                  revision: 2
                  image: registry.example/ledger:2
                  config:
                    port: 8080
                    hooks:
                      mid: {command: [bin/migrate], migration: {reversible: false}}
                """, developer, "ledger");
        ControllerStandIn.progress(namespace.client(), "ledger-1", ReleasePhase.Complete,
                List.of(step(StepName.ROLLOUT, StepPhase.Complete, "1 of 1 new pods available")));
        ControllerStandIn.progress(namespace.client(), "ledger-2", ReleasePhase.Complete,
                List.of(step(StepName.SCALE_DOWN, StepPhase.Complete, null),
                        step(StepName.MID_HOOK, StepPhase.Complete, "migrated"),
                        step(StepName.ROLLOUT, StepPhase.Complete, "1 of 1 new pods available")));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/ledger/releases/2"), developer).body()
                .contains("migrated"));
    }

    @Test
    void aRollbackAcrossAnIrreversibleMigrationIsRefusedNamingItThenGoesAheadWhenForced() {
        HttpResponse<String> refused = api.post(api.apps("/ledger/rollback"), developer, "{\"toRevision\": 1}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
        assertThat(error.getString("field")).isEqualTo("toRevision");
        assertThat(error.getString("message")).contains("irreversible migration of ledger-2", "force");
        assertThat(ns.client().resources(Release.class).list().getItems()).hasSize(2);

        HttpResponse<String> forced = api.post(api.apps("/ledger/rollback"), developer,
                "{\"toRevision\": 1, \"force\": true, \"reason\": \"the new schema is broken\"}");

        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(202);
        Release rollback = ns.client().resources(Release.class).withName("ledger-3").get();
        assertThat(rollback.getSpec().getForce()).isTrue();
        assertThat(rollback.getSpec().getRollbackOf()).isEqualTo(1L);
    }
}
