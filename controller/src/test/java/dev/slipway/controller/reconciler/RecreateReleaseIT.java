package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.controller.WithController;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Recreate: the mid hook runs when no old pod is left and no new pod exists yet. The order is read
 * from what the cluster recorded: the resourceVersions of the watch events, which etcd numbers in
 * one sequence across all kinds.
 */
class RecreateReleaseIT extends WithController {


    /** One watch event: what happened to which object, at which etcd revision. */
    record Recorded(long resourceVersion, String action, String kind, String name, String revision) {
    }

    @Test
    void midHookRunsAfterTheLastOldPodIsGoneAndBeforeAnyNewPod(TestNamespace namespace) throws Exception {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop}
                spec:
                  image: registry.example.com/shop:1
                  replicas: 3
                  strategy: {type: Recreate}
                  hooks:
                    mid: {command: [bin/rails, db:migrate]}
                """);
        awaitPhase(client, "shop-1", ReleasePhase.Complete);

        List<Recorded> recorded = new CopyOnWriteArrayList<>();
        try (Watch pods = client.pods().withLabel(Labels.APP, "shop").withLabel(Labels.ROLE, Labels.WEB)
                .watch(recorder(recorded, "Pod"));
             Watch jobs = client.batch().v1().jobs().withLabel(Labels.APP, "shop").watch(recorder(recorded, "Job"))) {
            edit(client, "shop", a -> {
                a.getSpec().setImage("registry.example.com/shop:2");
                return a;
            });
            Release second = awaitPhase(client, "shop-2", ReleasePhase.Complete);
            assertThat(second.getStatus().getSteps()).extracting(ReleaseStep::getName)
                    .containsExactly(StepName.SCALE_DOWN, StepName.MID_HOOK, StepName.ROLLOUT);
        }

        long lastOldPodGone = recorded.stream().filter(r -> r.kind().equals("Pod") && r.action().equals("DELETED")
                && "1".equals(r.revision())).mapToLong(Recorded::resourceVersion).max().orElseThrow();
        long midJobCreated = recorded.stream().filter(r -> r.kind().equals("Job") && r.action().equals("ADDED")
                && r.name().equals("shop-2-mid-1")).mapToLong(Recorded::resourceVersion).min().orElseThrow();
        long firstNewPod = recorded.stream().filter(r -> r.kind().equals("Pod") && r.action().equals("ADDED")
                && "2".equals(r.revision())).mapToLong(Recorded::resourceVersion).min().orElseThrow();
        assertThat(recorded.stream().filter(r -> r.kind().equals("Pod") && r.action().equals("DELETED")
                && "1".equals(r.revision()))).hasSize(3);
        assertThat(midJobCreated).as("mid hook Job created after the last old pod was deleted")
                .isGreaterThan(lastOldPodGone);
        assertThat(firstNewPod).as("first new pod created after the mid hook Job").isGreaterThan(midJobCreated);
        Job mid = client.batch().v1().jobs().withName("shop-2-mid-1").get();
        assertThat(mid.getStatus().getSucceeded()).isEqualTo(1);
    }

    private static <T extends HasMetadata> Watcher<T> recorder(List<Recorded> recorded, String kind) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                recorded.add(new Recorded(Long.parseLong(resource.getMetadata().getResourceVersion()), action.name(), kind,
                        resource.getMetadata().getName(), resource.getMetadata().getLabels().get(Labels.REVISION)));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

}
