package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.ConditionTypes;
import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.PodMetadata;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.controller.WithController;
import dev.slipway.controller.rollout.ReleaseStateMachine;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.PodBehaviour;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failing hook or a release that never becomes ready does, per failure policy. */
class ReleaseFailureIT extends WithController {

    /** Given an App serving revision 1, when revision 2 adds a pre hook whose pod fails as given. */
    private static void serveThenFailPreHook(KubernetesClient client, String name, String policy, Integer maxAttempts) {
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec: {image: registry.example.com/%s:1, replicas: 2}
                """.formatted(name, name));
        awaitPhase(client, name + "-1", ReleasePhase.Complete);
        addFailingPreHook(client, name, policy, maxAttempts);
    }

    @Test
    void abortingPreHookLeavesTheOldPodsServingUntouched(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: abort}
                spec: {image: registry.example.com/abort:1, replicas: 2}
                """);
        awaitPhase(client, "abort-1", ReleasePhase.Complete);
        List<String> podsBefore = podNames(client, "abort");

        addFailingPreHook(client, "abort", "Abort", null);

        Release failed = awaitPhase(client, "abort-2", ReleasePhase.RolledBack);
        ReleaseStep pre = failed.getStatus().getSteps().get(0);
        assertThat(pre.getName()).isEqualTo(StepName.PRE_HOOK);
        assertThat(pre.getPhase()).isEqualTo(StepPhase.Failed);
        assertThat(pre.getAttempts()).isEqualTo(1);
        assertThat(pre.getMessage()).contains("exit code 3: database unreachable");
        assertThat(failed.getStatus().getSteps()).extracting(ReleaseStep::getPhase).containsExactly(StepPhase.Failed,
                StepPhase.Pending);
        assertThat(Conditions.find(failed.getStatus().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("HookFailed"));
        assertThat(podNames(client, "abort")).as("the same pods, never restarted").isEqualTo(podsBefore);
        assertThat(client.apps().deployments().withName("abort").get().getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Labels.REVISION, "1");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            App app = client.resources(App.class).withName("abort").get();
            assertThat(app.getStatus().getPhase()).isEqualTo(AppPhase.Ready);
            assertThat(app.getStatus().getCurrentRelease()).isEqualTo("abort-1");
            assertThat(Conditions.find(app.getStatus().getConditions(), "Degraded")).map(Condition::getMessage)
                    .hasValueSatisfying(m -> assertThat(m).contains("abort-2 ended RolledBack"));
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("abort-2");
                    assertThat(e.getReason()).isEqualTo("RolledBack");
                }));
    }

    @Test
    void retryRunsTheHookUpToMaxAttemptsEachJobOnce(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        serveThenFailPreHook(client, "retry", "Retry", 3);

        Release failed = awaitPhase(client, "retry-2", ReleasePhase.RolledBack);

        assertThat(failed.getStatus().getSteps().get(0).getAttempts()).isEqualTo(3);
        assertThat(failed.getStatus().getSteps().get(0).getMessage()).contains("after 3 attempts");
        assertThat(client.batch().v1().jobs().withLabel(Labels.RELEASE, "retry-2").list().getItems())
                .extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder("retry-2-pre-1", "retry-2-pre-2", "retry-2-pre-3");
    }

    @Test
    void ignoredHookFailureIsRecordedAndTheReleaseGoesOn(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        serveThenFailPreHook(client, "ignore", "Ignore", null);

        Release done = awaitPhase(client, "ignore-2", ReleasePhase.Complete);

        assertThat(done.getStatus().getSteps().get(0).getPhase()).isEqualTo(StepPhase.Failed);
        assertThat(done.getStatus().getSteps().get(0).getMessage()).contains("ignored");
        assertThat(done.getStatus().getSteps().get(1).getPhase()).isEqualTo(StepPhase.Complete);
    }

    @Test
    void releaseWhosePodsNeverBecomeReadyIsRolledBackAfterItsTimeout(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: stuck}
                spec:
                  image: registry.example.com/stuck:1
                  replicas: 2
                  strategy: {type: Rolling, timeoutSeconds: 5}
                """);
        awaitPhase(client, "stuck-1", ReleasePhase.Complete);

        edit(client, "stuck", a -> {
            PodMetadata never = new PodMetadata();
            never.setLabels(Map.of(PodBehaviour.READY_LABEL, PodBehaviour.NEVER));
            a.getSpec().setPodMetadata(never);
            a.getSpec().setImage("registry.example.com/stuck:2");
            return a;
        });

        Release rolledBack = awaitPhase(client, "stuck-2", ReleasePhase.RolledBack);
        assertThat(Conditions.find(rolledBack.getStatus().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo("Timeout");
                    assertThat(c.getMessage()).contains("5 s");
                });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<Pod> pods = client.pods().withLabel(Labels.APP, "stuck").withLabel(Labels.ROLE, Labels.WEB).list().getItems();
            assertThat(pods).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getLabels())
                    .containsEntry(Labels.REVISION, "1"));
            assertThat(client.apps().deployments().withName("stuck").get().getStatus().getAvailableReplicas()).isEqualTo(2);
        });
    }

    private static void addFailingPreHook(KubernetesClient client, String name, String policy, Integer maxAttempts) {
        edit(client, name, a -> {
            Hook pre = new Hook();
            pre.setCommand(List.of("bin/check"));
            pre.setFailurePolicy(dev.slipway.api.v1alpha1.FailurePolicy.valueOf(policy));
            pre.setMaxAttempts(maxAttempts);
            PodMetadata failing = new PodMetadata();
            failing.setAnnotations(Map.of(PodBehaviour.EXIT_CODE_ANNOTATION, "3",
                    PodBehaviour.TERMINATION_MESSAGE_ANNOTATION, "database unreachable"));
            pre.setPodMetadata(failing);
            Hooks hooks = new Hooks();
            hooks.setPre(pre);
            a.getSpec().setHooks(hooks);
            a.getSpec().setImage("registry.example.com/" + name + ":2");
            return a;
        });
    }

    private static List<String> podNames(KubernetesClient client, String app) {
        return client.pods().withLabel(Labels.APP, app).withLabel(Labels.ROLE, Labels.WEB).list().getItems().stream()
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }
}
