package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.controller.WithController;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** Rolling releases on the real cluster: first release, config change, hooks in order. */
class RollingReleaseIT extends WithController {


    @Test
    void firstReleaseAndConfigChangeRollOutWithHooksInOrder(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        // Given an App with a prebuilt image, pre and post hooks
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: billing}
                spec:
                  image: registry.example.com/billing:1.0
                  replicas: 2
                  port: 9000
                  healthCheck: {path: /healthz}
                  strategy: {type: Rolling, rolling: {maxSurge: 1, maxUnavailable: 0}}
                  hooks:
                    pre: {command: [bin/check]}
                    post: {command: [bin/notify], failurePolicy: Ignore}
                """);

        // Then revision 1 completes with its steps in order, and the App serves it
        Release first = awaitPhase(client, "billing-1", ReleasePhase.Complete);
        assertThat(first.getSpec().getReason()).isEqualTo("first release");
        assertThat(first.getStatus().getSteps()).extracting(ReleaseStep::getName)
                .containsExactly(StepName.PRE_HOOK, StepName.ROLLOUT, StepName.POST_HOOK);
        assertThat(first.getStatus().getSteps()).extracting(ReleaseStep::getPhase).containsOnly(StepPhase.Complete);
        assertThat(first.getStatus().getSteps()).extracting(ReleaseStep::getJob)
                .containsExactly("billing-1-pre-1", null, "billing-1-post-1");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            App app = client.resources(App.class).withName("billing").get();
            assertThat(app.getStatus().getPhase()).isEqualTo(AppPhase.Ready);
            assertThat(app.getStatus().getCurrentRelease()).isEqualTo("billing-1");
            assertThat(app.getStatus().getLatestRevision()).isEqualTo(1L);
        });
        Deployment deployment = client.apps().deployments().withName("billing").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/billing:1.0");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort())
                .isEqualTo(9000);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("App"));
        Service service = client.services().withName("billing").get();
        assertThat(service.getSpec().getSelector()).containsEntry(Labels.ROLE, Labels.WEB);
        Job pre = client.batch().v1().jobs().withName("billing-1-pre-1").get();
        assertThat(pre.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()).containsExactly("bin/check");

        // When the image changes
        edit(client, "billing", a -> {
            a.getSpec().setImage("registry.example.com/billing:1.1");
            return a;
        });

        // Then revision 2 is made for the config change and replaces revision 1
        Release second = awaitPhase(client, "billing-2", ReleasePhase.Complete);
        assertThat(second.getSpec().getReason()).isEqualTo("config change");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.resources(App.class).withName("billing").get().getStatus().getCurrentRelease())
                    .isEqualTo("billing-2");
            assertThat(client.pods().withLabel(Labels.APP, "billing").withLabel(Labels.ROLE, Labels.WEB).list().getItems())
                    .hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(Labels.REVISION, "2"));
        });
    }

    @Test
    void replicasChangeScalesWithoutARelease(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: scaled}
                spec: {image: registry.example.com/scaled:1, replicas: 1}
                """);
        awaitPhase(client, "scaled-1", ReleasePhase.Complete);

        edit(client, "scaled", a -> {
            a.getSpec().setReplicas(3);
            return a;
        });

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.apps().deployments().withName("scaled").get()
                .getStatus().getAvailableReplicas()).isEqualTo(3));
        assertThat(client.resources(Release.class).withLabel(Labels.APP, "scaled").list().getItems()).hasSize(1);
    }
}
