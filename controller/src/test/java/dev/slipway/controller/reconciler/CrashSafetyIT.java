package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.PodMetadata;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.PodBehaviour;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller stops at each step of a Recreate release with three hooks and a new one starts:
 * the release completes, each hook's Job was created once (its uid never changes), and each step
 * was told once as an Event.
 */
@KubeClusterTest
class CrashSafetyIT {

    private InProcessController controller;
    private TestNamespace namespace;

    @Test
    void releaseResumesAfterAStopAtEveryStepAndRunsEachHookOnce(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        controller = InProcessController.start(namespace);
        this.namespace = namespace;
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop}
                spec:
                  image: registry.example.com/shop:1
                  replicas: 2
                  strategy: {type: Recreate}
                """);
        awaitPhase(client, "shop-1", ReleasePhase.Complete);

        // Every hook's pod keeps running until the test lets it finish.
        edit(client, "shop", a -> {
            a.getSpec().setImage("registry.example.com/shop:2");
            var hooks = new dev.slipway.api.v1alpha1.Hooks();
            hooks.setPre(held("bin/check"));
            hooks.setMid(held("bin/migrate"));
            hooks.setPost(held("bin/notify"));
            a.getSpec().setHooks(hooks);
            return a;
        });

        // Stops while each hook runs, and right after the scale-down and the rollout were started.
        String preUid = stopWhileHookRuns(namespace, client, "shop-2-pre-1");
        await().atMost(TIMEOUT).until(() -> client.apps().deployments().withName("shop").get().getSpec().getReplicas() == 0);
        restart();
        String midUid = stopWhileHookRuns(namespace, client, "shop-2-mid-1");
        await().atMost(TIMEOUT).until(() -> "2".equals(client.apps().deployments().withName("shop").get().getSpec()
                .getTemplate().getMetadata().getLabels().get(Labels.REVISION)));
        restart();
        String postUid = stopWhileHookRuns(namespace, client, "shop-2-post-1");

        Release done = awaitPhase(client, "shop-2", ReleasePhase.Complete);
        controller.close();
        assertThat(done.getStatus().getSteps()).extracting(ReleaseStep::getName).containsExactly(StepName.PRE_HOOK,
                StepName.SCALE_DOWN, StepName.MID_HOOK, StepName.ROLLOUT, StepName.POST_HOOK);
        assertThat(done.getStatus().getSteps()).extracting(ReleaseStep::getPhase).containsOnly(StepPhase.Complete);
        assertThat(done.getStatus().getSteps()).extracting(ReleaseStep::getAttempts).containsExactly(1, null, 1, null, 1);
        List<Job> jobs = client.batch().v1().jobs().withLabel(Labels.RELEASE, "shop-2").list().getItems();

        assertThat(jobs).extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder("shop-2-pre-1", "shop-2-mid-1", "shop-2-post-1");
        assertThat(jobs).extracting(j -> j.getMetadata().getUid()).as("the Jobs first created, never replaced")
                .containsExactlyInAnyOrder(preUid, midUid, postUid);
        assertThat(jobs).allSatisfy(j -> assertThat(j.getStatus().getSucceeded()).isEqualTo(1));
        // Three controllers saw this release; each step was told once.
        // Events are written after the pass that tells them: wait for the last, then count.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events()
                .withField("involvedObject.name", "shop-2").list().getItems().stream()
                .filter(e -> "Release".equals(e.getInvolvedObject().getKind()))
                .collect(Collectors.groupingBy(Event::getReason, Collectors.counting())))
                .containsEntry("ReleaseStarted", 1L).containsEntry("HookSucceeded", 3L)
                .containsEntry("ReleaseComplete", 1L));
    }

    /** Waits for the hook's Job, stops the controller, lets the pod finish, starts a new controller. */
    private String stopWhileHookRuns(TestNamespace namespace, KubernetesClient client, String job) {
        Job created = await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().withName(job).get(), j -> j != null);
        controller.close();
        releaseHeldPod(client, job);
        await().atMost(TIMEOUT).until(() -> succeeded(client.batch().v1().jobs().withName(job).get()));
        controller = InProcessController.start(namespace);
        return created.getMetadata().getUid();
    }

    private void restart() {
        controller.close();
        controller = InProcessController.start(namespace);
    }

    private static Hook held(String command) {
        Hook hook = new Hook();
        hook.setCommand(List.of(command));
        PodMetadata metadata = new PodMetadata();
        metadata.setLabels(Map.of(PodBehaviour.HOLD_LABEL, "true"));
        hook.setPodMetadata(metadata);
        return hook;
    }

    private static void releaseHeldPod(KubernetesClient client, String job) {
        Pod pod = await().atMost(TIMEOUT).until(() -> client.pods().withLabel("job-name", job).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst().orElse(null), p -> p != null);
        client.pods().withName(pod.getMetadata().getName()).edit(p -> {
            p.getMetadata().getLabels().remove(PodBehaviour.HOLD_LABEL);
            return p;
        });
    }

    private static boolean succeeded(Job job) {
        return job != null && job.getStatus() != null && job.getStatus().getSucceeded() != null
                && job.getStatus().getSucceeded() == 1;
    }

}
