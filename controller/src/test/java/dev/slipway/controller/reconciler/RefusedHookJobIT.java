package dev.slipway.controller.reconciler;

import static dev.slipway.api.v1alpha1.ConditionTypes.REASON_WRITE_REFUSED;
import static dev.slipway.api.v1alpha1.ConditionTypes.ROLLED_BACK;
import static dev.slipway.api.v1alpha1.ConditionTypes.SUCCEEDED;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.controller.WithController;
import dev.slipway.controller.rollout.ReleaseStateMachine;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hook Job the API server refuses (a quota of no Jobs): after the bounded refusals the release
 * fails and rolls back to the release before, as a failing hook would. A class of its own, since
 * the quota holds for the whole namespace.
 */
class RefusedHookJobIT extends WithController {

    @Test
    void aRefusedHookJobRollsBackToTheEarlierRelease(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: hooked}
                spec: {image: registry.example.com/hooked:1, replicas: 1}
                """);
        awaitPhase(client, "hooked-1", ReleasePhase.Complete);
        RefusedDeploymentIT.quota(client, "no-jobs", "count/jobs.batch");

        edit(client, "hooked", a -> {
            Hook pre = new Hook();
            pre.setCommand(List.of("bin/check"));
            Hooks hooks = new Hooks();
            hooks.setPre(pre);
            a.getSpec().setHooks(hooks);
            a.getSpec().setImage("registry.example.com/hooked:2");
            return a;
        });

        Release rolledBack = await().atMost(RefusedDeploymentIT.WITHIN_SECONDS).pollInterval(Duration.ofMillis(250))
                .until(() -> ReleaseFixtures.release(client, "hooked-2"), r -> r != null && r.getStatus() != null
                        && r.getStatus().getPhase() == ReleasePhase.RolledBack);
        assertThat(rolledBack.getStatus().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Failed);
        assertThat(rolledBack.getStatus().getSteps().get(0).getMessage()).contains("exceeded quota: no-jobs");
        assertThat(Conditions.find(rolledBack.getStatus().getConditions(), SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo(REASON_WRITE_REFUSED));
        assertThat(Conditions.isTrue(rolledBack.getStatus().getConditions(), ROLLED_BACK)).isTrue();
        assertThat(client.batch().v1().jobs().withLabel(Labels.RELEASE, "hooked-2").list().getItems()).isEmpty();
        assertThat(client.apps().deployments().withName("hooked").get().getSpec().getTemplate().getMetadata()
                .getLabels()).containsEntry(Labels.REVISION, "1");
        await().atMost(ReleaseFixtures.TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("hooked-2");
                    assertThat(e.getReason()).isEqualTo(REASON_WRITE_REFUSED);
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
    }
}
