package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.ConditionTypes;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.WithController;
import dev.slipway.controller.rollout.ReleaseStateMachine;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Deployment the API server refuses (a quota of no Deployments in the namespace): the release
 * fails with the server's words within seconds instead of waiting for its timeout. A class of its
 * own, since the quota holds for the whole namespace.
 */
class RefusedDeploymentIT extends WithController {

    /** Three refusals with the SDK's backoff (2 s, 3 s) and the informers' lag. */
    static final Duration WITHIN_SECONDS = Duration.ofSeconds(20);

    @Test
    void aRefusedDeploymentFailsTheFirstReleaseWithTheServersMessage(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        quota(client, "no-deployments", "count/deployments.apps");
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: refused}
                spec: {image: registry.example.com/refused:1, replicas: 1}
                """);

        Release failed = await().atMost(WITHIN_SECONDS).pollInterval(Duration.ofMillis(250))
                .until(() -> ReleaseFixtures.release(client, "refused-1"),
                        r -> r != null && r.getStatus() != null && r.getStatus().getPhase() == ReleasePhase.Failed);
        assertThat(Conditions.find(failed.getStatus().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo(ConditionTypes.REASON_WRITE_REFUSED);
                    assertThat(c.getMessage()).contains("exceeded quota: no-deployments").contains("refused");
                });
        await().atMost(ReleaseFixtures.TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("refused-1");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo(ConditionTypes.REASON_WRITE_REFUSED);
                    assertThat(e.getMessage()).contains("exceeded quota: no-deployments");
                }));
        await().atMost(ReleaseFixtures.TIMEOUT).untilAsserted(() -> {
            App app = client.resources(App.class).withName("refused").get();
            assertThat(Conditions.find(app.getStatus().getConditions(), "Degraded")).map(Condition::getMessage)
                    .hasValueSatisfying(m -> assertThat(m).contains("refused-1 ended Failed")
                            .contains("exceeded quota: no-deployments"));
        });
        assertThat(awaitPhase(client, "refused-1", ReleasePhase.Failed).getStatus().getCompletedAt()).isNotNull();
    }

    /** A ResourceQuota allowing none of {@code counted} in the test's namespace. */
    static void quota(KubernetesClient client, String name, String counted) {
        client.resource(new ResourceQuotaBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withHard(Map.of(counted, new Quantity("0"))).endSpec().build()).create();
    }
}
